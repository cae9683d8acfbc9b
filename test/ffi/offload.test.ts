// Signing off the JavaScript thread (ffi/offload/; Ed25519 stays on it, and must give the same
// answers through the same call): the same signatures and the same errors as the synchronous
// call, many calls in flight at once, a dispose while calls are in flight frees the handle only
// once they have settled, the caller's buffers may change meanwhile, and synchronous
// caller-buffer calls on the calling thread do not interfere with the workers' calls.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate, PqError, PqStatus, type SignatureAlgorithm } from "../../ffi/mod.ts";

const offloaded = loadPqgate({ offloadThreads: 2 });
const onThread = loadPqgate();
const ALGORITHMS: SignatureAlgorithm[] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519"];
const message = new TextEncoder().encode("signed off the event loop");

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: 64 signatures requested at once all verify`, async () => {
    using key = offloaded.generateKey(algorithm);
    using publicKey = offloaded.importPublicKey(algorithm, key.publicKey());
    const signatures = await Promise.all(Array.from({ length: 64 }, () => key.signAsync(message)));
    assert.equal(signatures.length, 64);
    for (const signature of signatures) {
      assert.equal(signature.length, offloaded.algorithmSizes(algorithm).signature);
      assert.equal(publicKey.verify(message, signature), true);
    }
  });
}

test("deterministic ML-DSA: the offloaded signature equals the synchronous one, context included", async () => {
  const seed = new Uint8Array(32).fill(7);
  using key = offloaded.keyFromSeed("ML-DSA-65", seed);
  const context = new TextEncoder().encode("ctx");
  const options = { deterministic: true, context };
  assert.deepEqual(await key.signAsync(message, options), key.sign(message, options));
});

test("without offload threads signAsync signs on the calling thread, same result", async () => {
  const seed = new Uint8Array(32).fill(9);
  using key = onThread.keyFromSeed("Ed25519", seed);
  assert.deepEqual(await key.signAsync(message), key.sign(message));
});

test("the library's errors reach the caller as PqError, as on the synchronous path", async () => {
  using key = offloaded.generateKey("ML-DSA-65");
  await assert.rejects(
    key.signAsync(message, { context: new Uint8Array(256) }),
    (e: unknown) => e instanceof PqError && e.code === PqStatus.CONTEXT_TOO_LONG,
  );
  using ed = offloaded.generateKey("Ed25519");
  await assert.rejects(
    ed.signAsync(message, { rnd: new Uint8Array(32) }),
    (e: unknown) => e instanceof PqError && e.code === PqStatus.INVALID_ARGUMENT,
  );
});

test("a dispose during calls in flight lets them finish, then frees the handle once", async () => {
  const start = offloaded.liveHandleCount();
  const key = offloaded.generateKey("ML-DSA-65");
  using publicKey = offloaded.importPublicKey("ML-DSA-65", key.publicKey());
  const pending = Array.from({ length: 8 }, () => key.signAsync(message));
  key[Symbol.dispose]();
  assert.equal(key.disposed, true);
  // Refused at once, before reaching a thread: the key is disposed for every new call.
  await assert.rejects(
    key.signAsync(message),
    (e: unknown) => e instanceof PqError && e.code === PqStatus.STALE_HANDLE,
  );
  for (const signature of await Promise.all(pending)) assert.equal(publicKey.verify(message, signature), true);
  assert.equal(offloaded.liveHandleCount(), start + 1); // the public key only
});

test("the caller may overwrite its message while the call runs: the signature covers what was passed", async () => {
  using key = offloaded.generateKey("ML-DSA-65");
  using publicKey = offloaded.importPublicKey("ML-DSA-65", key.publicKey());
  const buffer = new Uint8Array(message);
  const pending = key.signAsync(buffer);
  buffer.fill(0);
  assert.equal(publicKey.verify(message, await pending), true);
});

test("signInto on the calling thread while signAsync calls run on the workers: no buffer is shared", async () => {
  using key = offloaded.generateKey("ML-DSA-65");
  using publicKey = offloaded.importPublicKey("ML-DSA-65", key.publicKey());
  const other = new TextEncoder().encode("signed on the calling thread");
  const pending = Array.from({ length: 16 }, () => key.signAsync(message));
  // The synchronous caller-buffer calls reuse one buffer and the binding's length scratch
  // while the workers sign: each result must still be its own message's signature.
  const out = new Uint8Array(offloaded.algorithmSizes("ML-DSA-65").signature);
  for (let i = 0; i < 16; i++) {
    const written = key.signInto(other, out);
    assert.equal(publicKey.verify(other, out.subarray(0, written)), true);
  }
  for (const signature of await Promise.all(pending)) {
    assert.equal(publicKey.verify(message, signature), true);
    assert.equal(publicKey.verify(other, signature), false);
  }
});
