/**
 * Routes of the health feature.
 *
 * @module
 */

import { Hono } from "hono";
import type { RouteConfig } from "@hono/zod-openapi";
import { problemResponsesOf } from "../../http/openapi.ts";
import { HealthBody, ReadyBody } from "./health.schemas.ts";
import type {
  DatabaseStatus,
  KeyBindingStatus,
  KeystoreStatus,
  NativeStatus,
  TlsReport,
} from "../../services/readiness.ts";
import type { Clock } from "../../common/clock.ts";
import { healthz, readyz } from "./health.handlers.ts";

/** What the health routes need. */
export interface HealthDeps {
  readonly native: NativeStatus;
  readonly clock: Clock;
  readonly keystore?: KeystoreStatus | undefined;
  readonly database?: DatabaseStatus | undefined;
  readonly keyBindings?: KeyBindingStatus | undefined;
  /** How the server is reached; set by `src/serve/`. */
  readonly tls?: TlsReport | undefined;
}

/** `GET /healthz` and `GET /readyz`. */
export function healthRoutes(deps: HealthDeps): Hono {
  return new Hono()
    .get("/healthz", healthz)
    .get("/readyz", readyz(deps.native, deps.clock, deps.keystore, deps.database, deps.keyBindings, deps.tls));
}

/** `/healthz` and `/readyz` in the OpenAPI document (they are plain routes, outside `/v1`). */
export const healthOperations: readonly RouteConfig[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "healthz",
    tags: ["operations"],
    summary: "Liveness: the process answers (checks nothing else)",
    responses: {
      200: { description: "Alive", content: { "application/json": { schema: HealthBody } } },
      ...problemResponsesOf(["internal"]),
    },
  },
  {
    method: "get",
    path: "/readyz",
    operationId: "readyz",
    tags: ["operations"],
    summary: "Readiness: native self-tests passed, keystore, database and key bindings answer",
    description: "Not ready: a 503 `not-ready` problem whose extension members are the same report as the 200 body.",
    responses: {
      200: { description: "Ready", content: { "application/json": { schema: ReadyBody } } },
      ...problemResponsesOf(["not-ready", "internal"]),
    },
  },
];
