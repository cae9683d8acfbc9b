// `/docs` and its assets in-process: a strict CSP with no other origin, no token needed,
// content-hashed asset names cached for a year, gzip for clients that accept it, and a plain
// page pointing at /openapi.json when the renderer is not installed.

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { createApp } from "../../src/app.ts";
import { docsRoutes } from "../../src/http/docs-page.ts";
import { docsAssetsLoader, REFERENCE_BUNDLE_PATH } from "../../src/http/docs-assets.ts";

const native = {
  abiVersion: 1,
  selfTest: () => ({ ok: true, code: 0, message: "success" }),
  nativeStats: () => [],
  liveHandleCount: () => 0,
};
const bundleFile = new URL(`../../${REFERENCE_BUNDLE_PATH}`, import.meta.url);

/** Every source of every directive: only this origin, inline styles and data: images and fonts. */
function assertNoOtherOrigin(csp: string): void {
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...v]) => [name, v]));
  assert.deepEqual(directives.get("default-src"), ["'none'"]);
  assert.deepEqual(directives.get("script-src"), ["'self'"], "no inline or remote script");
  assert.deepEqual(directives.get("connect-src"), ["'self'"]);
  assert.deepEqual(directives.get("frame-ancestors"), ["'none'"]);
  for (const [name, sources] of directives) {
    for (const source of sources) {
      const allowed = ["'self'", "'none'"].includes(source) ||
        (source === "'unsafe-inline'" && name === "style-src") ||
        (source === "data:" && ["img-src", "font-src"].includes(name));
      assert.ok(allowed, `${name} ${source}`);
    }
  }
}

test("/docs: strict CSP, no token, hashed assets cached for a year and gzip-encoded on request", async () => {
  const app = createApp({ native });
  const page = await app.request("/docs");
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(page.headers.get("cache-control"), "no-cache");
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  assertNoOtherOrigin(page.headers.get("content-security-policy") ?? "");
  const html = await page.text();
  assert.doesNotMatch(html, /<script>|<script [^>]*src="(?!\/docs\/assets\/)/, "only the two local script files");
  const assets = [...html.matchAll(/<script src="(\/docs\/assets\/[a-z]+\.[0-9a-f]{16}\.js)"><\/script>/g)].map((m) =>
    m[1] ?? ""
  );
  assert.equal(assets.length, 2, html);
  const [bundlePath = "", startPath = ""] = assets;

  const plain = await app.request(bundlePath);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(plain.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(plain.headers.get("content-encoding"), null);
  const bytes = new Uint8Array(await plain.arrayBuffer());
  assert.deepEqual(bytes, new Uint8Array(readFileSync(bundleFile)), "the pinned package's bundle, unchanged");

  const zipped = await app.request(bundlePath, { headers: { "accept-encoding": "gzip, br" } });
  assert.equal(zipped.headers.get("content-encoding"), "gzip");
  assert.equal(zipped.headers.get("vary"), "accept-encoding");
  const compressed = new Uint8Array(await zipped.arrayBuffer());
  assert.ok(compressed.length < bytes.length / 2);
  assert.deepEqual(new Uint8Array(gunzipSync(compressed)), bytes);

  const etag = plain.headers.get("etag") ?? "";
  assert.match(etag, /^"[0-9a-f]{64}"$/);
  const revalidated = await app.request(bundlePath, { headers: { "if-none-match": etag } });
  assert.equal(revalidated.status, 304);

  const start = await (await app.request(startPath)).text();
  assert.match(start, /^Scalar\.createApiReference\("#reference"/);
  assert.match(start, /"url":"\/openapi\.json"/, "the same document clients are generated from");
  assert.match(start, /"withDefaultFonts":false/, "system fonts, no font CDN");

  const unknown = await app.request(bundlePath.replace(/\.[0-9a-f]{16}\./, ".0000000000000000."));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.headers.get("content-type"), "application/problem+json");
});

test("/docs without the renderer installed says so and points at /openapi.json", async () => {
  const routes = docsRoutes(docsAssetsLoader(new URL("./no-such-bundle.js", import.meta.url)));
  const page = await routes.request("/docs");
  assert.equal(page.status, 503);
  assertNoOtherOrigin(page.headers.get("content-security-policy") ?? "");
  assert.match(await page.text(), /href="\/openapi\.json"/);
  assert.equal((await routes.request("/docs/assets/reference.0000000000000000.js")).status, 404);
});
