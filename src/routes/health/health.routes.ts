/**
 * Routes of the health feature.
 *
 * @module
 */

import { Hono } from "hono";
import type { DatabaseStatus, KeyBindingStatus, KeystoreStatus, NativeStatus } from "../../services/readiness.ts";
import type { Clock } from "../../common/clock.ts";
import { healthz, readyz } from "./health.handlers.ts";

/** What the health routes need. */
export interface HealthDeps {
  readonly native: NativeStatus;
  readonly clock: Clock;
  readonly keystore?: KeystoreStatus | undefined;
  readonly database?: DatabaseStatus | undefined;
  readonly keyBindings?: KeyBindingStatus | undefined;
}

/** `GET /healthz` and `GET /readyz`. */
export function healthRoutes(deps: HealthDeps): Hono {
  return new Hono()
    .get("/healthz", healthz)
    .get("/readyz", readyz(deps.native, deps.clock, deps.keystore, deps.database, deps.keyBindings));
}
