// The per-operation tables of bench/RESULTS.md: native baseline and FFI overhead, pqgate
// against the runtime's WebCrypto, speed-up over pure JavaScript, memory.

import type { NativeTimes } from "../support/criterion.ts";
import type { RuntimeResults } from "../support/results.ts";
import { OPERATIONS } from "../support/workload.ts";
import { fixed, micros, ratio, table } from "./format.ts";

const names = (runs: RuntimeResults[]): string[] => runs.map((run) => run.runtimeVersion);

export function ffiTable(native: NativeTimes, runs: RuntimeResults[]): string {
  const header = ["operation", "native µs", ...names(runs).flatMap((n) => [`${n} FFI µs`, `${n} FFI/native`])];
  const rows = OPERATIONS.map((id) => [
    id,
    micros(native[id]),
    ...runs.flatMap((run) => [micros(run.operations[id].ffi), fixed(ratio(run.operations[id].ffi, native[id]), 3)]),
  ]);
  rows.push(["empty FFI call (ns)", "—", ...runs.flatMap((run) => [run.emptyCallNs.toFixed(2), "—"])]);
  return table(header, rows);
}

export function webCryptoTable(runs: RuntimeResults[]): string {
  const header = ["operation", ...names(runs).flatMap((n) => [`${n} WebCrypto µs`, `${n} pqgate/WebCrypto`])];
  const rows = OPERATIONS.map((id) => [
    id,
    ...runs.flatMap((run) => {
      const { ffi, webcrypto } = run.operations[id];
      return [micros(webcrypto), fixed(ratio(ffi, webcrypto))];
    }),
  ]);
  return table(header, rows);
}

export function nobleTable(runs: RuntimeResults[]): string {
  const header = ["operation", ...names(runs).flatMap((n) => [`${n} noble µs`, `${n} speed-up`])];
  const rows = OPERATIONS.map((id) => [
    id,
    ...runs.flatMap((run) => {
      const { ffi, noble } = run.operations[id];
      return [micros(noble), fixed(ratio(noble, ffi), 1, "×")];
    }),
  ]);
  return table(header, rows);
}

export function memoryTable(runs: RuntimeResults[]): string {
  const header = ["runtime", "cycles", "RSS first → last (MiB)", "growth MiB", "max MiB", "live handles after"];
  const rows = runs.map((run) => {
    const { cycles, rssMiB, growthMiB, liveHandles } = run.memory;
    return [
      run.runtimeVersion,
      cycles.toLocaleString("en-US"),
      `${(rssMiB[0] ?? 0).toFixed(1)} → ${(rssMiB.at(-1) ?? 0).toFixed(1)}`,
      growthMiB.toFixed(1),
      Math.max(...rssMiB).toFixed(1),
      String(liveHandles),
    ];
  });
  return table(header, rows);
}
