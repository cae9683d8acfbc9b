// The standards' sizes the wire formats are built from (src/common/sizes.ts) are the sizes
// the native library really uses.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { ED25519, ML_DSA_65, X_WING } from "../../src/common/sizes.ts";

const pq = loadPqgate();

test("the wire formats' fixed sizes match the library's algorithmSizes", () => {
  const mlDsa = pq.algorithmSizes("ML-DSA-65");
  assert.deepEqual({ publicKey: mlDsa.publicKey, signature: mlDsa.signature }, ML_DSA_65);
  const ed = pq.algorithmSizes("Ed25519");
  assert.deepEqual({ publicKey: ed.publicKey, signature: ed.signature }, ED25519);
  const xWing = pq.algorithmSizes("X-Wing");
  assert.deepEqual({ publicKey: xWing.publicKey, ciphertext: xWing.ciphertext }, X_WING);
});
