// Every algorithm works end to end through the TypeScript binding: KEMs via an exported
// and re-imported public key, signatures with a context, X25519 both ways, hashes, HKDF
// and both AEADs against published known answers.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, throwsStatus } from "../support/pq.ts";
import {
  type AeadAlgorithm,
  type HashAlgorithm,
  type KemAlgorithm,
  loadPqgate,
  type SignatureAlgorithm,
} from "../../ffi/mod.ts";
import { ALGORITHMS, KEY_KINDS, unsafeRawSymbols } from "../../ffi/internal.ts";
import { hex, toHex } from "./vectors/vectors.ts";

const pq = loadPqgate();
const utf8 = (s: string) => new TextEncoder().encode(s);
const KEMS: KemAlgorithm[] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"];
const SIGNERS: SignatureAlgorithm[] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519"];

/** A copy of `bytes` with one bit flipped at `index` (negative counts from the end). */
test("the library loads, passes its self-tests and reports ABI version 1", () => {
  assert.equal(pq.abiVersion, 1);
  assert.deepEqual(pq.selfTest(), { ok: true, code: 0, message: pq.selfTest().message });
  assert.ok(pq.selfTest().message.length > 0);
  assert.ok(pq.runtime === "deno" || pq.runtime === "bun");
});

test("every KEM round-trips through an exported and re-imported public key", () => {
  for (const alg of KEMS) {
    const sizes = pq.algorithmSizes(alg);
    using sk = pq.generateKey(alg);
    assert.equal(sk.kind, "kem-decapsulation-key");
    const exported = sk.publicKey();
    assert.equal(exported.length, sizes.publicKey, alg);
    using pk = pq.importPublicKey(alg, exported);
    assert.equal(pk.kind, "kem-encapsulation-key");
    assert.equal(toHex(pk.publicKey()), toHex(exported));
    const { ciphertext, sharedSecret } = pk.encapsulate();
    assert.equal(ciphertext.length, sizes.ciphertext, alg);
    assert.equal(sharedSecret.length, sizes.sharedSecret, alg);
    assert.equal(toHex(sk.decapsulate(ciphertext)), toHex(sharedSecret), alg);
    // A private key also encapsulates (to its own public half).
    const own = sk.encapsulate();
    assert.equal(toHex(sk.decapsulate(own.ciphertext)), toHex(own.sharedSecret), alg);
    // Implicit rejection: a tampered ciphertext gives another secret, not an error.
    assert.notEqual(toHex(sk.decapsulate(flip(ciphertext, 0))), toHex(sharedSecret), alg);
  }
});

test("deterministic encapsulation repeats for the same randomness", () => {
  for (const alg of KEMS) {
    using sk = pq.generateKey(alg);
    const randomness = new Uint8Array(pq.algorithmSizes(alg).encapsulationRandomness).fill(7);
    const a = sk.encapsulateDeterministic(randomness);
    const b = sk.encapsulateDeterministic(randomness);
    assert.equal(toHex(a.ciphertext), toHex(b.ciphertext), alg);
    assert.equal(toHex(sk.decapsulate(a.ciphertext)), toHex(a.sharedSecret), alg);
  }
});

test("every signer signs and verifies with a context; keys from seeds are reproducible", () => {
  for (const alg of SIGNERS) {
    const sizes = pq.algorithmSizes(alg);
    const context = alg === "Ed25519" ? undefined : utf8("pqgate roundtrip");
    const message = utf8(`message for ${alg}`);
    using sk = pq.generateKey(alg);
    assert.equal(sk.kind, "signing-key");
    using pk = pq.importPublicKey(alg, sk.publicKey());
    assert.equal(pk.kind, "verifying-key");
    const signature = sk.sign(message, { context });
    assert.equal(signature.length, sizes.signature, alg);
    assert.equal(pk.verify(message, signature, { context }), true, alg);
    assert.equal(sk.verify(message, signature, { context }), true, `${alg}: a signing key verifies too`);
    assert.equal(pk.verify(utf8("another message"), signature, { context }), false, alg);
    assert.equal(pk.verify(message, flip(signature, 10, 0x40), { context }), false, alg);
    if (context !== undefined) {
      assert.equal(pk.verify(message, signature, { context: utf8("other") }), false, `${alg}: context is bound`);
      // Deterministic signing repeats; hedged signing (the default) does not.
      assert.equal(
        toHex(sk.sign(message, { context, deterministic: true })),
        toHex(sk.sign(message, { context, deterministic: true })),
      );
      assert.notEqual(toHex(sk.sign(message, { context })), toHex(sk.sign(message, { context })));
      const digest = pq.hash("SHA-512", message);
      const pre = sk.signPrehashed("SHA-512", digest, { context });
      assert.equal(pk.verifyPrehashed("SHA-512", digest, pre, { context }), true, alg);
      assert.equal(pk.verify(message, pre, { context }), false, `${alg}: HashML-DSA is domain-separated`);
      const internal = sk.signInternal(message);
      assert.equal(pk.verifyInternal(message, internal), true, alg);
    }
    const seed = new Uint8Array(sizes.seed).fill(42);
    using a = pq.keyFromSeed(alg, seed);
    using b = pq.keyFromSeed(alg, seed);
    assert.equal(toHex(a.publicKey()), toHex(b.publicKey()), alg);
  }
});

test("X25519 agrees both ways, with bytes or a public-key handle", () => {
  using alice = pq.generateKey("X25519");
  using bob = pq.generateKey("X25519");
  assert.equal(alice.kind, "agreement-private-key");
  using bobPublic = pq.importPublicKey("X25519", bob.publicKey());
  assert.equal(bobPublic.kind, "agreement-public-key");
  const ab = alice.agree(bobPublic);
  assert.equal(ab.length, 32);
  assert.equal(toHex(ab), toHex(bob.agree(alice.publicKey())));
  // RFC 7748 §6.1 test vector: Alice's private scalar and Bob's public key.
  using a = pq.importPrivateKey("X25519", hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  assert.equal(toHex(a.publicKey()), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  const shared = a.agree(hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
  assert.equal(toHex(shared), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
});

test("every key reports the kind and algorithm numbers of the header (pq_key_info)", () => {
  const raw = unsafeRawSymbols(pq);
  const kind = new Uint32Array(1);
  const algorithm = new Uint32Array(1);
  for (const alg of [...KEMS, ...SIGNERS, "X25519"] as const) {
    using sk = pq.generateKey(alg);
    using pk = pq.importPublicKey(alg, sk.publicKey());
    for (const key of [sk, pk]) {
      assert.equal(raw.pq_key_info(key.handle, kind, algorithm), 0);
      assert.equal(kind[0], KEY_KINDS[key.kind], `${alg} ${key.kind}`);
      assert.equal(algorithm[0], ALGORITHMS[alg], `${alg} ${key.kind}`);
    }
  }
});

test("hashes match their known answers for 'abc'", () => {
  const expected: Record<HashAlgorithm, string> = {
    "SHA-224": "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
    "SHA-256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "SHA-384": "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    "SHA-512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" +
      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    "SHA-512/224": "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
    "SHA-512/256": "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
    "SHA3-224": "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
    "SHA3-256": "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
    "SHA3-384": "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25",
    "SHA3-512": "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e" +
      "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0",
    "SHAKE128": "5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8",
    "SHAKE256": "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739" +
      "d5a15bef186a5386c75744c0527e1faa9f8726e462a12a4feb06bd8801e751e4",
  };
  for (const [alg, digest] of Object.entries(expected) as [HashAlgorithm, string][]) {
    assert.equal(toHex(pq.hash(alg, utf8("abc"))), digest, alg);
  }
  // An empty input is a valid input (Deno passes NULL, Bun a pointer; both mean "empty").
  assert.equal(
    toHex(pq.hash("SHA-256", new Uint8Array(0))),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});

test("HKDF-SHA-256 matches RFC 5869 test case 1", () => {
  const okm = pq.hkdf(
    "SHA-256",
    new Uint8Array(22).fill(0x0b),
    hex("000102030405060708090a0b0c"),
    hex("f0f1f2f3f4f5f6f7f8f9"),
    42,
  );
  assert.equal(toHex(okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  assert.equal(pq.hkdf("SHA3-256", utf8("ikm"), new Uint8Array(0), new Uint8Array(0), 16).length, 16);
});

// Known answers given as nonce ‖ ciphertext ‖ tag, the layout pq_aead_open takes.
const AEAD_KNOWN_ANSWERS: Record<AeadAlgorithm, { key: string; aad: string; sealed: string; plaintext: string }> = {
  // McGrew & Viega GCM test case 16 (AES-256).
  "AES-256-GCM": {
    key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
    sealed: "cafebabefacedbaddecaf888" +
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e63" +
      "93ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b",
    plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525" +
      "b16aedf5aa0de657ba637b39",
  },
  // RFC 8439 §2.8.2.
  "ChaCha20-Poly1305": {
    key: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
    aad: "50515253c0c1c2c3c4c5c6c7",
    sealed: "070000004041424344454647" +
      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a" +
      "9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9d" +
      "e576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691",
    plaintext: toHex(
      utf8(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
      ),
    ),
  },
};

test("both AEADs open their known answers, round-trip, and reject tampering", () => {
  for (const alg of Object.keys(AEAD_KNOWN_ANSWERS) as AeadAlgorithm[]) {
    const kat = AEAD_KNOWN_ANSWERS[alg];
    assert.equal(toHex(pq.aeadOpen(alg, hex(kat.key), hex(kat.aad), hex(kat.sealed))), kat.plaintext, alg);
    const key = pq.randomBytes(32);
    const aad = utf8("key id 7");
    for (const plaintext of [new Uint8Array(0), utf8("attack at dawn"), pq.randomBytes(5000)]) {
      const sealed = pq.aeadSeal(alg, key, aad, plaintext);
      assert.equal(sealed.length, plaintext.length + 28, alg);
      assert.equal(toHex(pq.aeadOpen(alg, key, aad, sealed)), toHex(plaintext), alg);
      throwsStatus(() => pq.aeadOpen(alg, key, aad, flip(sealed, -1)), "DECRYPTION_FAILED");
      throwsStatus(() => pq.aeadOpen(alg, key, aad, flip(sealed, 0)), "DECRYPTION_FAILED");
      throwsStatus(() => pq.aeadOpen(alg, key, utf8("key id 8"), sealed), "DECRYPTION_FAILED");
      throwsStatus(() => pq.aeadOpen(alg, pq.randomBytes(32), aad, sealed), "DECRYPTION_FAILED");
    }
    // Fresh nonces: sealing twice gives different outputs.
    assert.notEqual(toHex(pq.aeadSeal(alg, key, aad, utf8("x"))), toHex(pq.aeadSeal(alg, key, aad, utf8("x"))));
  }
});

test("randomBytes returns the requested length and differs between calls", () => {
  assert.equal(pq.randomBytes(0).length, 0);
  assert.equal(pq.randomBytes(100).length, 100);
  assert.notEqual(toHex(pq.randomBytes(32)), toHex(pq.randomBytes(32)));
});
