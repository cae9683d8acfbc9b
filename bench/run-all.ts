// Full benchmark run (`deno task bench:all`): native criterion baseline, bench/main.ts on Deno
// and on Bun, the HTTP load on both, then bench/RESULTS.md and bench/ratios.svg.
// BENCH_MODE=smoke makes every part short (a dry run of the pipeline, not numbers to keep).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Postgres } from "../test/support/postgres.ts";
import { freePort } from "../test/support/runtime.ts";
import { gatewayEnv } from "./http/gateway-env.ts";
import { runHttp } from "./http/run.ts";
import type { HttpResults } from "./http/results.ts";
import { writeReport } from "./report/write.ts";
import { readCriterion } from "./support/criterion.ts";
import { machineDescription } from "./support/machine.ts";
import { benchMode } from "./support/mode.ts";
import type { RuntimeResults } from "./support/results.ts";
import { run } from "./support/run-command.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const settings = benchMode();
const started = Date.now();
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
const scratch = mkdtempSync(join(tmpdir(), "pqgate-bench-all-"));

try {
  const machine = machineDescription();
  log(`native baseline (criterion, ${settings.mode})`);
  const criterionTimes = settings.mode === "full" ? ["2", "4"] : ["0.1", "0.3"];
  // The baseline and the C ABI layer's own cost (rust/ffi/benches/boundary.rs) in one cargo
  // invocation: one feature resolution, so one build of the dependencies.
  await run("cargo", [
    "bench",
    "-p",
    "pqgate-core",
    "-p",
    "pqgate-ffi",
    "--bench",
    "primitives",
    "--bench",
    "boundary",
    "--",
    "--warm-up-time",
    criterionTimes[0] ?? "1",
    "--measurement-time",
    criterionTimes[1] ?? "1",
  ], { cwd: `${ROOT}rust` });
  const { medians: native, lowQuantiles: nativeLow } = readCriterion(`${ROOT}rust/target`);

  const runtimes: RuntimeResults[] = [];
  for (const [runtime, command] of [["deno", ["run", "-A"]], ["bun", []]] as const) {
    log(`FFI, WebCrypto, noble, memory on ${runtime}`);
    const out = join(scratch, `${runtime}.json`);
    await run(`${ROOT}node_modules/.bin/${runtime}`, [...command, `${ROOT}bench/main.ts`], {
      env: { BENCH_MODE: settings.mode, BENCH_OUT: out },
    });
    runtimes.push(JSON.parse(readFileSync(out, "utf8")) as RuntimeResults);
  }

  log("HTTP");
  const http: HttpResults = { runs: [], memory: [] };
  {
    await using pg = await Postgres.start();
    for (const runtime of ["deno", "bun"] as const) {
      const { token, env } = await gatewayEnv(pg, mkdtempSync(join(scratch, `${runtime}-`)));
      const result = await runHttp({ runtime, settings, native, port: await freePort(), token, env, log });
      http.runs.push(...result.runs);
      http.memory.push(result.memory);
    }
  }

  const description = {
    mode: settings.mode,
    date: new Date().toISOString(),
    machine,
    minutes: (Date.now() - started) / 60_000,
  };
  writeReport({ description, results: { native, nativeLow, runtimes, http } });
  log(`wrote bench/results.json, bench/RESULTS.md and bench/ratios.svg in ${description.minutes.toFixed(1)} min`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
