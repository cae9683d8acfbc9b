// CPU profile of the HTTP sign path (`deno task bench:profile`, `bun run bench:profile`): the
// single-process gateway on PostgreSQL under each runtime's own CPU profiler, ML-DSA-65 sign at
// 8 clients for 10 s, stopped by SIGTERM so the runtime writes the profile on its normal exit.
// Writes bench/PROFILE.md: the profiler's view of the load window, attributed to buckets, and
// CPU time from /proc for the gateway, PostgreSQL, the load generator and the rest of the machine.
// PROFILE_KEEP_DIR=<dir> also keeps the raw profiles (`.cpuprofile` and the runtime's `.md`).

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Postgres } from "../../test/support/postgres.ts";
import { freePort } from "../../test/support/runtime.ts";
import { type CpuProfileJson, parseProfile } from "../profile/cpu-profile.ts";
import { profileMarkdown, type RuntimeProfile } from "../profile/profile-md.ts";
import { finishedTransactions } from "../profile/pg-transactions.ts";
import { measureCpu } from "../profile/proc-cpu.ts";
import { summarise } from "../profile/summary.ts";
import { machineDescription } from "../support/machine.ts";
import { gatewayEnv } from "./gateway-env.ts";
import { load } from "./run.ts";
import { createKeys, prepare } from "./scenarios.ts";
import { type Runtime, startGateway } from "./servers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONCURRENCY = 8;
const WARM_UP_MS = 2_000;
const PROFILE_MS = 10_000;
const MAX_REQUESTS = 1_000_000;
/** Trimmed off each end of the load window: the profiler's clock starts a little after spawn. */
const EDGE_MS = 250;
/** Time for the gateway's PostgreSQL backends to exit (publishing their statistics) once it has. */
const STATS_FLUSH_MS = 1_000;

const log = (line: string): void => void process.stderr.write(`[profile] ${line}\n`);
const started = Date.now();
const scratch = mkdtempSync(join(tmpdir(), "pqgate-profile-"));

/** The one `.cpuprofile` the runtime wrote into `dir`, kept in PROFILE_KEEP_DIR if set. */
function readProfile(dir: string, runtime: Runtime): CpuProfileJson {
  const files = readdirSync(dir);
  const profiles = files.filter((name) => name.endsWith(".cpuprofile"));
  if (profiles.length !== 1) throw new Error(`${runtime}: expected one .cpuprofile in ${dir}, found ${files}`);
  const keep = process.env.PROFILE_KEEP_DIR;
  if (keep !== undefined) {
    mkdirSync(keep, { recursive: true });
    for (const name of files) copyFileSync(join(dir, name), join(keep, `${runtime}-${name}`));
  }
  return JSON.parse(readFileSync(join(dir, profiles[0] ?? ""), "utf8")) as CpuProfileJson;
}

async function profileRuntime(runtime: Runtime, pg: Postgres): Promise<RuntimeProfile> {
  const dir = mkdtempSync(join(scratch, `${runtime}-`));
  const { token, databaseUrl, env } = await gatewayEnv(pg, dir);
  const profileDir = join(dir, "cpu-prof");
  const runtimeFlags = ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${profileDir}`];
  const spawnedAt = performance.now();
  await using gateway = await startGateway(runtime, 1, await freePort(), env, { runtimeFlags });
  await createKeys(gateway.url, token);
  const sign = (await prepare(gateway.url, token)).find((scenario) => scenario.ceiling === "ml-dsa-65/sign");
  if (sign === undefined) throw new Error("no ML-DSA-65 sign scenario");
  const options = { url: gateway.url, token, requests: sign.requests, concurrency: CONCURRENCY };
  const transactionsBefore = await finishedTransactions(databaseUrl);
  const warmUp = await load({ ...options, durationMs: WARM_UP_MS, maxRequests: MAX_REQUESTS });
  const fromMs = performance.now() - spawnedAt;
  const [gatewayPid] = gateway.pids;
  if (gatewayPid === undefined || pg.pid === undefined) throw new Error("no gateway or PostgreSQL pid");
  const { result, cpu } = await measureCpu(
    gatewayPid,
    pg.pid,
    () => load({ ...options, durationMs: PROFILE_MS, maxRequests: MAX_REQUESTS }),
  );
  const toMs = performance.now() - spawnedAt;
  log(`${runtime}: ${result.rps.toFixed(0)} req/s, ${result.errors} errors; stopping with SIGTERM`);
  const codes = await gateway.stopGracefully();
  if (codes.some((code) => code !== 0)) throw new Error(`${runtime} gateway exit codes: ${JSON.stringify(codes)}`);
  await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
  const transactions = await finishedTransactions(databaseUrl) - transactionsBefore;
  const transactionsPerRequest = transactions / (warmUp.requests + result.requests);
  const profile = parseProfile(readProfile(profileDir, runtime));
  const window = { fromMs: fromMs + EDGE_MS, toMs: toMs - EDGE_MS };
  return { runtime, load: result, cpu, transactionsPerRequest, summary: summarise(profile, window) };
}

try {
  const machine = machineDescription();
  const runs: RuntimeProfile[] = [];
  {
    await using pg = await Postgres.start();
    for (const runtime of ["deno", "bun"] as const) {
      log(`${runtime}: gateway under --cpu-prof, ML-DSA-65 sign at ${CONCURRENCY} clients for ${PROFILE_MS / 1000} s`);
      runs.push(await profileRuntime(runtime, pg));
    }
  }
  const description = { date: new Date().toISOString(), machine, seconds: (Date.now() - started) / 1000 };
  writeFileSync(`${ROOT}bench/PROFILE.md`, profileMarkdown(description, runs));
  log(`wrote bench/PROFILE.md in ${description.seconds.toFixed(0)} s`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
