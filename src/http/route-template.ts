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

/**
 * The `:key` parameters of `template` in the `path` it matched, decoded as Hono decodes them.
 * Read by middleware, whose own `c.req.param()` sees its own route's parameters only. Every
 * parameter of this app is a whole segment, so segments line up one to one; a value that
 * does not decode is left out (no sane key name or id contains `%`).
 */
export function pathParams(template: string, path: string): Readonly<Record<string, string>> {
  const names = template.split("/");
  const values = path.split("/");
  const params: Record<string, string> = {};
  if (names.length !== values.length) return params;
  names.forEach((name, i) => {
    const value = values[i];
    if (!name.startsWith(":") || value === undefined) return;
    try {
      params[name.slice(1)] = value.includes("%") ? decodeURIComponent(value) : value;
    } catch {
      // Malformed percent-encoding: not recorded.
    }
  });
  return params;
}
