// The hot path (issue 17): sign over HTTP at 32 clients on the embedded default (PGlite, one
// process) and on PostgreSQL (one process per core), on Deno and Bun, each row with gateway CPU
// per request (/proc/<pid>/stat of the server processes over the load window), database
// transactions per request (PostgreSQL: pg_stat_database; PGlite: counted by the driver and read
// from /metrics), p99 at half the peak rate, and the audit trail's cost (fail-closed against
// fail-open, same run). An OpenBao Transit row when OPENBAO_ADDR is set. Short by design (the
// machine is shared): HOT_SECONDS (default 8, at most 20) per row.
//
//   node_modules/.bin/deno run -A bench/http/hot-path.ts     (HOT_RUNTIMES=deno,bun HOT_WRITE=1)
//
// Prints the Markdown section (figures and the issue's targets with verdicts); HOT_WRITE=1 also
// writes it to bench/report/hot-path.md and between the hot-path markers of bench/RESULTS.md.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../scripts/dev/local-gateway.ts";
import { Postgres, processTempDir } from "../../test/support/postgres.ts";
import { finishedTransactions } from "../profile/pg-transactions.ts";
import { treeCpuSeconds } from "../profile/proc-cpu.ts";
import { embeddedGatewayEnv, gatewayEnv } from "./gateway-env.ts";
import type { LoadResult } from "./load.ts";
import { openBaoSignRequests, openBaoTarget } from "./openbao.ts";
import { load } from "./run.ts";
import { createKeys, prepare } from "./scenarios.ts";
import { allCores, type Runtime, startGateway } from "./servers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SECONDS = Math.min(20, Number(process.env.HOT_SECONDS ?? 8));
const PACED_SECONDS = Math.min(20, Math.max(3, SECONDS / 2));
const WARM_UP_MS = 1_500;
const CONCURRENCY = 32;
const RUNTIMES = (process.env.HOT_RUNTIMES ?? "deno,bun").split(",") as Runtime[];
/** Native times (µs) of the bounding operations, from the last full run (bench/results.json). */
const NATIVE_US = nativeTimes();
const log = (line: string): void => void process.stderr.write(`[hot-path] ${line}\n`);

interface Row {
  readonly runtime: string;
  readonly database: "PGlite" | "PostgreSQL" | "OpenBao Transit";
  readonly processes: number;
  readonly scenario: string;
  readonly result: LoadResult;
  readonly cpuUsPerRequest: number | null;
  readonly transactionsPerRequest: number | null;
  readonly pacedP99Ms: number | null;
  readonly failOpenRps: number | null;
  /** The same gateway signing on its event loop (`PQGATE_NATIVE_THREADS=0`). */
  readonly onLoopRps: number | null;
}

/**
 * The gateways a row compares: as configured by default; with the audit trail fail-open
 * (ML-DSA-65 only: the audit's cost does not depend on the algorithm); and, for a lone process
 * (which signs ML-DSA on a thread per core by default), signing on its event loop (ML-DSA-65
 * only: Ed25519 is signed on the event loop either way).
 */
type Variant = "default" | "fail-open" | "on-loop";

function nativeTimes(): Record<string, number> {
  try {
    const results = JSON.parse(readFileSync(`${ROOT}bench/results.json`, "utf8")) as {
      results: { native: Record<string, number> };
    };
    return Object.fromEntries(Object.entries(results.results.native).map(([k, ns]) => [k, ns / 1000]));
  } catch {
    return {};
  }
}

/** Transactions the embedded database ran, from the gateway's /metrics (the scrape's own ping is one). */
async function pgliteTransactions(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("pqgate_database_transactions "));
  if (line === undefined) throw new Error("the gateway reports no pqgate_database_transactions");
  return Number(line.split(" ")[1]);
}

async function measureGateway(runtime: Runtime, database: "PGlite" | "PostgreSQL", pg: Postgres | undefined) {
  const rows: Row[] = [];
  const processes = pg === undefined ? 1 : allCores();
  const variants: Variant[] = processes === 1 ? ["default", "fail-open", "on-loop"] : ["default", "fail-open"];
  for (const variant of variants) {
    const dir = processTempDir("pqgate-hot-");
    try {
      const { token, env: base } = pg === undefined ? embeddedGatewayEnv(dir) : await gatewayEnv(pg, dir);
      const databaseUrl = base.DATABASE_URL;
      const env = {
        ...base,
        PQGATE_METRICS_OPEN: "true",
        PQGATE_AUDIT_FAIL_OPEN: String(variant === "fail-open"),
        ...(variant === "on-loop" ? { PQGATE_NATIVE_THREADS: "0" } : {}),
      };
      await using gateway = await startGateway(runtime, processes, await freePort(), env);
      await createKeys(gateway.url, token);
      const scenarios = (await prepare(gateway.url, token)).filter((s) => s.name.startsWith("sign "));
      for (const scenario of scenarios) {
        if (variant !== "default" && scenario.ceiling !== "ml-dsa-65/sign") continue;
        const options = { url: gateway.url, token, requests: scenario.requests, concurrency: CONCURRENCY };
        await load({ ...options, durationMs: WARM_UP_MS, maxRequests: 1_000_000 });
        const xact = async () =>
          databaseUrl === undefined
            ? await pgliteTransactions(gateway.url) - 1
            : await finishedTransactions(databaseUrl);
        const [pid] = gateway.pids;
        if (pid === undefined) throw new Error("no gateway pid");
        // PostgreSQL publishes a busy backend's counts at most once a second: let the last ones land.
        const settle = () => new Promise((r) => setTimeout(r, databaseUrl === undefined ? 0 : 1_200));
        await settle();
        const [cpu0, xact0] = [treeCpuSeconds(pid), await xact()];
        const result = await load({ ...options, durationMs: SECONDS * 1000, maxRequests: 10_000_000 });
        const cpu1 = treeCpuSeconds(pid);
        await settle();
        const xact1 = await xact();
        const kinds = Object.entries(result.errorKinds).map(([kind, n]) => `${kind} ×${n}`).join(", ");
        log(
          `${runtime} ${database} ${variant} ${scenario.name}: ${result.rps.toFixed(0)} req/s${
            kinds ? ` (errors: ${kinds})` : ""
          }`,
        );
        if (variant !== "default") {
          const base = rows.find((r) => r.scenario === scenario.name);
          const field = variant === "fail-open" ? "failOpenRps" : "onLoopRps";
          if (base !== undefined) rows[rows.indexOf(base)] = { ...base, [field]: result.rps };
          continue;
        }
        const paced = await load({
          ...options,
          durationMs: PACED_SECONDS * 1000,
          maxRequests: 10_000_000,
          ratePerSecond: Math.max(1, result.rps / 2),
        });
        rows.push({
          runtime,
          database,
          processes,
          scenario: scenario.name,
          result,
          cpuUsPerRequest: ((cpu1 - cpu0) * 1e6) / result.requests,
          // The measuring itself is one transaction on each side on PostgreSQL (its own connection).
          transactionsPerRequest: (xact1 - xact0 - (databaseUrl === undefined ? 0 : 1)) / result.requests,
          pacedP99Ms: paced.p99Ms,
          failOpenRps: null,
          onLoopRps: null,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

async function openBaoRow(): Promise<Row | undefined> {
  const target = openBaoTarget(process.env);
  if (target === undefined) return undefined;
  const requests = await openBaoSignRequests(target);
  const options = { url: target.url, token: target.token, requests, concurrency: CONCURRENCY };
  await load({ ...options, durationMs: WARM_UP_MS, maxRequests: 1_000_000 });
  const result = await load({ ...options, durationMs: SECONDS * 1000, maxRequests: 10_000_000 });
  const paced = await load({
    ...options,
    durationMs: PACED_SECONDS * 1000,
    maxRequests: 10_000_000,
    ratePerSecond: result.rps / 2,
  });
  return {
    runtime: "—",
    database: "OpenBao Transit",
    processes: 0,
    scenario: "sign Ed25519",
    result,
    cpuUsPerRequest: null,
    transactionsPerRequest: null,
    pacedP99Ms: paced.p99Ms,
    failOpenRps: null,
    onLoopRps: null,
  };
}

const BEGIN = "<!-- hot-path:begin (bench/http/hot-path.ts writes this section; bench/report keeps it) -->";
const END = "<!-- hot-path:end -->";

const fixed = (value: number | null, digits: number): string => value === null ? "—" : value.toFixed(digits);

/** The on-loop rate and its ratio to the default, e.g. `900 (×0.81)`. */
function onLoopRate(row: Row): string {
  if (row.onLoopRps === null) return "—";
  return `${row.onLoopRps.toFixed(0)} (×${(row.onLoopRps / row.result.rps).toFixed(2)})`;
}

function markdown(rows: Row[], load1: number, load2: number, seconds: number): string {
  const out = [
    BEGIN,
    "## Hot path (issue 17)",
    "",
    `Written by \`bench/http/hot-path.ts\` on ${new Date().toISOString()} in ${seconds.toFixed(0)} s: ${SECONDS} s per`,
    `row at ${CONCURRENCY} clients (closed loop, after ${
      WARM_UP_MS / 1000
    } s of warm-up), then ${PACED_SECONDS} s paced at half`,
    "that rate for p99. Load average (1 min) at start / end: " +
    `${load1.toFixed(2)} / ${load2.toFixed(2)} on 2 cores shared with other work:`,
    "compare rows of this run with each other, not with other runs. Gateway CPU is the server",
    "processes' user + system time over the window (/proc/<pid>/stat, workers included) per request;",
    "database transactions per request are pg_stat_database's xact_commit + xact_rollback",
    "(PostgreSQL) or the driver's count (`pqgate_database_transactions`, PGlite). Audit is",
    'fail-closed (the default); "fail-open" is the same gateway with PQGATE_AUDIT_FAIL_OPEN=true.',
    "A lone process signs ML-DSA on a worker thread per core by default (PQGATE_NATIVE_THREADS=auto);",
    '"on the event loop" is the same process with PQGATE_NATIVE_THREADS=0.',
    "",
    "| runtime | database | processes | operation | req/s | p50 ms | p99 ms | p99 ms at half rate | errors | gateway CPU µs / request (native µs) | DB transactions / request | fail-open req/s (fail-closed cost) | on the event loop req/s (× the default) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const native = NATIVE_US[row.scenario === "sign Ed25519" ? "ed25519/sign" : "ml-dsa-65/sign"];
    const cost = row.failOpenRps === null
      ? "—"
      : `${row.failOpenRps.toFixed(0)} (${((1 - row.result.rps / row.failOpenRps) * 100).toFixed(1)} %)`;
    out.push(
      `| ${row.runtime} | ${row.database} | ${row.processes || "—"} | ${row.scenario} | ${
        row.result.rps.toFixed(0)
      } | ${fixed(row.result.p50Ms, 2)} | ${fixed(row.result.p99Ms, 2)} | ${
        fixed(row.pacedP99Ms, 2)
      } | ${row.result.errors} | ${
        row.cpuUsPerRequest === null ? "—" : `${row.cpuUsPerRequest.toFixed(0)} (${fixed(native ?? null, 0)})`
      } | ${fixed(row.transactionsPerRequest, 3)} | ${cost} | ${onLoopRate(row)} |`,
    );
  }
  if (!rows.some((r) => r.database === "OpenBao Transit")) {
    out.push("", "No OpenBao Transit row: OPENBAO_ADDR was not set for this run.");
  }
  return out.join("\n");
}

/** The issue's targets with this run's figures and a verdict each. */
function targets(rows: Row[]): string {
  const out = ["", "### Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"];
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const add = (target: string, measured: string, ok: boolean) =>
    out.push(`| ${target} | ${measured} | ${verdict(ok)} |`);
  for (const runtime of RUNTIMES) {
    const of = (database: string, scenario: string) =>
      rows.find((r) => r.runtime === runtime && r.database === database && r.scenario === scenario);
    for (const scenario of ["sign Ed25519", "sign ML-DSA-65"]) {
      const row = of("PGlite", scenario);
      if (row === undefined) continue;
      add(`${runtime}: PGlite ${scenario} ≥ 2,500 req/s`, `${row.result.rps.toFixed(0)} req/s`, row.result.rps >= 2500);
      add(
        `${runtime}: PGlite ${scenario} p99 at half rate < 10 ms`,
        `${fixed(row.pacedP99Ms, 2)} ms`,
        (row.pacedP99Ms ?? Infinity) < 10,
      );
    }
    for (const [scenario, floor] of [["sign ML-DSA-65", 4000], ["sign Ed25519", 6000]] as const) {
      const row = of("PostgreSQL", scenario);
      if (row === undefined) continue;
      add(
        `${runtime}: PostgreSQL ×${row.processes} ${scenario} ≥ ${floor.toLocaleString("en")} req/s`,
        `${row.result.rps.toFixed(0)} req/s`,
        row.result.rps >= floor,
      );
      add(
        `${runtime}: PostgreSQL ${scenario} p99 at half rate < 5 ms`,
        `${fixed(row.pacedP99Ms, 2)} ms`,
        (row.pacedP99Ms ?? Infinity) < 5,
      );
    }
    for (const row of rows.filter((r) => r.runtime === runtime)) {
      const native = NATIVE_US[row.scenario === "sign Ed25519" ? "ed25519/sign" : "ml-dsa-65/sign"];
      if (native !== undefined && row.cpuUsPerRequest !== null) {
        add(
          `${runtime}: ${row.database} ${row.scenario} gateway CPU ≤ native + 150 µs (${(native + 150).toFixed(0)} µs)`,
          `${row.cpuUsPerRequest.toFixed(0)} µs`,
          row.cpuUsPerRequest <= native + 150,
        );
      }
      if (row.transactionsPerRequest !== null) {
        add(
          `${runtime}: ${row.database} ${row.scenario} DB transactions / request ≤ 0.2`,
          row.transactionsPerRequest.toFixed(3),
          row.transactionsPerRequest <= 0.2,
        );
      }
      if (row.onLoopRps !== null) {
        const ratio = row.onLoopRps / row.result.rps;
        add(
          `${runtime}: ${row.database} ${row.scenario} the default (off the event loop) ≥ on it`,
          `on it ×${ratio.toFixed(2)}`,
          ratio <= 1,
        );
      }
      if (row.failOpenRps !== null) {
        const cost = 1 - row.result.rps / row.failOpenRps;
        add(
          `${runtime}: ${row.database} ${row.scenario} fail-closed audit costs ≤ 10 % of throughput`,
          `${(cost * 100).toFixed(1)} %`,
          cost <= 0.1,
        );
      }
    }
  }
  out.push(
    "| flat memory over 10 minutes of load, both runtimes | not measured by this script (bench:all's long run is 90 s; `bench/http/memory.ts`) | not measured |",
  );
  return out.join("\n");
}

const started = Date.now();
const load1 = loadavg()[0] ?? 0;
const rows: Row[] = [];
{
  await using pg = await Postgres.start();
  for (const runtime of RUNTIMES) {
    rows.push(...await measureGateway(runtime, "PGlite", undefined));
    rows.push(...await measureGateway(runtime, "PostgreSQL", pg));
  }
}
const bao = await openBaoRow();
if (bao !== undefined) rows.push(bao);
const section = `${markdown(rows, load1, loadavg()[0] ?? 0, (Date.now() - started) / 1000)}\n${targets(rows)}\n`;
console.log(section);
if (process.env.HOT_WRITE === "1") {
  // bench/report/write.ts appends this file when it renders RESULTS.md again.
  writeFileSync(`${ROOT}bench/report/hot-path.md`, section);
  const path = `${ROOT}bench/RESULTS.md`;
  const text = readFileSync(path, "utf8");
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  writeFileSync(
    path,
    begin >= 0 && end > begin
      ? `${text.slice(0, begin)}${section}${text.slice(end)}`
      : `${text.trimEnd()}\n\n${section}${END}\n`,
  );
  log("bench/RESULTS.md and bench/report/hot-path.md updated");
}
