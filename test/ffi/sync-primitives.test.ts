// The device-sync primitives through the binding, on Deno and Bun: sealed boxes per KEM
// (round trips, tampering, wrong aad/recipient/algorithm), sealed private keys reopening
// into the same key, Shamir recovery and each refusal, and Argon2id checked against the
// independent pure-JS implementation of @noble/hashes.

import { argon2id } from "@noble/hashes/argon2.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, softwareAlgorithms, throwsStatus } from "../support/pq.ts";
import { type KemAlgorithm, loadPqgate, SHAMIR_SHARE_OVERHEAD } from "../../ffi/mod.ts";
import { toHex } from "./vectors/vectors.ts";

const pq = loadPqgate();
const utf8 = (s: string) => new TextEncoder().encode(s);
const KEMS: KemAlgorithm[] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"];

/** Every `k`-element subset of `items`. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}

test("a sealed box round-trips for every KEM, with and without aad", () => {
  for (const alg of KEMS) {
    using sk = pq.generateKey(alg);
    using pk = pq.importPublicKey(alg, sk.publicKey());
    const plaintext = utf8(`bundle for ${alg}`);
    const sealed = pk.seal(plaintext, utf8("account 7|epoch 3"));
    assert.equal(sealed.length, 23 + pq.algorithmSizes(alg).ciphertext + plaintext.length, alg);
    assert.equal(new TextDecoder().decode(sealed.subarray(0, 4)), "PQSB");
    assert.deepEqual(sk.openSealed(sealed, utf8("account 7|epoch 3")), plaintext);
    assert.deepEqual(sk.openSealed(pk.seal(new Uint8Array(0))), new Uint8Array(0));
    assert.deepEqual(sk.openSealed(sk.seal(plaintext)), plaintext, "sealing to the private handle's public half");
    assert.notDeepEqual(pk.seal(plaintext), pk.seal(plaintext), "a fresh encapsulation per box");
  }
});

test("a tampered box, other aad, another recipient or algorithm all fail to open", () => {
  using sk = pq.generateKey("X-Wing");
  using other = pq.generateKey("X-Wing");
  using mlkem = pq.generateKey("ML-KEM-768");
  const aad = utf8("aad");
  const sealed = sk.seal(utf8("sixteen byte msg"), aad);
  for (let i = 5; i < sealed.length; i++) {
    throwsStatus(() => sk.openSealed(flip(sealed, i, 1 << (i % 8)), aad), "DECRYPTION_FAILED", "pq_seal_open");
  }
  throwsStatus(() => sk.openSealed(flip(sealed, 0), aad), "INVALID_ARGUMENT");
  throwsStatus(() => sk.openSealed(flip(sealed, 4), aad), "INVALID_ARGUMENT");
  throwsStatus(() => sk.openSealed(sealed, utf8("aaD")), "DECRYPTION_FAILED");
  throwsStatus(() => sk.openSealed(sealed), "DECRYPTION_FAILED");
  throwsStatus(() => other.openSealed(sealed, aad), "DECRYPTION_FAILED");
  throwsStatus(() => mlkem.openSealed(sealed, aad), "DECRYPTION_FAILED");
  throwsStatus(() => sk.openSealed(sealed.subarray(0, 6), aad), "INVALID_LENGTH");
  throwsStatus(() => sk.openSealed(sealed.subarray(0, sealed.length - 17), aad), "INVALID_LENGTH");
  throwsStatus(() => sk.openSealed(new Uint8Array(0), aad), "INVALID_LENGTH");
});

test("sealPrivateKey → openSealed → keyFromSeed gives back the same key, for every algorithm", () => {
  using recipient = pq.generateKey("X-Wing");
  using recipientPublic = pq.importPublicKey("X-Wing", recipient.publicKey());
  for (const alg of softwareAlgorithms(pq)) {
    using key = pq.generateKey(alg);
    const aad = utf8(`device-2|${alg}`);
    const sealed = pq.sealPrivateKey(key, recipientPublic, aad);
    const seed = recipient.openSealed(sealed, aad);
    assert.equal(seed.length, pq.algorithmSizes(alg).seed, alg);
    using again = pq.keyFromSeed(alg, seed);
    assert.equal(toHex(again.publicKey()), toHex(key.publicKey()), alg);
    throwsStatus(() => recipient.openSealed(sealed, utf8("device-3")), "DECRYPTION_FAILED");
  }
  // A public key has no seed to seal.
  using sk = pq.generateKey("ML-KEM-512");
  using pk = pq.importPublicKey("ML-KEM-512", sk.publicKey());
  throwsStatus(() => pq.sealPrivateKey(pk as never, recipientPublic), "WRONG_HANDLE_KIND", "pq_seal_private_key");
  // An ML-KEM key imported in expanded form: its seed is unknown, so it cannot be sealed.
  using expanded = pq.importPrivateKey("ML-KEM-768", ml_kem768.keygen().secretKey);
  throwsStatus(() => pq.sealPrivateKey(expanded, recipientPublic), "UNSUPPORTED_OPERATION");
  const disposed = pq.generateKey("Ed25519");
  disposed[Symbol.dispose]();
  throwsStatus(() => pq.sealPrivateKey(disposed, recipientPublic), "STALE_HANDLE");
});

test("Shamir 3-of-5: every 3-subset recovers, any 2 are insufficient", () => {
  const secret = pq.randomBytes(32);
  const shares = pq.shamirSplit(secret, 3, 5);
  assert.equal(shares.length, 5);
  for (const share of shares) assert.equal(share.length, 32 + SHAMIR_SHARE_OVERHEAD);
  const all = subsets(shares, 3);
  assert.equal(all.length, 10);
  for (const subset of all) {
    assert.deepEqual(pq.shamirCombine(subset), secret);
    assert.deepEqual(pq.shamirCombine([...subset].reverse()), secret);
  }
  assert.deepEqual(pq.shamirCombine(shares), secret);
  for (const pair of subsets(shares, 2)) throwsStatus(() => pq.shamirCombine(pair), "SHARES_INSUFFICIENT");
  throwsStatus(() => pq.shamirCombine([]), "SHARES_INSUFFICIENT", "pq_shamir_combine");
});

test("Shamir refuses corrupted, mixed, repeated and malformed shares", () => {
  const secret = utf8("recovery secret");
  const [a0, a1, a2] = pq.shamirSplit(secret, 2, 3) as [Uint8Array, Uint8Array, Uint8Array];
  const [b0] = pq.shamirSplit(secret, 2, 3) as [Uint8Array];
  for (let i = 19; i < a0.length; i++) throwsStatus(() => pq.shamirCombine([flip(a0, i), a1]), "SHARE_CORRUPT");
  throwsStatus(() => pq.shamirCombine([a0, b0]), "SHARES_INCONSISTENT");
  throwsStatus(() => pq.shamirCombine([a2, a2]), "SHARES_INCONSISTENT");
  throwsStatus(() => pq.shamirCombine([a0, flip(a1, 17, 4)]), "SHARES_INCONSISTENT"); // threshold byte
  throwsStatus(() => pq.shamirCombine([a0, a1.subarray(0, a1.length - 1)]), "SHARES_INCONSISTENT");
  throwsStatus(() => pq.shamirCombine([a0, flip(a1, 0, 3)]), "SHARE_MALFORMED"); // version
  throwsStatus(() => pq.shamirCombine([a0, a1.subarray(0, SHAMIR_SHARE_OVERHEAD)]), "SHARE_MALFORMED");
  throwsStatus(() => pq.shamirCombine([new Uint8Array(10), new Uint8Array(10)]), "SHARE_MALFORMED");
});

test("Shamir split bounds: threshold, count and secret size", () => {
  assert.equal(pq.shamirSplit(pq.randomBytes(64), 255, 255).length, 255);
  assert.equal(pq.shamirSplit(pq.randomBytes(1024), 2, 3)[0]?.length, 1024 + SHAMIR_SHARE_OVERHEAD);
  const two = pq.shamirSplit(utf8("x"), 2, 2);
  assert.deepEqual(pq.shamirCombine(two), utf8("x"));
  throwsStatus(() => pq.shamirSplit(utf8("x"), 1, 3), "INVALID_ARGUMENT", "pq_shamir_split");
  throwsStatus(() => pq.shamirSplit(utf8("x"), 4, 3), "INVALID_ARGUMENT");
  throwsStatus(() => pq.shamirSplit(utf8("x"), 2, 256), "INVALID_ARGUMENT");
  throwsStatus(() => pq.shamirSplit(utf8("x"), 2, 2 ** 32 - 1), "INVALID_ARGUMENT");
  throwsStatus(() => pq.shamirSplit(new Uint8Array(0), 2, 3), "INVALID_LENGTH");
  throwsStatus(() => pq.shamirSplit(new Uint8Array(1025), 2, 3), "INVALID_LENGTH");
  assert.throws(() => pq.shamirSplit(utf8("x"), 2.5, 3), TypeError);
  assert.throws(() => pq.shamirSplit(utf8("x"), 2, -1), RangeError);
});

test("passwordDerive equals the independent Argon2id of @noble/hashes", () => {
  const cases = [
    { password: "correct horse battery staple", salt: 16, memoryKiB: 64, iterations: 1, parallelism: 1, length: 32 },
    { password: "", salt: 64, memoryKiB: 256, iterations: 3, parallelism: 4, length: 64 },
    { password: "pässwörd", salt: 32, memoryKiB: 1024, iterations: 2, parallelism: 2, length: 16 },
  ];
  for (const c of cases) {
    const salt = pq.randomBytes(c.salt);
    const params = { memoryKiB: c.memoryKiB, iterations: c.iterations, parallelism: c.parallelism };
    const ours = pq.passwordDerive(utf8(c.password), salt, params, c.length);
    const noble = argon2id(utf8(c.password), salt, {
      t: c.iterations,
      m: c.memoryKiB,
      p: c.parallelism,
      dkLen: c.length,
    });
    assert.equal(toHex(ours), toHex(noble), JSON.stringify(c));
  }
  const params = { memoryKiB: 64, iterations: 1, parallelism: 1 };
  assert.equal(pq.passwordDerive(utf8("pw"), pq.randomBytes(16), params).length, 32, "default length");
});

test("passwordDerive refuses salts, costs and lengths out of bounds", () => {
  const ok = { memoryKiB: 64, iterations: 1, parallelism: 1 };
  const salt = pq.randomBytes(16);
  const refused = (s: Uint8Array, params: typeof ok, length = 32) =>
    throwsStatus(() => pq.passwordDerive(utf8("pw"), s, params, length), "INVALID_ARGUMENT");
  refused(pq.randomBytes(15), ok);
  refused(pq.randomBytes(65), ok);
  refused(salt, ok, 15);
  refused(salt, ok, 65);
  refused(salt, ok, 2 ** 32 - 1);
  refused(salt, { ...ok, memoryKiB: 7 });
  refused(salt, { ...ok, memoryKiB: 4 * 1024 * 1024 + 1 });
  refused(salt, { ...ok, memoryKiB: 31, parallelism: 4 });
  refused(salt, { ...ok, iterations: 0 });
  refused(salt, { ...ok, iterations: 17 });
  refused(salt, { ...ok, parallelism: 0 });
  refused(salt, { memoryKiB: 1024, iterations: 1, parallelism: 17 });
  assert.throws(() => pq.passwordDerive(utf8("pw"), salt, { ...ok, iterations: 1.5 }), TypeError);
  assert.throws(() => pq.passwordDerive(utf8("pw"), salt, { ...ok, memoryKiB: -1 }), RangeError);
});
