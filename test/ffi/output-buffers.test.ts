// The caller-buffer ("into") forms of the hot operations: byte-identical to the convenient
// API and the known answers, short buffers refused with BUFFER_TOO_SMALL before Rust is called
// (nothing written), buffers reused across many calls stay correct.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { throwsStatus } from "../support/pq.ts";
import { type AeadAlgorithm, type KemAlgorithm, loadPqgate, type SignatureAlgorithm } from "../../ffi/mod.ts";
import { hex, toHex } from "./vectors/vectors.ts";

const pq = loadPqgate();
const utf8 = (s: string) => new TextEncoder().encode(s);
const KEMS: KemAlgorithm[] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"];
const SIGNERS: SignatureAlgorithm[] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519"];
const AEADS: AeadAlgorithm[] = ["AES-256-GCM", "ChaCha20-Poly1305"];

test("encapsulateInto and decapsulateInto agree with the convenient API, reused over many calls", () => {
  for (const alg of KEMS) {
    const sizes = pq.algorithmSizes(alg);
    using sk = pq.generateKey(alg);
    using pk = pq.importPublicKey(alg, sk.publicKey());
    // Larger than needed: results go to the start, the tail is never touched.
    const ct = new Uint8Array(sizes.ciphertext + 7).fill(0xee), ss = new Uint8Array(sizes.sharedSecret + 3).fill(0xee);
    const secret = new Uint8Array(sizes.sharedSecret);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      assert.equal(pk.encapsulateInto(ct, ss), sizes.ciphertext, alg);
      const ciphertext = ct.slice(0, sizes.ciphertext);
      assert.equal(sk.decapsulateInto(ciphertext, secret), sizes.sharedSecret, alg);
      assert.equal(toHex(secret), toHex(ss.subarray(0, sizes.sharedSecret)), `${alg} call ${i}`);
      assert.equal(toHex(sk.decapsulate(ciphertext)), toHex(secret), `${alg} call ${i}`);
      seen.add(toHex(ciphertext));
    }
    assert.equal(seen.size, 200, `${alg}: fresh randomness on every call`);
    assert.equal(toHex(ct.subarray(sizes.ciphertext)), "ee".repeat(7));
    assert.equal(toHex(ss.subarray(sizes.sharedSecret)), "ee".repeat(3));
    // The deterministic form gives exactly what the convenient one does.
    const randomness = pq.randomBytes(sizes.encapsulationRandomness);
    const expected = pk.encapsulateDeterministic(randomness);
    pk.encapsulateDeterministicInto(randomness, ct, ss);
    assert.equal(toHex(ct.subarray(0, sizes.ciphertext)), toHex(expected.ciphertext), alg);
    assert.equal(toHex(ss.subarray(0, sizes.sharedSecret)), toHex(expected.sharedSecret), alg);
  }
});

test("short KEM output buffers are refused before the call and left untouched", () => {
  const sizes = pq.algorithmSizes("ML-KEM-768");
  using sk = pq.generateKey("ML-KEM-768");
  const ct = new Uint8Array(sizes.ciphertext), ss = new Uint8Array(sizes.sharedSecret);
  const shortCt = new Uint8Array(sizes.ciphertext - 1).fill(7), shortSs = new Uint8Array(31).fill(7);
  throwsStatus(() => sk.encapsulateInto(shortCt, ss), "BUFFER_TOO_SMALL", "pq_kem_encapsulate");
  throwsStatus(() => sk.encapsulateInto(ct, shortSs), "BUFFER_TOO_SMALL", "pq_kem_encapsulate");
  throwsStatus(() => sk.encapsulateInto(new Uint8Array(0), new Uint8Array(0)), "BUFFER_TOO_SMALL");
  throwsStatus(
    () => sk.encapsulateDeterministicInto(new Uint8Array(32), shortCt, ss),
    "BUFFER_TOO_SMALL",
    "pq_kem_encapsulate_deterministic",
  );
  sk.encapsulateInto(ct, ss);
  throwsStatus(() => sk.decapsulateInto(ct, shortSs), "BUFFER_TOO_SMALL", "pq_kem_decapsulate");
  assert.ok(shortCt.every((b) => b === 7) && shortSs.every((b) => b === 7), "nothing written");
  assert.throws(() => sk.decapsulateInto(ct, "x" as unknown as Uint8Array), TypeError);
  assert.throws(() => sk.encapsulateInto(new Uint8Array(new SharedArrayBuffer(2000)), ss), TypeError);
  // The message names the buffer and the size it needs.
  assert.throws(() => sk.decapsulateInto(ct, shortSs), /sharedSecretOut has 31 bytes, 32 needed/);
  // A wrong-size ciphertext is still Rust's INVALID_LENGTH, and a disposed key STALE_HANDLE.
  throwsStatus(() => sk.decapsulateInto(ct.subarray(1), ss), "INVALID_LENGTH");
  sk[Symbol.dispose]();
  throwsStatus(() => sk.encapsulateInto(ct, ss), "STALE_HANDLE");
});

test("signInto gives the convenient API's signatures and verifies, reused over many calls", () => {
  const message = utf8("signed into a reused buffer");
  for (const alg of SIGNERS) {
    const sizes = pq.algorithmSizes(alg);
    using sk = pq.generateKey(alg);
    const sig = new Uint8Array(sizes.signature);
    // Deterministic signing is a function of key and message: both forms must agree exactly.
    assert.equal(sk.signInto(message, sig, { deterministic: true }), sizes.signature, alg);
    assert.equal(toHex(sig), toHex(sk.sign(message, { deterministic: true })), alg);
    for (let i = 0; i < 50; i++) {
      const written = sk.signInto(message, sig, { context: alg === "Ed25519" ? undefined : utf8(`ctx ${i}`) });
      const options = alg === "Ed25519" ? {} : { context: utf8(`ctx ${i}`) };
      assert.ok(sk.verify(message, sig.subarray(0, written), options), `${alg} call ${i}`);
    }
    const short = new Uint8Array(sizes.signature - 1);
    throwsStatus(() => sk.signInto(message, short), "BUFFER_TOO_SMALL", "pq_sig_sign");
    assert.ok(short.every((b) => b === 0));
  }
});

test("aeadSealInto and aeadOpenInto agree with the known answer and the convenient API", () => {
  // RFC 8439 §2.8.2 (also in roundtrip.test.ts), opened into a reused buffer.
  const key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  const aad = hex("50515253c0c1c2c3c4c5c6c7");
  const sealed = hex(
    "070000004041424344454647" +
      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a" +
      "9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9d" +
      "e576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691",
  );
  const out = new Uint8Array(4096);
  const n = pq.aeadOpenInto("ChaCha20-Poly1305", key, aad, sealed, out);
  assert.equal(toHex(out.subarray(0, n)), toHex(pq.aeadOpen("ChaCha20-Poly1305", key, aad, sealed)));
  assert.match(new TextDecoder().decode(out.subarray(0, n)), /^Ladies and Gentlemen of the class of '99/);

  for (const alg of AEADS) {
    const k = pq.randomBytes(32);
    const box = new Uint8Array(1024 + 28), plain = new Uint8Array(1024);
    for (let i = 0; i < 200; i++) {
      const plaintext = pq.randomBytes(i * 5);
      const written = pq.aeadSealInto(alg, k, aad, plaintext, box);
      assert.equal(written, plaintext.length + 28, alg);
      const opened = pq.aeadOpenInto(alg, k, aad, box.subarray(0, written), plain);
      assert.equal(toHex(plain.subarray(0, opened)), toHex(plaintext), `${alg} call ${i}`);
      assert.equal(toHex(pq.aeadOpen(alg, k, aad, box.subarray(0, written))), toHex(plaintext), alg);
    }
    const plaintext = utf8("attack at dawn");
    const sealedBox = pq.aeadSeal(alg, k, aad, plaintext);
    const short = new Uint8Array(plaintext.length + 27);
    throwsStatus(() => pq.aeadSealInto(alg, k, aad, plaintext, short), "BUFFER_TOO_SMALL", "pq_aead_seal");
    throwsStatus(() => pq.aeadOpenInto(alg, k, aad, sealedBox, short.subarray(0, 13)), "BUFFER_TOO_SMALL");
    assert.ok(short.every((b) => b === 0), "nothing written");
    // Failure leaves the output untouched too.
    const before = toHex(plain);
    const tampered = sealedBox.slice();
    tampered[tampered.length - 1]! ^= 1;
    throwsStatus(() => pq.aeadOpenInto(alg, k, aad, tampered, plain), "DECRYPTION_FAILED", "pq_aead_open");
    assert.equal(toHex(plain), before);
  }
});
