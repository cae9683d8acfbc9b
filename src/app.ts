/**
 * `createApp(deps)`: the whole HTTP service as a Hono app built from injected
 * dependencies. Nothing is created on import, so tests build as many apps as they like,
 * each with its own fakes, and the runtime entry points (`serve/deno.ts`, `serve/bun.ts`)
 * stay a few lines.
 *
 * @module
 */

import { Hono } from "hono";
import type { Config } from "./config.ts";
import { consoleErrorLog, errorHandler, type ErrorLog, notFound } from "./http/errors.ts";
import { healthRoutes } from "./routes/health/health.routes.ts";
import { type Clock, type KeystoreStatus, type NativeStatus, systemClock } from "./services/readiness.ts";

export type { Clock, KeystoreStatus, NativeStatus, SelfTestResult } from "./services/readiness.ts";
export type { ErrorLog } from "./http/errors.ts";

/** The app's dependencies. */
export interface AppDeps {
  /** The native binding (`loadPqgate()`), or any object with its status surface. */
  readonly native: NativeStatus;
  /** The open keystore (`Pqgate.openKeystore`); readiness requires it to answer. */
  readonly keystore?: KeystoreStatus;
  /** Time source; the system clock by default. */
  readonly clock?: Clock;
  /** The parsed configuration, for routes that need it (none do yet). */
  readonly config?: Config;
  /** Where internal faults are logged; stderr by default. */
  readonly log?: ErrorLog;
}

/** Builds the HTTP app. */
export function createApp(deps: AppDeps): Hono {
  const clock = deps.clock ?? systemClock;
  const app = new Hono();
  app.route("/", healthRoutes({ native: deps.native, clock, keystore: deps.keystore }));
  app.notFound(notFound);
  app.onError(errorHandler(deps.log ?? consoleErrorLog));
  return app;
}
