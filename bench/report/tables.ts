// The per-operation tables of bench/RESULTS.md: native baseline and FFI overhead, pqgate
// against the runtime's WebCrypto, keygen with and without the consistency test, speed-up over
// pure JavaScript, memory.

import type { NativeTimes } from "../support/criterion.ts";
import type { RuntimeResults } from "../support/results.ts";
import { type OperationId, OPERATIONS } from "../support/workload.ts";
import { DERIVED_MARK, DERIVED_NOTE, pctNs, pqgateVersusWebCrypto, WITHOUT_PCT } from "./pqgate-time.ts";
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

/** What a runtime's WebCrypto lacks (X-Wing everywhere; others per runtime). */
export const NOT_OFFERED = "not offered";

/** rust/ffi's own cost per hot export (boundary bench), in ns and as export / api. */
export function boundaryTable(native: NativeTimes): string {
  const ops = ["ml-kem-768-encaps", "ml-kem-768-decaps", "ml-dsa-65-sign", "aes-256-gcm-seal-1KiB"] as const;
  const rows = ops.map((op) => {
    const api = native[`boundary/${op}/api`], exported = native[`boundary/${op}/export`];
    return [
      op,
      micros(api),
      micros(exported),
      api === undefined || exported === undefined ? "n/a" : `${(exported - api).toFixed(0)}`,
      fixed(ratio(exported, api), 3),
    ];
  });
  return table(["operation", "api µs", "export µs", "layer ns", "export/api"], rows);
}

export function webCryptoTable(native: NativeTimes, runs: RuntimeResults[]): string {
  const header = [
    "operation",
    ...names(runs).flatMap((n) => [`${n} pqgate µs`, `${n} WebCrypto µs`, `${n} pqgate/WebCrypto`]),
  ];
  const rows = OPERATIONS.map((id) => [
    id in WITHOUT_PCT ? `${id} without PCT${DERIVED_MARK}` : id,
    ...runs.flatMap((run) => {
      const webcrypto = run.operations[id].webcrypto;
      const pq = pqgateVersusWebCrypto(native, run, id);
      if (webcrypto === null) return [micros(pq.ns), NOT_OFFERED, "—"];
      return [micros(pq.ns), micros(webcrypto), fixed(ratio(pq.ns, webcrypto))];
    }),
  ]);
  return `${table(header, rows)}\n\n${DERIVED_NOTE}`;
}

/** Key generation with and without the pairwise-consistency test (issue 20), both reported. */
export function keygenTable(native: NativeTimes, runs: RuntimeResults[]): string {
  const header = [
    "operation",
    "native with PCT µs",
    "native without µs",
    "PCT share",
    ...names(runs).flatMap((n) => [`${n} FFI with µs`, `${n} FFI without${DERIVED_MARK} µs`]),
  ];
  const rows = (Object.entries(WITHOUT_PCT) as [OperationId, keyof NativeTimes][]).map(([id, without]) => {
    const withPct = native[id], noPct = native[without];
    const pct = pctNs(native, id);
    return [
      id,
      micros(withPct),
      micros(noPct),
      fixed(pct === null || withPct === undefined ? null : (pct / withPct) * 100, 0, " %"),
      ...runs.flatMap((run) => [micros(run.operations[id].ffi), micros(pqgateVersusWebCrypto(native, run, id).ns)]),
    ];
  });
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
