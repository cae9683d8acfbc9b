/**
 * Handlers of the health endpoints: liveness (`/healthz`) and readiness (`/readyz`).
 *
 * @module
 */

import type { Context } from "hono";
import { problemResponse } from "../../http/problem.ts";
import {
  checkReadiness,
  type DatabaseStatus,
  type KeyBindingStatus,
  type KeystoreStatus,
  type NativeStatus,
  type TlsReport,
} from "../../services/readiness.ts";
import type { Clock } from "../../common/clock.ts";
import type { HealthBody, ReadyBody } from "./health.schemas.ts";

/** Liveness: answers while the process serves requests; checks nothing else. */
export function healthz(c: Context): Response {
  const body: HealthBody = { status: "ok" };
  return c.json(body, 200);
}

/** Builds the readiness handler: 200 after passing self-tests with a reachable keystore, 503 problem otherwise. */
export function readyz(
  native: NativeStatus,
  clock: Clock,
  keystore?: KeystoreStatus,
  database?: DatabaseStatus,
  keyBindings?: KeyBindingStatus,
  tls?: TlsReport,
): (c: Context) => Promise<Response> {
  return async (c) => {
    const { ready, ...checked } = await checkReadiness(native, clock, keystore, database, keyBindings);
    const report = tls === undefined ? checked : { ...checked, tls };
    if (ready) {
      const body: ReadyBody = { status: "ready", ...report };
      return c.json(body, 200);
    }
    const detail = !report.selfTest.ok
      ? "The native library failed its power-on self-tests and refuses all cryptography."
      : report.keystore?.reachable === false
      ? "The keystore device does not answer; keys cannot be used until it is back."
      : report.database?.reachable === false
      ? "The database does not answer; keys cannot be used until it is back."
      : "Key bindings cannot be checked (the key-binding key is missing or does not open); see the operator log.";
    return problemResponse(c, "not-ready", detail, { extensions: report, retryAfterSeconds: 30 });
  };
}
