/**
 * `GET /metrics`: this process's Prometheus metrics, plus what is read at scrape time: gauges
 * from the readiness checks (native self-test, keystore, database) and the build, and the
 * native library's own counters (calls of every export by status, time spent in each, live
 * handles).
 *
 * Closed by default: a scrape needs `Authorization: Bearer <the content of
 * PQGATE_METRICS_TOKEN_FILE>` (Prometheus `authorization.credentials_file`), and with no token
 * file every scrape is refused. The metrics carry route templates, counts, states, the build
 * and runtime versions, never key names, tokens or payloads, yet they describe the deployment
 * and its traffic to anyone who can reach the port (the container listens on 0.0.0.0).
 * `PQGATE_METRICS_OPEN=true` serves them without a token, for a port only the scraper reaches.
 *
 * @module
 */

import { Hono } from "hono";
import type { RouteConfig } from "@hono/zod-openapi";
import { problemResponsesOf } from "../../http/openapi.ts";
import { runtimeInfo, VERSION } from "../../build-info.ts";
import type { Metrics, ScrapeSample } from "../../http/metrics.ts";
import { problemResponse } from "../../http/problem.ts";
import {
  type CacheStatus,
  checkReadiness,
  type DatabaseStatus,
  type KeyBindingStatus,
  type KeystoreStatus,
  type NativeStatus,
  type ReadinessReport,
} from "../../services/readiness.ts";
import type { NativeCounters } from "../../services/native-counters.ts";
import type { Clock } from "../../common/clock.ts";
import { secretsEqual } from "../../services/constant-time.ts";

/** What the metrics route needs. */
export interface MetricsDeps {
  readonly metrics: Metrics;
  /** The bearer token a scrape must present. */
  readonly token?: Uint8Array | undefined;
  /** With no `token`: serve scrapes without one (true) or refuse them all (false, the default). */
  readonly open?: boolean | undefined;
  readonly native: NativeStatus & NativeCounters;
  readonly clock: Clock;
  readonly keystore?: KeystoreStatus | undefined;
  readonly database?: DatabaseStatus | undefined;
  readonly keyBindings?: KeyBindingStatus | undefined;
  readonly caches?: CacheStatus | undefined;
}

/** The Prometheus text media type. */
export const METRICS_MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** `GET /metrics`. */
export function metricsRoutes(deps: MetricsDeps): Hono {
  return new Hono().get("/metrics", async (c) => {
    const allowed = deps.token === undefined ? deps.open === true : presents(c.req.header("authorization"), deps.token);
    if (!allowed) {
      return problemResponse(c, "unauthorized", "This endpoint needs the metrics bearer token.", {
        headers: { "www-authenticate": "Bearer" },
      });
    }
    const report = await checkReadiness(deps.native, deps.clock, deps.keystore, deps.database, deps.keyBindings);
    const samples = [...gauges(report), ...nativeCounters(deps.native)];
    if (deps.caches !== undefined) {
      samples.push({
        name: "pqgate_cache_listening",
        help:
          "1 while the database's change feed is subscribed; 0: every request reads the database (docs/SCALING.md).",
        value: deps.caches.listening ? 1 : 0,
      });
    }
    const transactions = deps.database?.transactions?.();
    if (transactions !== undefined) {
      samples.push({
        name: "pqgate_database_transactions",
        help: "Transactions this process ran on the embedded database since it started (a lone statement is one).",
        value: transactions,
      });
    }
    return c.body(deps.metrics.render(samples), 200, { "content-type": METRICS_MEDIA_TYPE });
  });
}

function gauges(report: ReadinessReport): ScrapeSample[] {
  const { runtime, version } = runtimeInfo();
  const out: ScrapeSample[] = [
    {
      name: "pqgate_build_info",
      help: "Gateway version, native ABI version and runtime (always 1).",
      labels: { version: VERSION, abi_version: String(report.abiVersion), runtime, runtime_version: version },
      value: 1,
    },
    {
      name: "pqgate_self_test_ok",
      help: "1 when the native power-on self-tests passed; 0 means every operation is refused.",
      value: report.selfTest.ok ? 1 : 0,
    },
    { name: "pqgate_ready", help: "1 when /readyz answers 200.", value: report.ready ? 1 : 0 },
  ];
  if (report.keystore !== undefined) {
    const { backend, protection, reachable } = report.keystore;
    out.push({
      name: "pqgate_keystore_up",
      help: "1 when the keystore device answers.",
      labels: { backend, protection },
      value: reachable ? 1 : 0,
    });
  }
  if (report.database !== undefined) {
    out.push({ name: "pqgate_database_up", help: "1 when the database answers.", value: +report.database.reachable });
  }
  return out;
}

/**
 * The native library's counters, read once per scrape: every export's successful calls (zero
 * included, so each series exists from the first scrape) and its failures by status, the
 * seconds spent in each export, and the live handles.
 */
function nativeCounters(native: NativeCounters): ScrapeSample[] {
  const stats = native.nativeStats();
  const calls: ScrapeSample[] = stats.flatMap(({ op, calls }) =>
    Object.entries({ OK: 0, ...calls }).map(([status, value]) => ({
      name: "pqgate_native_calls_total",
      help: "Calls of each native library export, by the status it returned.",
      type: "counter" as const,
      labels: { op, status: status.toLowerCase() },
      value,
    }))
  );
  const seconds: ScrapeSample[] = stats.map(({ op, nanoseconds }) => ({
    name: "pqgate_native_seconds_total",
    help: "Time spent inside each native library export (monotonic clock), summed over its calls.",
    type: "counter",
    labels: { op },
    value: nanoseconds / 1e9,
  }));
  const live = {
    name: "pqgate_native_live_handles",
    help: "Live handles in the native library: keys and keystores.",
    value: native.liveHandleCount(),
  };
  return [...calls, ...seconds, live];
}

/** Whether `header` is `Bearer <token>`, compared in constant time (the token's length included). */
function presents(header: string | undefined, token: Uint8Array): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? "");
  return match?.[1] !== undefined && secretsEqual(new TextEncoder().encode(match[1]), token);
}

/** `/metrics` in the OpenAPI document. */
export const metricsOperation: RouteConfig = {
  method: "get",
  path: "/metrics",
  operationId: "metrics",
  tags: ["operations"],
  summary: "Prometheus metrics (bearer: the content of PQGATE_METRICS_TOKEN_FILE, unless PQGATE_METRICS_OPEN)",
  security: [{ metrics: [] }, {}],
  responses: {
    200: {
      description: "Prometheus text exposition format 0.0.4",
      content: { [METRICS_MEDIA_TYPE]: { schema: { type: "string" } } },
    },
    ...problemResponsesOf(["unauthorized", "internal"]),
  },
};
