/**
 * Which route a request matched, as its Hono path template (`/v1/keys/:name/sign`): a label
 * of bounded cardinality for logs, metrics and the audit trail, never the raw path.
 *
 * @module
 */

import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/** The handler route a request matched: its index among the matched routes and its template. */
export function matchedHandler(c: Context): { index: number; template: string } | undefined {
  const routes = matchedRoutes(c);
  // Middleware is registered for ALL methods; the handler's route has its own method.
  const index = routes.findLastIndex((r) => r.method !== "ALL");
  const template = routes[index]?.path;
  return template === undefined ? undefined : { index, template };
}
