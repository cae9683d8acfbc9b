/**
 * `GET /docs`: the API reference, rendered in the browser from `/openapi.json` (the same
 * document clients are generated from) by the pinned renderer the gateway serves itself
 * (`docs-assets.ts`). No token is needed to read it, and the page loads nothing from any
 * other origin: its Content-Security-Policy allows only this one.
 *
 * @module
 */

import { Hono } from "hono";
import type { Context } from "hono";
import { type DocsAsset, docsAssetsLoader } from "./docs-assets.ts";

/**
 * The page's policy: scripts, data and images from this origin only. Styles also allow inline
 * `<style>` elements, which the renderer inserts at run time (it ships its CSS inside the
 * bundle); no inline script is needed, the start script is a file of its own.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": DOCS_CSP,
  // Small, and names the current asset hashes: always revalidated.
  "cache-control": "no-cache",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const NOSCRIPT = `<noscript>The reference needs JavaScript; the machine-readable document is
<a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>`;

function page(bundle: string, start: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pqgate API reference</title></head>
<body>${NOSCRIPT}
<div id="reference"></div>
<script src="${bundle}"></script>
<script src="${start}"></script>
</body></html>`;
}

const MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pqgate API reference</title></head>
<body><p>The API reference renderer is not installed with this gateway (<code>npm ci</code> installs
<code>@scalar/api-reference</code>). The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>`;

function serveAsset(c: Context, asset: DocsAsset): Response {
  const headers: Record<string, string> = {
    "content-type": "text/javascript; charset=utf-8",
    // The name carries the content hash: a new renderer or configuration is a new URL.
    "cache-control": "public, max-age=31536000, immutable",
    etag: asset.etag,
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
  };
  if (c.req.header("if-none-match") === asset.etag) return new Response(null, { status: 304, headers });
  const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
  if (gzip) headers["content-encoding"] = "gzip";
  return new Response(gzip ? asset.gzip : asset.body, { headers });
}

/** `/docs` and its static assets. */
export function docsRoutes(load: ReturnType<typeof docsAssetsLoader> = docsAssetsLoader()): Hono {
  const routes = new Hono();
  routes.get("/docs", async () => {
    const assets = await load();
    if (assets === undefined) return new Response(MISSING, { status: 503, headers: PAGE_HEADERS });
    return new Response(page(assets.bundle.path, assets.start.path), { headers: PAGE_HEADERS });
  });
  routes.get("/docs/assets/:file", async (c) => {
    const assets = await load();
    const asset = [assets?.bundle, assets?.start].find((a) => a?.path === c.req.path);
    return asset === undefined ? c.notFound() : serveAsset(c, asset);
  });
  return routes;
}
