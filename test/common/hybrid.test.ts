// The hybrid ML-DSA-65+Ed25519 schemes on their own, over the real binding: scheme 2 (the
// composite construction with the public-key hash) against M' recomputed here by hand, scheme 1
// still as it was, no signature crossing schemes, parts that cannot be stripped off as plain
// signatures, and the public-key binding that scheme 1 lacks (one Ed25519 key shared by two
// composite keys).

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { concat } from "../../src/common/bytes.ts";
import { loadPqgate, type SigningKey } from "../../ffi/mod.ts";
import { CURRENT_HYBRID_SCHEME, hybridSign, hybridVerify } from "../../src/common/hybrid.ts";

const pq = loadPqgate();
const utf8 = new TextEncoder();
const message = utf8.encode("pay 10 EUR to Alice");
const context = utf8.encode("payments/v1");
const EMPTY = new Uint8Array(0);
const ML_DSA_SIG = 3309;

const LABEL_V2 = utf8.encode("pqgate/hybrid/ML-DSA-65+Ed25519/v2");

/** Scheme 2's M', from docs/API.md, with no help from hybrid.ts. */
function mPrimeV2(publicKey: Uint8Array, msg: Uint8Array, ctx: Uint8Array): Uint8Array {
  return concat([
    utf8.encode("CompositeAlgorithmSignatures2025"),
    LABEL_V2,
    pq.hash("SHA-512", publicKey),
    Uint8Array.of(ctx.length),
    ctx,
    pq.hash("SHA-512", msg),
  ]);
}

/** Scheme 1's M': u32be-length-prefixed label, ctx, message. */
function mPrimeV1(msg: Uint8Array, ctx: Uint8Array): Uint8Array {
  const enc = (x: Uint8Array) => {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, x.length);
    return concat([len, x]);
  };
  return concat([enc(utf8.encode("pqgate/hybrid/ML-DSA-65+Ed25519/v1")), enc(ctx), enc(msg)]);
}

function composite(mlDsa: SigningKey, ed25519: SigningKey): Uint8Array {
  return concat([mlDsa.publicKey(), ed25519.publicKey()]);
}

test("scheme 2 is current; its parts are ML-DSA over M' with ctx = Label and Ed25519 over M'", () => {
  assert.equal(CURRENT_HYBRID_SCHEME, 2);
  using mlDsa = pq.generateKey("ML-DSA-65");
  using ed = pq.generateKey("Ed25519");
  const publicKey = composite(mlDsa, ed);
  const signature = hybridSign(pq, 2, mlDsa, ed, message, context);
  assert.equal(signature.length, 3309 + 64);
  assert.ok(hybridVerify(pq, 2, publicKey, message, signature, context));
  assert.ok(!hybridVerify(pq, 2, publicKey, message, signature, EMPTY), "the context is bound");
  assert.ok(!hybridVerify(pq, 2, publicKey, utf8.encode("pay 11 EUR"), signature, context), "the message is bound");

  const mPrime = mPrimeV2(publicKey, message, context);
  const [mlSig, edSig] = [signature.subarray(0, ML_DSA_SIG), signature.subarray(ML_DSA_SIG)];
  using mlPublic = pq.importPublicKey("ML-DSA-65", mlDsa.publicKey());
  using edPublic = pq.importPublicKey("Ed25519", ed.publicKey());
  assert.ok(mlPublic.verify(mPrime, mlSig, { context: LABEL_V2 }), "ML-DSA part over M', ctx = Label");
  assert.ok(edPublic.verify(mPrime, edSig), "Ed25519 part over M'");

  // Stripping: neither part passes as a plain signature over M (nor ML-DSA's over M' without its Label).
  assert.ok(!mlPublic.verify(message, mlSig), "ML-DSA part is no plain signature over M");
  assert.ok(!mlPublic.verify(message, mlSig, { context }), "…nor with the application context");
  assert.ok(!mlPublic.verify(mPrime, mlSig), "…nor over M' with an empty context");
  assert.ok(!edPublic.verify(message, edSig), "Ed25519 part is no plain signature over M");

  // Contexts: up to 255 bytes as in FIPS 204; longer is refused when signing, invalid when verifying.
  const longest = new Uint8Array(255).fill(7);
  assert.ok(hybridVerify(pq, 2, publicKey, message, hybridSign(pq, 2, mlDsa, ed, message, longest), longest));
  assert.throws(() => hybridSign(pq, 2, mlDsa, ed, message, new Uint8Array(256)), RangeError);
  assert.ok(!hybridVerify(pq, 2, publicKey, message, signature, new Uint8Array(256)));
});

test("scheme 1 signatures still verify under scheme 1, and no signature crosses schemes", () => {
  using mlDsa = pq.generateKey("ML-DSA-65");
  using ed = pq.generateKey("Ed25519");
  const publicKey = composite(mlDsa, ed);
  const v1 = hybridSign(pq, 1, mlDsa, ed, message, context);
  const v2 = hybridSign(pq, 2, mlDsa, ed, message, context);
  assert.ok(hybridVerify(pq, 1, publicKey, message, v1, context), "scheme 1 round trip");
  using mlPublic = pq.importPublicKey("ML-DSA-65", mlDsa.publicKey());
  using edPublic = pq.importPublicKey("Ed25519", ed.publicKey());
  const old = mPrimeV1(message, context);
  assert.ok(mlPublic.verify(old, v1.subarray(0, ML_DSA_SIG)), "scheme 1 is unchanged: ML-DSA over M', empty ctx");
  assert.ok(edPublic.verify(old, v1.subarray(ML_DSA_SIG)), "scheme 1 is unchanged: Ed25519 over M'");

  assert.ok(!hybridVerify(pq, 2, publicKey, message, v1, context), "a scheme-1 signature is refused by scheme 2");
  assert.ok(!hybridVerify(pq, 1, publicKey, message, v2, context), "a scheme-2 signature is refused by scheme 1");
  // Nor does mixing parts of the two help.
  const mixed = concat([v2.subarray(0, ML_DSA_SIG), v1.subarray(ML_DSA_SIG)]);
  assert.ok(!hybridVerify(pq, 1, publicKey, message, mixed, context));
  assert.ok(!hybridVerify(pq, 2, publicKey, message, mixed, context));
});

test("scheme 2 binds the composite public key: a part never moves to a key sharing a component", () => {
  // Two composite keys by hand, sharing the Ed25519 key (which the key service never does).
  using mlA = pq.generateKey("ML-DSA-65");
  using mlB = pq.generateKey("ML-DSA-65");
  using ed = pq.generateKey("Ed25519");
  const [publicA, publicB] = [composite(mlA, ed), composite(mlB, ed)];
  const signatureA = hybridSign(pq, 2, mlA, ed, message, context);
  assert.ok(hybridVerify(pq, 2, publicA, message, signatureA, context));
  assert.ok(!hybridVerify(pq, 2, publicB, message, signatureA, context), "A's signature is not B's");

  // The transplant: whoever can make B's ML-DSA part (a broken ML-DSA, or B's holder) reuses A's
  // Ed25519 part. Under scheme 2 A's Ed25519 part covers H(pk_A), so B's M' differs and it fails.
  const mlForB = mlB.sign(mPrimeV2(publicA, message, context), { context: LABEL_V2 });
  const transplant = concat([mlForB, signatureA.subarray(ML_DSA_SIG)]);
  assert.ok(!hybridVerify(pq, 2, publicB, message, transplant, context), "scheme 2: refused");
  const honestForB = concat([
    mlB.sign(mPrimeV2(publicB, message, context), { context: LABEL_V2 }),
    signatureA.subarray(ML_DSA_SIG),
  ]);
  assert.ok(!hybridVerify(pq, 2, publicB, message, honestForB, context), "B's M' with A's Ed25519 part: refused");

  // Scheme 1 had no such binding: the same transplant verifies there (why scheme 2 exists).
  const v1A = hybridSign(pq, 1, mlA, ed, message, context);
  const v1Transplant = concat([mlB.sign(mPrimeV1(message, context)), v1A.subarray(ML_DSA_SIG)]);
  assert.ok(hybridVerify(pq, 1, publicB, message, v1Transplant, context), "scheme 1 lacked the binding");
});
