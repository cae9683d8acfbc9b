/**
 * The address of the peer a request came from, as the runtime's server reports it: Hono passes
 * the server's second `fetch` argument as `c.env`, which is Deno's `ServeHandlerInfo`
 * (`remoteAddr.hostname`) under `Deno.serve(…, app.fetch)` and Bun's `Server`
 * (`requestIP(request).address`) under `Bun.serve({ fetch: app.fetch })`.
 *
 * It is the TCP peer, never a header: `X-Forwarded-For` and `Forwarded` are set by whoever
 * sends the request, so trusting them would let a client choose its own rate-limit bucket.
 * Behind a reverse proxy every client therefore shares the proxy's address (docs/AUDIT.md).
 * Without a server (`app.request` in tests with no env) the address is `unknown`.
 *
 * @module
 */

import type { Context } from "hono";

/** The address used when the runtime reports none. */
export const UNKNOWN_ADDRESS = "unknown";

interface DenoInfo {
  readonly remoteAddr?: { readonly hostname?: unknown };
}

interface BunServer {
  readonly requestIP?: (request: Request) => { readonly address?: unknown } | null;
}

/** The peer address of the request (see the module documentation). */
export function clientAddress(c: Context): string {
  const env = c.env as (DenoInfo & BunServer) | undefined;
  if (env === undefined || env === null || typeof env !== "object") return UNKNOWN_ADDRESS;
  const deno = env.remoteAddr?.hostname;
  if (typeof deno === "string" && deno !== "") return deno;
  if (typeof env.requestIP === "function") {
    const bun = env.requestIP(c.req.raw)?.address;
    if (typeof bun === "string" && bun !== "") return bun;
  }
  return UNKNOWN_ADDRESS;
}
