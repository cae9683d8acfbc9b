/**
 * The static files behind `GET /docs`: the pinned API-reference renderer's browser bundle
 * (Scalar's `@scalar/api-reference` standalone build, docs/DEPENDENCIES.md says why) and the
 * few lines that start it. Served by the gateway itself, never from a CDN: edge nodes may be
 * offline, and the page's CSP allows no other origin.
 *
 * The bundle is read from `node_modules` where `npm ci` put it; the container image keeps that
 * one file when it prunes the development dependencies (Dockerfile, stage 2). Each file is
 * named by a hash of its content, so browsers may cache it for a year.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

/** Where `npm ci` puts the renderer's self-contained browser bundle (the Dockerfile keeps this path). */
export const REFERENCE_BUNDLE_PATH = "node_modules/@scalar/api-reference/dist/browser/standalone.js";

/** The bundle's location from this file (`src/http/`), on both runtimes. */
const DEFAULT_BUNDLE = new URL(`../../${REFERENCE_BUNDLE_PATH}`, import.meta.url);

/**
 * How the renderer is configured: the one document the gateway serves, system fonts (no font
 * CDN), curl first among the request examples, and none of the hosted extras (telemetry, the
 * AI agent, the MCP and developer-tools panels, the link out to the hosted API client).
 */
const RENDERER_CONFIG = {
  url: "/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  hideClientButton: true,
  defaultOpenAllTags: true,
  persistAuth: false,
  documentDownloadType: "json",
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  metaData: { title: "pqgate API reference" },
} as const;

// The document names no server (it is the same on every gateway): the examples address the
// gateway serving the page, so that a copied curl line works as it is.
const START_SCRIPT = `Scalar.createApiReference("#reference", Object.assign(${JSON.stringify(RENDERER_CONFIG)}, {
  servers: [{ url: location.origin, description: "This gateway" }],
}));
`;

/** One static file, ready to serve. */
export interface DocsAsset {
  /** The URL path it is served at (`/docs/assets/<name>.<hash>.js`). */
  readonly path: string;
  readonly body: Uint8Array<ArrayBuffer>;
  /** The body gzip-compressed, for clients that accept it. */
  readonly gzip: Uint8Array<ArrayBuffer>;
  /** A strong validator: the hash of the body. */
  readonly etag: string;
}

/** The renderer bundle and its start script. */
export interface DocsAssets {
  readonly bundle: DocsAsset;
  readonly start: DocsAsset;
}

function asset(name: string, body: Uint8Array<ArrayBuffer>): DocsAsset {
  const hash = createHash("sha256").update(body).digest("hex");
  return {
    path: `/docs/assets/${name}.${hash.slice(0, 16)}.js`,
    body,
    gzip: new Uint8Array(gzipSync(body, { level: 9 })),
    etag: `"${hash}"`,
  };
}

/**
 * Reads the assets once, on first use (never on import: most apps built in tests never serve
 * `/docs`). Resolves to `undefined` when the bundle is not installed (`npm ci --omit=dev`
 * outside the image), so that `/docs` can say so instead of failing.
 */
export function docsAssetsLoader(bundle: URL = DEFAULT_BUNDLE): () => Promise<DocsAssets | undefined> {
  let loading: Promise<DocsAssets | undefined> | undefined;
  const load = async (): Promise<DocsAssets | undefined> => {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await readFile(bundle));
    } catch {
      return undefined;
    }
    return { bundle: asset("reference", bytes), start: asset("start", new TextEncoder().encode(START_SCRIPT)) };
  };
  return () => (loading ??= load());
}
