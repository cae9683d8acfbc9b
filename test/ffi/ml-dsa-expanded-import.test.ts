// Importing an expanded ML-DSA private key through the binding: FIPS 204 skDecode is checked
// in full (s1, s2 coefficients in [−η, η]) and, given `sk ‖ pk`, ρ and tr against pk. A crafted
// key used to be accepted and sign; now it is INVALID_KEY for every parameter set.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { throwsStatus } from "../support/pq.ts";
import { flippedTr, ML_DSA, outOfRange, vectorKeyPairs, withPublic } from "../support/ml-dsa-keys.ts";

const pq = loadPqgate();

test("an expanded ML-DSA key with an out-of-range s1 or s2 coefficient, or a wrong tr, is INVALID_KEY", () => {
  const pairs = vectorKeyPairs();
  for (const alg of ML_DSA) {
    const pair = pairs.get(alg);
    assert.ok(pair !== undefined, alg);
    const { sk, pk } = pair;
    for (const part of ["s1", "s2"] as const) {
      throwsStatus(() => pq.importPrivateKey(alg, outOfRange(alg, sk, part)), "INVALID_KEY");
      throwsStatus(() => pq.importPrivateKey(alg, withPublic(outOfRange(alg, sk, part), pk)), "INVALID_KEY");
    }
    throwsStatus(() => pq.importPrivateKey(alg, withPublic(flippedTr(sk), pk)), "INVALID_KEY");
    // The untouched pair imports, keeps pk as its public key, and signs for it.
    using key = pq.importPrivateKey(alg, withPublic(sk, pk));
    assert.deepEqual(key.publicKey(), pk);
    using verifier = pq.importPublicKey(alg, pk);
    assert.ok(verifier.verify(new Uint8Array([1, 2, 3]), key.sign(new Uint8Array([1, 2, 3]))));
  }
});
