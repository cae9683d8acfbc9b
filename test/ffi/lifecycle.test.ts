// Handle lifecycle: `using` frees every key it creates, dispose is idempotent, and the
// library's live-handle count returns to where it started.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate, PqError, PqStatus } from "../../ffi/mod.ts";

const pq = loadPqgate();

test("1000 keys created and disposed with `using` leave the live-handle count unchanged", () => {
  // Measured within one synchronous run: FinalizationRegistry callbacks for keys other
  // tests forgot can only run between tasks, so they cannot move the count mid-test.
  const start = pq.liveHandleCount();
  const seed = new Uint8Array(32);
  for (let i = 0; i < 1000; i++) {
    seed[0] = i & 0xff;
    seed[1] = i >> 8;
    using key = i % 2 === 0 ? pq.generateKey("X25519") : pq.keyFromSeed("Ed25519", seed);
    assert.equal(pq.liveHandleCount(), start + 1);
    assert.equal(key.disposed, false);
  }
  assert.equal(pq.liveHandleCount(), start);
});

test("dispose is idempotent and a disposed key refuses every operation", () => {
  const start = pq.liveHandleCount();
  const key = pq.generateKey("ML-KEM-512");
  const { ciphertext } = key.encapsulate();
  assert.equal(pq.liveHandleCount(), start + 1);
  key[Symbol.dispose]();
  key[Symbol.dispose]();
  key[Symbol.dispose]();
  assert.equal(pq.liveHandleCount(), start);
  for (const use of [() => key.decapsulate(ciphertext), () => key.encapsulate(), () => key.publicKey()]) {
    assert.throws(use, (e: unknown) => e instanceof PqError && e.code === PqStatus.STALE_HANDLE);
  }
});

test("a handle freed by an early exit from a `using` block is freed exactly once", () => {
  const start = pq.liveHandleCount();
  assert.throws(() => {
    using key = pq.generateKey("ML-DSA-44");
    key.sign(new Uint8Array(1), { context: new Uint8Array(300) }); // throws CONTEXT_TOO_LONG
  }, PqError);
  assert.equal(pq.liveHandleCount(), start);
});
