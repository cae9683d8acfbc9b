/**
 * `createApp(deps)`: the whole HTTP service as a Hono app built from injected
 * dependencies. Nothing is created on import, so tests build as many apps as they like,
 * each with its own fakes, and the runtime entry points (`serve/deno.ts`, `serve/bun.ts`)
 * stay a few lines.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { docsRoutes } from "./http/docs-page.ts";
import type { AuthEnv } from "./http/auth.ts";
import { auditedBearerAuth, type AuditEnv, auditTrail } from "./http/audit-middleware.ts";
import { readBody } from "./http/read-body.ts";
import { keyRoutes } from "./routes/keys/keys.routes.ts";
import { type RootKeyAdmin, rootKeyRoutes } from "./routes/root-key/root-key.routes.ts";
import { tokenRoutes } from "./routes/tokens/tokens.routes.ts";
import { auditRoutes } from "./routes/audit/audit.routes.ts";
import type { AuditService } from "./services/audit/audit-service.ts";
import { sessionRoutes } from "./routes/sessions/sessions.routes.ts";
import { dataKeyRoutes } from "./routes/data-keys/data-keys.routes.ts";
import { encryptionRoutes } from "./routes/encryption/encryption.routes.ts";
import { macRoutes } from "./routes/macs/macs.routes.ts";
import type { SessionService } from "./services/sessions/session-service.ts";
import { syncRoutes } from "./routes/sync/sync.routes.ts";
import type { SyncService } from "./services/sync/sync-service.ts";
import type { DataKeyService } from "./services/data-keys/data-key-service.ts";
import type { EncryptionService } from "./services/encryption/encryption-service.ts";
import type { HpkeService } from "./services/encryption/hpke-service.ts";
import type { ImportService } from "./services/keys/wrapped-import.ts";
import type { MacService } from "./services/macs/mac-service.ts";
import type { RateLimiter } from "./services/auth/rate-limiter.ts";
import type { TokenService } from "./services/auth/token-service.ts";
import type { KeyService } from "./services/keys/key-service.ts";
import { consoleErrorLog, errorHandler, type ErrorLog, routeNotFound } from "./http/errors.ts";
import { healthOperations, healthRoutes } from "./routes/health/health.routes.ts";
import { VERSION } from "./build-info.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./http/metrics.ts";
import { observeRequests } from "./http/request-log.ts";
import { metricsOperation, metricsRoutes } from "./routes/metrics/metrics.routes.ts";
import type {
  CacheStatus,
  DatabaseStatus,
  KeyBindingStatus,
  KeystoreStatus,
  NativeStatus,
  TlsReport,
} from "./services/readiness.ts";
import type { NativeCounters } from "./services/native-counters.ts";
import { type Clock, systemClock } from "./common/clock.ts";

export type { DatabaseStatus, KeystoreStatus, NativeStatus, SelfTestResult } from "./services/readiness.ts";
export type { NativeCounters } from "./services/native-counters.ts";
export type { Clock } from "./common/clock.ts";
export type { ErrorLog } from "./http/errors.ts";

/** The app's dependencies. */
export interface AppDeps {
  /** The native binding (`loadPqgate()`), or any object with its status and counters surface. */
  readonly native: NativeStatus & NativeCounters;
  /** The open keystore (`Pqgate.openKeystore`); readiness requires it to answer. */
  readonly keystore?: KeystoreStatus;
  /** The database; readiness requires it to answer. */
  readonly database?: DatabaseStatus;
  /** The key bindings (`KeyService.bindings`); readiness requires them to be checkable. */
  readonly keyBindings?: KeyBindingStatus;
  /** How the server is reached, for `/readyz` (`serve/tls.ts`); absent in in-process tests. */
  readonly tls?: TlsReport;
  /** The read-path caches (`Services.caches`), for `/metrics`. */
  readonly caches?: CacheStatus;
  /** Time source; the system clock by default. */
  readonly clock?: Clock;
  /** Where internal faults are logged; stderr by default. */
  readonly log?: ErrorLog;
  /** The `/v1` API; without it only health and docs are served. */
  readonly api?: ApiDeps;
  /** Request logs and `/metrics`; neither without it. */
  readonly ops?: OpsDeps;
}

/** Observability: one log line and metrics per request, and `GET /metrics`. */
export interface OpsDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Bearer token `/metrics` requires (`PQGATE_METRICS_TOKEN_FILE`). */
  readonly metricsToken?: Uint8Array | undefined;
  /** Serve `/metrics` without a token (`PQGATE_METRICS_OPEN`); otherwise, with no token, every scrape is refused. */
  readonly metricsOpen?: boolean | undefined;
}

/** What the authenticated `/v1` API needs. */
export interface ApiDeps {
  readonly keys: KeyService;
  readonly tokens: TokenService;
  readonly limiter: RateLimiter;
  /** Per-client-address limit of requests without a valid token (before they reach the audit chain). */
  readonly anonymousLimiter: RateLimiter;
  /** The audit trail every `/v1` request is recorded in. */
  readonly audit: AuditService;
  /** Answer as if recorded when the audit record cannot be stored (`PQGATE_AUDIT_FAIL_OPEN`); else 503. */
  readonly auditFailOpen?: boolean;
  /** Post-quantum session keys (`/v1/sessions`); not mounted without it. */
  readonly sessions?: SessionService;
  /** Envelope encryption (`/v1/keys/{name}/data-key`); not mounted without it. */
  readonly dataKeys?: DataKeyService;
  /** Encryption under named symmetric keys (`/v1/keys/{name}/encrypt`, …); not mounted without it. */
  readonly encryption?: EncryptionService;
  /** Key import: wrapped (`/v1/keys/import-params`, `/v1/keys/import`) and, if allowed, plaintext. */
  readonly imports: ImportService;
  /** HPKE under named KEM keys on the same routes (`/v1/keys/{name}/encrypt`, …); needs `encryption`. */
  readonly hpke?: HpkeService;
  /** MACs under named HMAC keys (`/v1/keys/{name}/hmac`, …); not mounted without it. */
  readonly macs?: MacService;
  /** Root-key rotation over the stored envelopes (`/v1/keystore/root/*`); not mounted without it. */
  readonly rootKey?: RootKeyAdmin;
  /** Multi-device key sync (`/v1/sync`); not mounted without it. */
  readonly sync?: SyncService;
  /** Largest request body, in bytes (default 2 MiB). */
  readonly maxBodyBytes?: number;
}

/** Requests larger than this are refused before their body is read. */
export const DEFAULT_MAX_BODY_BYTES = 2 << 20;

function v1Routes(api: ApiDeps, log: ErrorLog): OpenAPIHono<AuthEnv & AuditEnv> {
  const maxSize = api.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const v1 = new OpenAPIHono<AuthEnv & AuditEnv>();
  // First, so that requests refused by the body limit or authentication are recorded too.
  v1.use(
    "/v1/*",
    auditTrail(api.audit, log, { anonymousLimiter: api.anonymousLimiter, failOpen: api.auditFailOpen ?? false }),
  );
  v1.use("/v1/*", readBody(maxSize));
  v1.use("/v1/*", auditedBearerAuth(api.tokens, api.limiter));
  v1.route("/", keyRoutes(api.keys, api.imports));
  v1.route("/", tokenRoutes(api.tokens));
  v1.route("/", auditRoutes(api.audit));
  if (api.sessions !== undefined) v1.route("/", sessionRoutes(api.sessions));
  if (api.dataKeys !== undefined) v1.route("/", dataKeyRoutes(api.dataKeys));
  if (api.encryption !== undefined) v1.route("/", encryptionRoutes(api.encryption, api.hpke));
  if (api.macs !== undefined) v1.route("/", macRoutes(api.macs));
  if (api.rootKey !== undefined) v1.route("/", rootKeyRoutes(api.rootKey));
  if (api.sync !== undefined) v1.route("/", syncRoutes(api.sync));
  return v1;
}

/** Builds the HTTP app. */
export function createApp(deps: AppDeps): OpenAPIHono {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? consoleErrorLog;
  const app = new OpenAPIHono();
  const { native, keystore, database, keyBindings, tls, ops } = deps;
  // First, so that every request (unknown routes and refusals included) is counted and logged.
  if (ops !== undefined) app.use("*", observeRequests(ops.metrics, ops.logger));
  app.route("/", healthRoutes({ native, clock, keystore, database, keyBindings, tls }));
  for (const operation of healthOperations) app.openAPIRegistry.registerPath(operation);
  if (ops !== undefined) {
    app.route(
      "/",
      metricsRoutes({
        metrics: ops.metrics,
        token: ops.metricsToken,
        open: ops.metricsOpen ?? false,
        native,
        clock,
        keystore,
        database,
        keyBindings,
        caches: deps.caches,
      }),
    );
    app.openAPIRegistry.registerPath(metricsOperation);
    app.openAPIRegistry.registerComponent("securitySchemes", "metrics", {
      type: "http",
      scheme: "bearer",
      description: "The metrics token (PQGATE_METRICS_TOKEN_FILE), not an API token",
    });
  }
  if (deps.api !== undefined) app.route("/", v1Routes(deps.api, log));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "pqgate", version: VERSION, description: "Post-quantum keys without handing out private keys." },
  });
  app.route("/", docsRoutes());
  app.notFound(routeNotFound(() => app.routes));
  app.onError(errorHandler(log));
  return app;
}
