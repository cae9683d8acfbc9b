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
