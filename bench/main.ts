// pqgate benchmarks on the running runtime (Deno or Bun): every operation through the FFI
// binding, the runtime's WebCrypto and the pure-JavaScript noble libraries, side by side in
// one process; the cost of an empty FFI call; RSS over create/use/free cycles.
//   BENCH_MODE=smoke|full (default smoke)  BENCH_OUT=<file.json> (optional: the results)
// `deno task bench` / `bun run bench`; `deno task bench:all` adds the native baseline, HTTP
// and bench/RESULTS.md.

import { writeFileSync } from "node:fs";
import process from "node:process";
import { loadPqgate } from "../ffi/mod.ts";
import { emptyCallNs } from "./ffi/empty-call.ts";
import { memoryCycles } from "./ffi/memory.ts";
import { ffiOperations } from "./ffi/operations.ts";
import { nobleOperations } from "./peers/noble.ts";
import { webCryptoOperations } from "./peers/webcrypto.ts";
import { measure, measureAsync, measureLowQuantile } from "./support/measure.ts";
import { benchMode } from "./support/mode.ts";
import type { OperationTimes, RuntimeResults } from "./support/results.ts";
import { FFI_BOUND_OPERATIONS, type OperationId, OPERATIONS } from "./support/workload.ts";
import { runtimeVersion } from "./support/runtime.ts";

const settings = benchMode();
const pq = loadPqgate();
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const ffi = ffiOperations(pq);
const noble = nobleOperations();
const webcrypto = await webCryptoOperations();
const operations = {} as Record<OperationId, OperationTimes>;
for (const id of OPERATIONS) {
  const ffiOp = ffi.operations[id], nobleOp = noble[id], webOp = webcrypto[id];
  const low = ffiOp && (FFI_BOUND_OPERATIONS as readonly OperationId[]).includes(id)
    ? await measureLowQuantile(ffiOp, settings.lowQuantileSamples, settings.lowQuantileSampleMs)
    : undefined;
  const times: OperationTimes = {
    ffi: ffiOp ? (await measure(ffiOp, settings)).nsPerOp : null,
    webcrypto: webOp ? (await measureAsync(webOp, settings)).nsPerOp : null,
    noble: nobleOp ? (await measure(nobleOp, settings)).nsPerOp : null,
    ...(low === undefined ? {} : { ffiLow: low }),
  };
  operations[id] = times;
  const us = (ns: number | null): string => (ns === null ? "n/a" : (ns / 1000).toFixed(2));
  log(`${pq.runtime} ${id}: ffi ${us(times.ffi)} µs, webcrypto ${us(times.webcrypto)} µs, noble ${us(times.noble)} µs`);
}
ffi.dispose();

const empty = await emptyCallNs(pq, settings);
log(`${pq.runtime} empty FFI call: ${empty.toFixed(2)} ns`);
const memory = memoryCycles(pq, settings.memoryCycles);
log(`${pq.runtime} memory: ${memory.cycles} cycles, RSS ${memory.rssMiB.map((m) => m.toFixed(1)).join(" ")} MiB`);

const results: RuntimeResults = {
  runtime: pq.runtime,
  runtimeVersion: runtimeVersion(),
  mode: settings.mode,
  emptyCallNs: empty,
  operations,
  memory,
};
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(results, null, 2));
