// Two builds of the library side by side in one process: the FFI benchmark's operations and
// the smallest counted call, timed in many short alternating samples (before, after; after,
// before; …). Each sample is a batch of about 2 ms, shorter than a scheduler time slice, and
// each build's figure is a low quantile of its samples (the minimum and the 10th percentile),
// which other processes on a shared machine can only make slower: on the loaded 2-core machine
// the medians of 300 ms rounds varied by ×0.6–×1.9 from round to round, while an A/A run of
// this script (one build under two file names) stays within ±1.5 % at the 10th percentile.
// For changes inside the boundary (the operation counters were measured with it); both builds
// must export every symbol of the binding.
//   deno run -A bench/ffi/compare-builds.ts BEFORE.so AFTER.so     bun bench/ffi/compare-builds.ts …
//   SAMPLES=<n> per build and operation (default 200)

import process from "node:process";
import { loadPqgate, type Pqgate } from "../../ffi/mod.ts";
import { unsafeRawSymbols } from "../../ffi/internal.ts";
import { ffiOperations } from "./operations.ts";

const [beforePath, afterPath] = process.argv.slice(2);
if (beforePath === undefined || afterPath === undefined) {
  throw new Error("usage: compare-builds.ts BEFORE.so AFTER.so");
}
const samples = Number(process.env.SAMPLES ?? 200);
const SAMPLE_MS = 2;
const TINY_BATCH = 1000;
const TINY = "pq_live_handle_count (raw, per call)";

/** The smallest call that enters the boundary, batched like the empty-call benchmark. */
function tinyCall(pq: Pqgate): () => void {
  const liveHandleCount = unsafeRawSymbols(pq).pq_live_handle_count;
  const out = new Uint32Array(1);
  return () => {
    for (let i = 0; i < TINY_BATCH; i++) liveHandleCount(out);
  };
}

function operationsOf(pq: Pqgate): { ops: Record<string, () => unknown>; dispose(): void } {
  const ffi = ffiOperations(pq);
  return { ops: { [TINY]: tinyCall(pq), ...ffi.operations }, dispose: ffi.dispose };
}

/** Nanoseconds per call of one batch of `n` calls. */
function sample(op: () => unknown, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) op();
  return ((performance.now() - start) * 1e6) / n;
}

/** Calls per batch so that one batch takes about `SAMPLE_MS` (also the warm-up). */
function batchSize(op: () => unknown): number {
  let n = 1;
  while (sample(op, n) * n < SAMPLE_MS * 1e6 && n < 1 << 20) n *= 2;
  return Math.max(1, Math.round((SAMPLE_MS * 1e6) / sample(op, n)));
}

const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)] ?? NaN;

const builds = [loadPqgate({ path: beforePath }), loadPqgate({ path: afterPath })] as const;
if (builds[0].path === builds[1].path) throw new Error("both paths opened the same library");
const [before, after] = builds.map(operationsOf);
if (before === undefined || after === undefined) throw new Error("unreachable");

const rows: string[] = [];
for (const name of Object.keys(before.ops)) {
  const [op0, op1] = [before.ops[name], after.ops[name]];
  if (op0 === undefined || op1 === undefined) throw new Error(name);
  const ops = [op0, op1] as const;
  const n = Math.min(batchSize(ops[0]), batchSize(ops[1]));
  const times: [number[], number[]] = [[], []];
  for (let s = 0; s < samples; s++) {
    for (const i of s % 2 === 0 ? [0, 1] as const : [1, 0] as const) times[i].push(sample(ops[i], n));
  }
  const per = name === TINY ? TINY_BATCH : 1;
  const [min0, min1] = [quantile(times[0], 0) / per, quantile(times[1], 0) / per];
  const [p10a, p10b] = [quantile(times[0], 0.1) / per, quantile(times[1], 0.1) / per];
  const fmt = (ns: number): string => (ns < 1000 ? `${ns.toFixed(1)} ns` : `${(ns / 1000).toFixed(2)} µs`);
  const row = `| ${name} | ${fmt(min0)} / ${fmt(p10a)} | ${fmt(min1)} / ${fmt(p10b)} | ${(min1 / min0).toFixed(3)} | ${
    (p10b / p10a).toFixed(3)
  } |`;
  rows.push(row);
  process.stderr.write(`${builds[0].runtime} ${row}\n`);
}
before.dispose();
after.dispose();
console.log(`${builds[0].runtime}, ${samples} alternating samples of ~${SAMPLE_MS} ms per build and operation\n`);
console.log("| Operation | before: min / p10 | after: min / p10 | after / before (min) | after / before (p10) |");
console.log("| --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
