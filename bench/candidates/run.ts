// `deno task bench:candidates`: the candidates benchmark (benches/candidates.rs, criterion) in
// this folder's own cargo workspace, then bench/candidates/results.json and bench/RESULTS.md
// rendered again with its table (bench/report/candidates.ts). The first run builds aws-lc-sys
// (CMake, a few minutes); rust/ and CI never do. BENCH_MODE=smoke for a quick pass.

import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { PRIMITIVES } from "../report/candidates.ts";
import { CANDIDATES_JSON, renderReport, RESULTS_JSON, type StoredRun } from "../report/write.ts";
import { criterionMedian } from "../support/criterion.ts";
import { machineDescription } from "../support/machine.ts";
import { benchMode } from "../support/mode.ts";
import { run } from "../support/run-command.ts";

const HERE = fileURLToPath(new URL("./", import.meta.url));
const full = benchMode().mode === "full";
const machine = [
  ...machineDescription().filter((line) => !line.startsWith("runtimes:")),
  "aws-lc-rs 1.19.0 (aws-lc-sys 0.47.0, default non-FIPS build)",
];
process.stderr.write(`[bench] candidates (criterion, ${full ? "full" : "smoke"}), load ${loadavg()[0]?.toFixed(2)}\n`);
await run("cargo", [
  "bench",
  "--bench",
  "candidates",
  "--",
  "--warm-up-time",
  full ? "1" : "0.1",
  "--measurement-time",
  full ? "3" : "0.3",
], { cwd: HERE });

const times: Record<string, number> = {};
for (const p of PRIMITIVES) {
  for (const op of p.operations) {
    for (const impl of p.implementations) {
      const id = `${p.group}/${op}/${impl}`;
      const median = criterionMedian(join(HERE, "target", "criterion"), id);
      if (median !== undefined) times[id] = median;
    }
  }
}
writeFileSync(CANDIDATES_JSON, `${JSON.stringify({ date: new Date().toISOString(), machine, times }, null, 2)}\n`);
renderReport(JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as StoredRun);
process.stderr.write("[bench] wrote bench/candidates/results.json and rendered bench/RESULTS.md\n");
