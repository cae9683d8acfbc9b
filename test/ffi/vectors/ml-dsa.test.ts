// NIST ACVP vectors for ML-DSA (FIPS 204) through the TypeScript binding: every case of
// ML-DSA-keyGen-FIPS204, ML-DSA-sigGen-FIPS204 and ML-DSA-sigVer-FIPS204, the external-μ
// groups included (signMu / verifyMu).

import { test } from "../../support/harness.ts";
import assert from "../../support/assert.ts";
import {
  type HashAlgorithm,
  loadPqgate,
  type SignatureAlgorithm,
  type SigningKey,
  type SignOptions,
  type VerifyingKey,
} from "../../../ffi/mod.ts";
import { type AcvpGroup, assertBytes, hexField, joinAcvp, suiteFolder, Tally } from "./vectors.ts";

const pq = loadPqgate();

// Documented totals (../shared/vectors/SOURCES.md) and the external-μ groups among them:
// sigGen has 6 such groups of 15 cases, sigVer 3 groups of 15. Every case runs.
const KEYGEN_TOTAL = 75;
const SIGGEN_TOTAL = 360;
const SIGGEN_EXTERNAL_MU = 90;
const SIGVER_TOTAL = 180;
const SIGVER_EXTERNAL_MU = 45;

type Interface = "pure" | "preHash" | "internal" | "externalMu";

/** ACVP hash names → the binding's names (the hashes FIPS 204 §5.4 allows in HashML-DSA). */
const ACVP_HASH: Readonly<Record<string, HashAlgorithm>> = {
  "SHA2-224": "SHA-224",
  "SHA2-256": "SHA-256",
  "SHA2-384": "SHA-384",
  "SHA2-512": "SHA-512",
  "SHA2-512/224": "SHA-512/224",
  "SHA2-512/256": "SHA-512/256",
  "SHA3-224": "SHA3-224",
  "SHA3-256": "SHA3-256",
  "SHA3-384": "SHA3-384",
  "SHA3-512": "SHA3-512",
  "SHAKE-128": "SHAKE128",
  "SHAKE-256": "SHAKE256",
};

function hashOf(name: unknown): HashAlgorithm {
  const hash = typeof name === "string" ? ACVP_HASH[name] : undefined;
  if (hash === undefined) throw new Error(`unmapped ACVP hash ${String(name)}`);
  return hash;
}

/** The interface a group exercises. */
function groupInterface(group: AcvpGroup<unknown>): Interface {
  const { signatureInterface, preHash, externalMu } = group;
  if (signatureInterface === "external" && (preHash === "pure" || preHash === "preHash") && externalMu !== true) {
    return preHash;
  }
  if (signatureInterface === "internal" && typeof externalMu === "boolean") {
    return externalMu ? "externalMu" : "internal";
  }
  // An unknown combination must fail loudly rather than be run as the wrong interface.
  throw new Error(
    `tgId ${group.tgId}: unknown interface ${JSON.stringify({ signatureInterface, preHash, externalMu })}`,
  );
}

const FIXED_MESSAGE = new TextEncoder().encode("pqgate: same expanded key, same deterministic signature");

test("ACVP ML-DSA keyGen: pk from ξ, and the vector's sk signs like ours", () => {
  const folder = suiteFolder("ML-DSA keyGen", "acvp/ML-DSA-keyGen-FIPS204");
  if (folder === undefined) return;
  const tally = new Tally("ML-DSA keyGen");
  for (const group of joinAcvp<{ seed: string }, { pk: string; sk: string }>(folder)) {
    const alg = group.parameterSet as SignatureAlgorithm;
    for (const t of group.tests) {
      const label = `${alg} tcId ${t.tcId}`;
      using derived = pq.keyFromSeed(alg, hexField(t, "seed"));
      assertBytes(derived.publicKey(), hexField(t, "pk"), `${label} pk`);
      // sk cannot leave Rust; deterministic signing is a function of sk alone, so equal
      // signatures from the derived key and the imported vector sk show the sk matches.
      using imported = pq.importPrivateKey(alg, hexField(t, "sk"));
      const expected = imported.sign(FIXED_MESSAGE, { deterministic: true });
      assertBytes(derived.sign(FIXED_MESSAGE, { deterministic: true }), expected, `${label} sk`);
      tally.ran++;
    }
  }
  tally.report();
  assert.equal(tally.ran, KEYGEN_TOTAL);
});

function signCase(sk: SigningKey, kind: Interface, t: object, opts: SignOptions): Uint8Array {
  const c = t as { tcId: number; context?: string; hashAlg?: string };
  if (kind === "externalMu") return sk.signMu(hexField(c, "mu"), opts);
  const message = hexField(c, "message");
  if (kind === "internal") return sk.signInternal(message, opts);
  const context = hexField(c, "context");
  if (kind === "pure") return sk.sign(message, { ...opts, context });
  const hash = hashOf(c.hashAlg);
  return sk.signPrehashed(hash, pq.hash(hash, message), { ...opts, context });
}

test("ACVP ML-DSA sigGen: deterministic and hedged, pure, pre-hash, internal and external μ", () => {
  const folder = suiteFolder("ML-DSA sigGen", "acvp/ML-DSA-sigGen-FIPS204");
  if (folder === undefined) return;
  const tally = new Tally("ML-DSA sigGen");
  let total = 0;
  let externalMu = 0;
  for (const group of joinAcvp<{ sk: string }, { signature: string }>(folder)) {
    total += group.tests.length;
    const kind = groupInterface(group);
    if (kind === "externalMu") externalMu += group.tests.length;
    const alg = group.parameterSet as SignatureAlgorithm;
    for (const t of group.tests) {
      const opts: SignOptions = group.deterministic === true ? { deterministic: true } : { rnd: hexField(t, "rnd") };
      using sk = pq.importPrivateKey(alg, hexField(t, "sk"));
      const signature = signCase(sk, kind, t, opts);
      assertBytes(signature, hexField(t, "signature"), `${alg} ${kind} tgId ${group.tgId} tcId ${t.tcId}`);
      tally.ran++;
    }
  }
  tally.report();
  assert.equal(total, SIGGEN_TOTAL);
  assert.equal(externalMu, SIGGEN_EXTERNAL_MU);
  assert.equal(tally.skippedCount, 0);
  assert.equal(tally.ran, SIGGEN_TOTAL);
});

function verifyCase(pk: VerifyingKey, kind: Interface, t: object): boolean {
  const c = t as { tcId: number; hashAlg?: string };
  const signature = hexField(c, "signature");
  if (kind === "externalMu") return pk.verifyMu(hexField(c, "mu"), signature);
  const message = hexField(c, "message");
  if (kind === "internal") return pk.verifyInternal(message, signature);
  const context = hexField(c, "context");
  if (kind === "pure") return pk.verify(message, signature, { context });
  const hash = hashOf(c.hashAlg);
  return pk.verifyPrehashed(hash, pq.hash(hash, message), signature, { context });
}

test("ACVP ML-DSA sigVer: the verdict matches testPassed for pure, pre-hash, internal and external μ", () => {
  const folder = suiteFolder("ML-DSA sigVer", "acvp/ML-DSA-sigVer-FIPS204");
  if (folder === undefined) return;
  const tally = new Tally("ML-DSA sigVer");
  let total = 0;
  let externalMu = 0;
  for (const group of joinAcvp<{ pk: string }, { testPassed: boolean }>(folder)) {
    total += group.tests.length;
    const kind = groupInterface(group);
    if (kind === "externalMu") externalMu += group.tests.length;
    const alg = group.parameterSet as SignatureAlgorithm;
    for (const t of group.tests) {
      using pk = pq.importPublicKey(alg, hexField(t, "pk"));
      assert.equal(verifyCase(pk, kind, t), t.testPassed, `${alg} ${kind} tgId ${group.tgId} tcId ${t.tcId}`);
      tally.ran++;
    }
  }
  tally.report();
  assert.equal(total, SIGVER_TOTAL);
  assert.equal(externalMu, SIGVER_EXTERNAL_MU);
  assert.equal(tally.skippedCount, 0);
  assert.equal(tally.ran, SIGVER_TOTAL);
});
