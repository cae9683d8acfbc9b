// Symmetric named-key handles through the binding: AEAD keys and HMAC keys hold their bytes in
// Rust; what they produce is checked against independent implementations (@noble/ciphers,
// @noble/hashes) by deriving the same key from known bytes with keyFromSeed.

import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { gcm } from "@noble/ciphers/aes.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { throwsStatus } from "../support/pq.ts";
import { loadPqgate, MacKey, SecretKey } from "../../ffi/mod.ts";

const pq = loadPqgate();
const utf8 = (s: string) => new TextEncoder().encode(s);

test("AEAD keys seal what an independent AES-GCM / ChaCha20-Poly1305 opens, and the reverse fails on tampering", () => {
  const raw = pq.randomBytes(32);
  const aad = utf8("header");
  for (const [algorithm, cipher] of [["AES-256-GCM", gcm], ["ChaCha20-Poly1305", chacha20poly1305]] as const) {
    using key = pq.keyFromSeed(algorithm, raw);
    assert.ok(key instanceof SecretKey);
    assert.equal(key.kind, "secret-key");
    const sealed = key.encrypt(aad, utf8("attack at dawn"));
    assert.equal(sealed.length, 12 + 14 + 16);
    const opened = cipher(raw, sealed.subarray(0, 12), aad).decrypt(sealed.subarray(12));
    assert.deepEqual(opened, utf8("attack at dawn"), algorithm);
    const nonce = pq.randomBytes(12);
    const theirs = cipher(raw, nonce, aad).encrypt(utf8("hello"));
    assert.deepEqual(key.decrypt(aad, new Uint8Array([...nonce, ...theirs])), utf8("hello"));
    throwsStatus(() => key.decrypt(utf8("other"), sealed), "DECRYPTION_FAILED");
    throwsStatus(() => key.publicKey(), "UNSUPPORTED_OPERATION");
  }
});

test("HMAC keys match an independent HMAC and verify in Rust", () => {
  const cases = [
    ["HMAC-SHA-256", sha256, 32],
    ["HMAC-SHA-512", sha512, 64],
    ["HMAC-SHA3-256", sha3_256, 32],
  ] as const;
  for (const [algorithm, hash, length] of cases) {
    const raw = pq.randomBytes(length);
    using key = pq.keyFromSeed(algorithm, raw);
    assert.ok(key instanceof MacKey);
    const tag = key.mac(utf8("data"));
    assert.deepEqual(tag, hmac(hash, raw, utf8("data")), algorithm);
    assert.equal(key.verify(utf8("data"), tag), true);
    assert.equal(key.verify(utf8("datA"), tag), false);
    assert.equal(key.verify(utf8("data"), tag.subarray(0, 16)), false);
    throwsStatus(() => pq.keyFromSeed(algorithm, raw.subarray(1)), "INVALID_LENGTH");
  }
  using generated = pq.generateKey("HMAC-SHA-512");
  assert.equal(generated.mac(utf8("x")).length, 64);
});
