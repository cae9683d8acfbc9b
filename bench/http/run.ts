// The HTTP part of the run for one runtime: the gateway single-process and on all cores, each
// scenario at several concurrency levels, ML-DSA-65 sign again paced at half its peak (for p99
// under moderate load), and a long single-process run sampling the server's RSS.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { NativeTimes } from "../support/criterion.ts";
import type { ModeSettings } from "../support/mode.ts";
import type { LoadOptions, LoadResult } from "./load.ts";
import type { HttpMemory, HttpRun } from "./results.ts";
import { createKeys, prepare, type Scenario } from "./scenarios.ts";
import { allCores, type Gateway, type Runtime, startGateway } from "./servers.ts";

const LOAD_CLI = fileURLToPath(new URL("./load-cli.ts", import.meta.url));
const BUN = fileURLToPath(new URL("../../node_modules/.bin/bun", import.meta.url));

export interface HttpContext {
  readonly runtime: Runtime;
  readonly settings: ModeSettings;
  readonly native: NativeTimes;
  readonly port: number;
  readonly token: string;
  /** Gateway environment: database, keystore, admin token, rate limits. */
  readonly env: Record<string, string>;
  readonly log: (line: string) => void;
}

const LEVELS = { smoke: [4], full: [1, 8, 32] };
const DURATION_MS = { smoke: 1_500, full: 6_000 };
const LONG_RUN_MS = { smoke: 3_000, full: 90_000 };
const MAX_REQUESTS = 1_000_000;

/** One load in a Bun process of its own (bench/http/load-cli.ts). */
export function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(BUN, [LOAD_CLI, JSON.stringify(options)], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout?.on("data", (chunk) => (stdout += String(chunk)));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as LoadResult);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

function ceiling(ctx: HttpContext, scenario: Scenario, processes: number): number | null {
  const ns = ctx.native[scenario.ceiling];
  return ns === undefined ? null : (1e9 / ns) * processes;
}

async function topology(ctx: HttpContext, gateway: Gateway, scenarios: Scenario[]): Promise<HttpRun[]> {
  const runs: HttpRun[] = [];
  const base = { url: gateway.url, token: ctx.token, durationMs: DURATION_MS[ctx.settings.mode] };
  for (const scenario of scenarios) {
    if (scenario.singleProcessOnly && gateway.processes > 1) continue;
    const row = { runtime: ctx.runtime, processes: gateway.processes, scenario: scenario.name };
    const ceilingRps = ceiling(ctx, scenario, gateway.processes);
    for (const concurrency of LEVELS[ctx.settings.mode]) {
      const result = await load({ ...base, requests: scenario.requests, concurrency, maxRequests: MAX_REQUESTS });
      runs.push({ ...row, ...result, ceilingRps });
      ctx.log(
        `${ctx.runtime} ×${gateway.processes} ${scenario.name} c=${concurrency}: ${
          result.rps.toFixed(0)
        } req/s, ${result.errors} errors`,
      );
    }
    if (scenario.ceiling !== "ml-dsa-65/sign") continue;
    const peak = Math.max(...runs.filter((r) => r.scenario === scenario.name).map((r) => r.rps));
    const ratePerSecond = Math.max(1, peak / 2);
    const concurrency = Math.max(...LEVELS[ctx.settings.mode]);
    const paced = await load({
      ...base,
      requests: scenario.requests,
      concurrency,
      maxRequests: MAX_REQUESTS,
      ratePerSecond,
    });
    runs.push({ ...row, ...paced, ceilingRps, ratePerSecond });
    ctx.log(
      `${ctx.runtime} ×${gateway.processes} ${scenario.name} at ${ratePerSecond.toFixed(0)} req/s: p99 ${
        paced.p99Ms.toFixed(2)
      } ms`,
    );
  }
  return runs;
}

async function longRun(ctx: HttpContext, gateway: Gateway, scenario: Scenario): Promise<HttpMemory> {
  const durationMs = LONG_RUN_MS[ctx.settings.mode];
  const rssMiB = [gateway.rssMiB()];
  const sampler = setInterval(() => rssMiB.push(gateway.rssMiB()), durationMs / 10);
  try {
    const options = { url: gateway.url, token: ctx.token, requests: scenario.requests, concurrency: 8, durationMs };
    const result = await load({ ...options, maxRequests: MAX_REQUESTS });
    rssMiB.push(gateway.rssMiB());
    return { runtime: ctx.runtime, seconds: result.seconds, requests: result.requests, rssMiB };
  } finally {
    clearInterval(sampler);
  }
}

export async function runHttp(ctx: HttpContext): Promise<{ runs: HttpRun[]; memory: HttpMemory }> {
  const runs: HttpRun[] = [];
  let memory: HttpMemory | undefined;
  for (const processes of [1, allCores()]) {
    await using gateway = await startGateway(ctx.runtime, processes, ctx.port, ctx.env);
    if (processes === 1) await createKeys(gateway.url, ctx.token);
    const scenarios = await prepare(gateway.url, ctx.token);
    runs.push(...await topology(ctx, gateway, scenarios));
    const sign = scenarios.find((s) => s.ceiling === "ml-dsa-65/sign");
    if (processes === 1 && sign !== undefined) memory = await longRun(ctx, gateway, sign);
  }
  if (memory === undefined) throw new Error("the long HTTP run did not happen");
  return { runs, memory };
}
