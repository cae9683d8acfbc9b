// The library's operation counters through the binding: a successful and a failing call show
// up under their export and status, time is summed per export, and the table has every export
// once.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate, NATIVE_OPS, type NativeOp, type NativeOpStats } from "../../ffi/mod.ts";
import { flip, throwsStatus } from "../support/pq.ts";

const pq = loadPqgate();

function of(stats: readonly NativeOpStats[], op: NativeOp): NativeOpStats {
  const found = stats.find((s) => s.op === op);
  assert.ok(found !== undefined, op);
  return found;
}

test("the counters list every export but pq_abi_version once, in PqOp order", () => {
  const stats = pq.nativeStats();
  assert.deepEqual(stats.map((s) => s.op), Object.keys(NATIVE_OPS));
  for (const { calls, nanoseconds } of stats) {
    assert.ok(Number.isSafeInteger(nanoseconds) && nanoseconds >= 0);
    for (const count of Object.values(calls)) assert.ok(Number.isSafeInteger(count) && count > 0);
  }
  const reads = of(stats, "pq_native_stats").calls.OK ?? 0;
  assert.equal(of(pq.nativeStats(), "pq_native_stats").calls.OK, reads + 1, "a read counts itself after copying");
});

test("a signature and a failed verification are counted under their status", () => {
  // One synchronous run: nothing else in this process calls the library in between.
  using key = pq.generateKey("ML-DSA-44");
  using publicKey = pq.importPublicKey("ML-DSA-44", key.publicKey());
  const message = new TextEncoder().encode("counted");
  const before = pq.nativeStats();
  const signature = key.sign(message);
  assert.equal(publicKey.verify(message, flip(signature, 0)), false);
  throwsStatus(
    () => pq.aeadOpen("AES-256-GCM", new Uint8Array(32), new Uint8Array(), new Uint8Array(40)),
    "DECRYPTION_FAILED",
  );
  const after = pq.nativeStats();
  const delta = (op: NativeOp, status: "OK" | "VERIFICATION_FAILED" | "DECRYPTION_FAILED") =>
    (of(after, op).calls[status] ?? 0) - (of(before, op).calls[status] ?? 0);
  assert.equal(delta("pq_sig_sign", "OK"), 1);
  assert.equal(delta("pq_sig_verify", "VERIFICATION_FAILED"), 1);
  assert.equal(delta("pq_sig_verify", "OK"), 0);
  assert.equal(delta("pq_aead_open", "DECRYPTION_FAILED"), 1);
  assert.equal(delta("pq_aead_open", "OK"), 0);
});

test("the time spent in an export is summed over its calls, on the coarse monotonic clock", () => {
  // One call adds whole ticks of the coarse clock (usually none), so time shows over many calls.
  using key = pq.generateKey("ML-DSA-44");
  const message = new TextEncoder().encode("timed");
  const before = of(pq.nativeStats(), "pq_sig_sign").nanoseconds;
  const start = performance.now();
  while (performance.now() - start < 60) key.sign(message);
  const wall = (performance.now() - start) * 1e6;
  const spent = of(pq.nativeStats(), "pq_sig_sign").nanoseconds - before;
  assert.ok(spent > 0, "60 ms of signing spans several ticks");
  assert.ok(spent <= wall + 10e6, `${spent} ns counted in ${wall} ns (one tick of slack)`);
});
