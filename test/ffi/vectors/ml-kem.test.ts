// NIST ACVP vectors for ML-KEM (FIPS 203) through the TypeScript binding: every case of
// ML-KEM-keyGen-FIPS203 and ML-KEM-encapDecap-FIPS203.

import { test } from "../../support/harness.ts";
import assert from "../../support/assert.ts";
import { type KemAlgorithm, loadPqgate, PqError, PqStatus } from "../../../ffi/mod.ts";
import { assertBytes, hex, hexField, joinAcvp, suiteFolder, Tally } from "./vectors.ts";

const pq = loadPqgate();

// Case counts of the files as documented in ../shared/vectors/SOURCES.md; asserting them
// catches a truncated or swapped file that would otherwise "pass" with fewer cases.
const KEYGEN_TOTAL = 75;
const ENCAP_DECAP_TOTAL = 165;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

test("ACVP ML-KEM keyGen: ek from d‖z, and the vector's dk decapsulates for our ek", () => {
  const folder = suiteFolder("ML-KEM keyGen", "acvp/ML-KEM-keyGen-FIPS203");
  if (folder === undefined) return;
  const tally = new Tally("ML-KEM keyGen");
  for (const group of joinAcvp<{ d: string; z: string }, { ek: string; dk: string }>(folder)) {
    const alg = group.parameterSet as KemAlgorithm;
    for (const t of group.tests) {
      const label = `${alg} tcId ${t.tcId}`;
      const ek = hex(t.ek);
      // dk cannot leave Rust, so it is checked by behaviour: the vector's dk must recover
      // the secret of a ciphertext made for the ek we derived.
      using derived = pq.keyFromSeed(alg, concat(hex(t.d), hex(t.z)));
      assertBytes(derived.publicKey(), ek, `${label} ek`);
      using imported = pq.importPrivateKey(alg, hex(t.dk));
      assertBytes(imported.publicKey(), ek, `${label} ek inside dk`);
      const { ciphertext, sharedSecret } = derived.encapsulate();
      assertBytes(imported.decapsulate(ciphertext), sharedSecret, `${label} dk decapsulates`);
      tally.ran++;
    }
  }
  tally.report();
  assert.equal(tally.ran, KEYGEN_TOTAL);
});

interface EncapDecapPrompt {
  ek?: string;
  dk?: string;
  m?: string;
  c?: string;
}

interface EncapDecapResult {
  c?: string;
  k?: string;
  testPassed?: boolean;
}

/** Imports a key and reports whether the ABI accepted it; only INVALID_KEY counts as "no". */
function accepted(importKey: () => Disposable): boolean {
  try {
    importKey()[Symbol.dispose]();
    return true;
  } catch (error) {
    if (error instanceof PqError && error.code === PqStatus.INVALID_KEY) return false;
    throw error;
  }
}

test("ACVP ML-KEM encapDecap: deterministic encapsulation, decapsulation, key checks", () => {
  const folder = suiteFolder("ML-KEM encapDecap", "acvp/ML-KEM-encapDecap-FIPS203");
  if (folder === undefined) return;
  const tally = new Tally("ML-KEM encapDecap");
  // The caller-buffer forms run every case too, into buffers reused across all of them
  // (sized for ML-KEM-1024, the largest), and must agree with the vector byte for byte.
  const ctOut = new Uint8Array(1568), ssOut = new Uint8Array(32);
  for (const group of joinAcvp<EncapDecapPrompt, EncapDecapResult>(folder)) {
    const alg = group.parameterSet as KemAlgorithm;
    for (const t of group.tests) {
      const label = `${alg} ${group.function} tcId ${t.tcId}`;
      switch (group.function) {
        case "encapsulation": {
          using ek = pq.importPublicKey(alg, hexField(t, "ek"));
          const { ciphertext, sharedSecret } = ek.encapsulateDeterministic(hexField(t, "m"));
          assertBytes(ciphertext, hexField(t, "c"), `${label} c`);
          assertBytes(sharedSecret, hexField(t, "k"), `${label} k`);
          const written = ek.encapsulateDeterministicInto(hexField(t, "m"), ctOut, ssOut);
          assertBytes(ctOut.subarray(0, written), hexField(t, "c"), `${label} c (into)`);
          assertBytes(ssOut, hexField(t, "k"), `${label} k (into)`);
          break;
        }
        case "decapsulation": {
          // Includes modified ciphertexts: k is then the implicit-rejection secret.
          using dk = pq.importPrivateKey(alg, hexField(t, "dk"));
          assertBytes(dk.decapsulate(hexField(t, "c")), hexField(t, "k"), `${label} k`);
          assert.equal(dk.decapsulateInto(hexField(t, "c"), ssOut), 32);
          assertBytes(ssOut, hexField(t, "k"), `${label} k (into)`);
          break;
        }
        case "encapsulationKeyCheck":
          assert.equal(accepted(() => pq.importPublicKey(alg, hexField(t, "ek"))), t.testPassed, label);
          break;
        case "decapsulationKeyCheck":
          assert.equal(accepted(() => pq.importPrivateKey(alg, hexField(t, "dk"))), t.testPassed, label);
          break;
        default:
          throw new Error(`unexpected function ${String(group.function)} in tgId ${group.tgId}`);
      }
      tally.ran++;
    }
  }
  tally.report();
  assert.equal(tally.ran, ENCAP_DECAP_TOTAL);
});
