// Cost of one empty FFI call (`pq_abi_version`) on the running runtime, through the raw
// symbol (the binding adds nothing to this call). Prints one line:
//   runtime=<deno|bun> empty_call_ns=<x>
// Run: `deno run --allow-all bench/ffi-empty-call.ts` or `bun bench/ffi-empty-call.ts`.

import { loadPqgate } from "../ffi/mod.ts";
import { unsafeRawSymbols } from "../ffi/internal.ts";

const ITERATIONS = 5_000_000;
const WARMUP = 200_000;
const ROUNDS = 5;

const pq = loadPqgate();
const abiVersion = unsafeRawSymbols(pq).pq_abi_version;

function run(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += abiVersion();
  return sum;
}

run(WARMUP); // let the JIT reach the fast-call path before measuring
const samples: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  const sum = run(ITERATIONS);
  const elapsed = performance.now() - t0;
  if (sum !== ITERATIONS * pq.abiVersion) throw new Error("unexpected ABI version during the benchmark");
  samples.push((elapsed * 1e6) / ITERATIONS);
}
samples.sort((a, b) => a - b);
// The median of the rounds: robust to one round disturbed by GC or the scheduler.
const median = samples[Math.floor(ROUNDS / 2)] ?? NaN;
console.log(`runtime=${pq.runtime} empty_call_ns=${median.toFixed(2)}`);
