/**
 * The outermost middleware: gives each request its id (echoed in `x-request-id`), then, when
 * the response is ready, counts it in the metrics and writes one log line: time, level,
 * request id, method, route template, status (or `outcome: "client-closed"` when the client left
 * before its answer was ready: `client-closed.ts`), duration and problem type. Never bodies,
 * headers, query strings or paths (a path may carry a key name): the route template stands in.
 *
 * Probes (`/healthz`, `/readyz`, `/metrics`) are logged at `debug`, so a load balancer polling
 * every second does not drown the requests; 5xx responses at `error`.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import type { ErrorLog } from "./errors.ts";
import type { Logger } from "../logger.ts";
import { CLIENT_CLOSED, clientClosed, watchConnection } from "./client-closed.ts";
import type { Metrics, RequestSample } from "./metrics.ts";
import { answeredProblem } from "./problem.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";
import { matchedHandler } from "./route-template.ts";

/** The Hono environment of observed requests. */
export interface RequestIdEnv {
  Variables: { requestId: string };
}

const PROBES: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

/** Observes every request it guards; mount first. */
export function observeRequests(metrics: Metrics, logger: Logger): MiddlewareHandler<RequestIdEnv> {
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    watchConnection(c);
    const began = performance.now();
    metrics.started();
    let status: RequestSample["status"] = 500;
    let problem: string | undefined = "internal";
    try {
      await next();
      c.header(REQUEST_ID_HEADER, requestId);
      status = clientClosed(c) ? CLIENT_CLOSED : c.res.status;
      problem = status !== CLIENT_CLOSED && status >= 400 ? (answeredProblem(c) ?? "error") : undefined;
    } finally {
      const seconds = (performance.now() - began) / 1000;
      const route = matchedHandler(c)?.template ?? "unmatched";
      metrics.finished({ method: c.req.method, route, status, seconds, problem });
      const level = status !== CLIENT_CLOSED && status >= 500 ? "error" : PROBES.has(route) ? "debug" : "info";
      logger[level]("request", {
        requestId,
        method: c.req.method,
        route,
        // No status was sent to a client that left: the line says so instead of inventing one.
        ...(status === CLIENT_CLOSED ? { outcome: CLIENT_CLOSED } : { status }),
        durationMs: Math.round(seconds * 1e4) / 10,
        ...(problem === undefined ? {} : { problem }),
      });
    }
  };
}

/** The app's {@link ErrorLog} as structured lines (internal faults, failed audit writes). */
export function errorLogTo(logger: Logger): ErrorLog {
  return { error: (message, fields) => logger.error(message, fields) };
}
