// The targets, each checked against the run: met or missed, with the measured value.

import type { HttpResults } from "../http/results.ts";
import type { NativeTimes } from "../support/criterion.ts";
import type { RuntimeResults } from "../support/results.ts";
import { type OperationId, OPERATIONS } from "../support/workload.ts";
import { ratio, table } from "./format.ts";

/** RSS growth (MiB) still called flat: allocator and JIT noise, far below a per-cycle leak. */
export const FLAT_MIB = 8;

const verdict = (ok: boolean): string => (ok ? "met" : "**missed**");

export function targetsTable(native: NativeTimes, runs: RuntimeResults[], http: HttpResults): string {
  const rows: string[][] = [];
  for (const run of runs) {
    const name = run.runtimeVersion;
    for (const id of ["ml-dsa-65/sign", "ml-kem-768/encaps"] as const) {
      const r = ratio(run.operations[id].ffi, native[id]);
      const overhead = r === null ? null : (r - 1) * 100;
      rows.push([
        `${name}: FFI overhead ${id} ≤ 2 %`,
        overhead === null ? "n/a" : `${overhead.toFixed(1)} %`,
        verdict(overhead !== null && overhead <= 2),
      ]);
    }
    const both = OPERATIONS.filter((id) => run.operations[id].webcrypto !== null);
    const slower = both.filter((id) => (ratio(run.operations[id].ffi, run.operations[id].webcrypto) ?? Infinity) >= 1);
    rows.push([
      `${name}: faster than WebCrypto on all ${both.length} shared operations`,
      slower.length === 0 ? "all faster" : `slower: ${slower.join(", ")}`,
      verdict(slower.length === 0),
    ]);
    const pq = OPERATIONS.filter((id) => id.startsWith("ml-kem-768/") || id.startsWith("ml-dsa-65/"));
    const speedups = pq.map((id: OperationId) => ratio(run.operations[id].noble, run.operations[id].ffi) ?? 0);
    const least = Math.min(...speedups);
    rows.push([
      `${name}: ≥ 20× noble for ML-KEM-768 and ML-DSA-65`,
      `least ${least.toFixed(1)}×`,
      verdict(least >= 20),
    ]);
    rows.push([
      `${name}: flat FFI memory over ${run.memory.cycles.toLocaleString("en-US")} cycles`,
      `${run.memory.growthMiB.toFixed(1)} MiB`,
      verdict(Math.abs(run.memory.growthMiB) < FLAT_MIB && run.memory.liveHandles === 0),
    ]);
  }
  for (const runtime of ["deno", "bun"] as const) {
    const sign = http.runs.filter((r) => r.runtime === runtime && r.scenario === "sign ML-DSA-65" && r.processes > 1);
    const closed = sign.filter((r) => r.ratePerSecond === undefined);
    const best = [...closed].sort((a, b) => b.rps - a.rps)[0];
    if (best && best.ceilingRps) {
      const fraction = (best.rps / best.ceilingRps) * 100;
      rows.push([
        `${runtime}: HTTP ML-DSA-65 sign ≥ 70 % of native ${best.processes}-core ceiling`,
        `${fraction.toFixed(1)} %`,
        verdict(fraction >= 70),
      ]);
    }
    const paced = sign.find((r) => r.ratePerSecond !== undefined);
    if (paced) {
      rows.push([`${runtime}: p99 < 5 ms at half peak`, `${paced.p99Ms.toFixed(2)} ms`, verdict(paced.p99Ms < 5)]);
    }
    const memory = http.memory.find((m) => m.runtime === runtime);
    if (memory) {
      const growth = (memory.rssMiB.at(-1) ?? 0) - (memory.rssMiB[1] ?? 0);
      rows.push([
        `${runtime}: flat server memory over ${memory.seconds.toFixed(0)} s`,
        `${growth.toFixed(1)} MiB`,
        verdict(Math.abs(growth) < FLAT_MIB),
      ]);
    }
  }
  return table(["target", "measured", "verdict"], rows);
}
