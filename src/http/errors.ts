/**
 * The app's two error paths, `notFound` and `onError`: both answer with problem details.
 * `onError` is the only error handler: domain refusals thrown anywhere below are mapped by
 * `domainProblemResponse`, never by a route.
 *
 * Only errors the HTTP layer raised on purpose (`HTTPException` with a 4xx status) show
 * their message; anything else is an internal fault, logged with an incident id and
 * answered with that id only.
 *
 * @module
 */

import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { domainProblemResponse } from "./domain-problems.ts";
import { problemResponse } from "./problem.ts";

/** Where internal faults are reported (the response never carries them). */
export interface ErrorLog {
  error(message: string, fields: Readonly<Record<string, unknown>>): void;
}

/** The default log: one line on stderr per internal fault. */
export const consoleErrorLog: ErrorLog = {
  error(message, fields) {
    console.error(message, fields);
  },
};

/** Answers unknown routes with a 404 problem. */
export const notFound: NotFoundHandler = (c: Context): Response =>
  problemResponse(c, "not-found", `No route for ${c.req.method} ${c.req.path}.`);

/** A route as Hono lists it (`app.routes`): middleware is listed with method `ALL`. */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

/**
 * Answers unknown routes: 405 with `Allow` when the path is a route's under other methods, else
 * 404. The methods come from the app's own route table (`routes`, read once at the first miss,
 * when every route is registered), so they cannot drift from what is served; `HEAD` is allowed
 * wherever `GET` is, as Hono answers it.
 */
export function routeNotFound(routes: () => readonly RouteEntry[]): NotFoundHandler {
  let table: { pattern: RegExp; method: string }[] | undefined;
  return (c) => {
    table ??= routes().filter((r) => r.method !== "ALL").map((r) => ({
      pattern: routePattern(r.path),
      method: r.method.toUpperCase(),
    }));
    const methods = new Set(table.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    if (methods.size === 0 || methods.has(c.req.method.toUpperCase())) return notFound(c);
    const allow = [...methods].sort().join(", ");
    return problemResponse(c, "method-not-allowed", `${c.req.path} answers ${allow}, not ${c.req.method}.`, {
      headers: { allow },
    });
  };
}

/** A Hono path (`/v1/keys/:name/sign`, `/v1/*`) as an anchored pattern. */
function routePattern(path: string): RegExp {
  const source = path.split("/").map((segment) => {
    if (segment === "*") return ".*";
    if (segment.startsWith(":")) return "[^/]+";
    return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("/");
  return new RegExp(`^${source}$`);
}

/** Builds the `onError` handler reporting internal faults to `log`. */
export function errorHandler(log: ErrorLog): ErrorHandler {
  return (error: Error, c: Context) => {
    const refused = domainProblemResponse(c, error);
    if (refused !== undefined) return refused;
    if (error instanceof HTTPException && error.status < 500) {
      const detail = error.message === "" ? "The request could not be processed." : error.message;
      return problemResponse(c, "http-error", detail, { status: error.status });
    }
    const incident = crypto.randomUUID();
    log.error("internal error", { incident, method: c.req.method, path: c.req.path, error });
    return problemResponse(c, "internal", "The server failed to process the request; report the incident id.", {
      instance: `urn:uuid:${incident}`,
    });
  };
}
