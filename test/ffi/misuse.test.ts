// Misuse from TypeScript: every wrong input must come back as its specific status (or a
// TypeError before reaching Rust), never as a crash. The raw symbols are used where the
// typed API would refuse the call before the ABI could be exercised.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { throwsStatus } from "../support/pq.ts";
import { type Algorithm, loadPqgate, PqError, PqStatus } from "../../ffi/mod.ts";
import { ALGORITHMS, HASHES, KEY_KINDS, unsafeRawSymbols } from "../../ffi/internal.ts";

const pq = loadPqgate();
const raw = unsafeRawSymbols(pq);
const utf8 = (s: string) => new TextEncoder().encode(s);

test("wrong-size keys, seeds, ciphertexts, signatures and randomness give INVALID_LENGTH", () => {
  throwsStatus(() => pq.importPublicKey("ML-KEM-768", new Uint8Array(1183)), "INVALID_LENGTH", "pq_key_import_public");
  throwsStatus(() => pq.importPrivateKey("ML-DSA-65", new Uint8Array(31)), "INVALID_LENGTH", "pq_key_import_private");
  throwsStatus(() => pq.keyFromSeed("ML-KEM-512", new Uint8Array(32)), "INVALID_LENGTH", "pq_key_from_seed");
  throwsStatus(() => pq.importPublicKey("Ed25519", new Uint8Array(0)), "INVALID_LENGTH");
  using kem = pq.generateKey("ML-KEM-768");
  const { ciphertext } = kem.encapsulate();
  throwsStatus(() => kem.decapsulate(ciphertext.subarray(1)), "INVALID_LENGTH", "pq_kem_decapsulate");
  throwsStatus(() => kem.decapsulate(new Uint8Array(0)), "INVALID_LENGTH");
  throwsStatus(() => kem.encapsulateDeterministic(new Uint8Array(31)), "INVALID_LENGTH");
  using signer = pq.generateKey("ML-DSA-44");
  const signature = signer.sign(utf8("m"));
  throwsStatus(() => signer.verify(utf8("m"), signature.subarray(1)), "INVALID_LENGTH", "pq_sig_verify");
  throwsStatus(() => signer.sign(utf8("m"), { rnd: new Uint8Array(31) }), "INVALID_LENGTH", "pq_sig_sign");
  throwsStatus(() => signer.signPrehashed("SHA-256", new Uint8Array(31)), "INVALID_LENGTH");
  using x = pq.generateKey("X25519");
  throwsStatus(() => x.agree(new Uint8Array(31)), "INVALID_LENGTH", "pq_x25519_agree");
  throwsStatus(() => pq.aeadSeal("AES-256-GCM", new Uint8Array(16), new Uint8Array(0), utf8("p")), "INVALID_LENGTH");
});

test("invalid key material gives INVALID_KEY; low-order X25519 peers give NON_CONTRIBUTORY", () => {
  // An ML-KEM ek whose first coefficient is 0xfff > q fails the FIPS 203 §7.2 modulus check.
  const ek = new Uint8Array(1184);
  ek[0] = 0xff;
  ek[1] = 0x0f;
  throwsStatus(() => pq.importPublicKey("ML-KEM-768", ek), "INVALID_KEY");
  using x = pq.generateKey("X25519");
  throwsStatus(() => x.agree(new Uint8Array(32)), "NON_CONTRIBUTORY");
});

test("context longer than 255 bytes gives CONTEXT_TOO_LONG; Ed25519 refuses a context", () => {
  using sk = pq.generateKey("ML-DSA-65");
  throwsStatus(() => sk.sign(utf8("m"), { context: new Uint8Array(256) }), "CONTEXT_TOO_LONG", "pq_sig_sign");
  const ok = sk.sign(utf8("m"), { context: new Uint8Array(255) });
  assert.equal(sk.verify(utf8("m"), ok, { context: new Uint8Array(255) }), true);
  throwsStatus(() => sk.verify(utf8("m"), ok, { context: new Uint8Array(256) }), "CONTEXT_TOO_LONG");
  using ed = pq.generateKey("Ed25519");
  throwsStatus(() => ed.sign(utf8("m"), { context: utf8("c") }), "INVALID_ARGUMENT");
  throwsStatus(() => ed.signInternal(utf8("m")), "UNSUPPORTED_OPERATION");
});

test("a disposed key throws STALE_HANDLE; disposing twice is a no-op; Rust agrees on staleness", () => {
  const sk = pq.generateKey("ML-DSA-44");
  const handle = sk.handle;
  sk[Symbol.dispose]();
  assert.equal(sk.disposed, true);
  sk[Symbol.dispose](); // no-op, no throw
  throwsStatus(() => sk.sign(utf8("m")), "STALE_HANDLE", "pq_sig_sign");
  throwsStatus(() => sk.publicKey(), "STALE_HANDLE");
  // The same handle through the raw ABI: Rust itself reports the freed handle.
  assert.equal(raw.pq_key_free(handle), PqStatus.STALE_HANDLE);
  const out = new Uint8Array(2000);
  const len = new Uint32Array(1);
  assert.equal(raw.pq_key_export_public(handle, out, out.length, len), PqStatus.STALE_HANDLE);
  // A handle freed behind the wrapper's back makes its dispose report the double free.
  const other = pq.generateKey("X25519");
  assert.equal(raw.pq_key_free(other.handle), PqStatus.OK);
  throwsStatus(() => other[Symbol.dispose](), "STALE_HANDLE", "pq_key_free");
});

test("a handle of the wrong kind gives WRONG_HANDLE_KIND through the raw symbols", () => {
  using kem = pq.generateKey("ML-KEM-768");
  using signer = pq.generateKey("Ed25519");
  using pk = pq.importPublicKey("Ed25519", signer.publicKey());
  const msg = utf8("m");
  const empty = new Uint8Array(0);
  const out = new Uint8Array(8192);
  const len = new Uint32Array(1);
  const sign = (h: bigint) => raw.pq_sig_sign(h, msg, msg.length, empty, 0, empty, 0, out, out.length, len);
  assert.equal(sign(kem.handle), PqStatus.WRONG_HANDLE_KIND, "a KEM key cannot sign");
  assert.equal(sign(pk.handle), PqStatus.WRONG_HANDLE_KIND, "a verifying key cannot sign");
  const ss = new Uint8Array(32);
  assert.equal(
    raw.pq_kem_decapsulate(signer.handle, out, 1088, ss, ss.length, len),
    PqStatus.WRONG_HANDLE_KIND,
    "a signing key cannot decapsulate",
  );
  assert.equal(
    raw.pq_x25519_agree(kem.handle, out, 32, ss, ss.length, len),
    PqStatus.WRONG_HANDLE_KIND,
    "a KEM key cannot agree",
  );
});

test("forged handles give INVALID_HANDLE everywhere", () => {
  const random = new BigUint64Array(4);
  crypto.getRandomValues(random);
  // A handle is kind (8 bits) | generation | slot (32 bits). Each random one gets the kind
  // byte of a real key kind, so the lookup reaches the slot, and bit 31 of the slot, which no
  // live slot has (the table holds at most 2^22 handles): INVALID_HANDLE whatever the random
  // bits. (A random kind byte would now and then be the keystore's: WRONG_HANDLE_KIND below.)
  const asVerifyingKey = (r: bigint) =>
    (r & ~(0xffn << 56n)) | (BigInt(KEY_KINDS["verifying-key"]) << 56n) | 0x8000_0000n;
  const forged = [0n, (1n << 64n) - 1n, ...Array.from(random, asVerifyingKey)];
  const kind = new Uint32Array(1);
  const alg = new Uint32Array(1);
  const msg = utf8("m");
  const sig = new Uint8Array(2420);
  for (const h of forged) {
    assert.equal(raw.pq_key_free(h), PqStatus.INVALID_HANDLE, `free ${h}`);
    assert.equal(raw.pq_key_info(h, kind, alg), PqStatus.INVALID_HANDLE, `info ${h}`);
    assert.equal(raw.pq_sig_verify(h, msg, msg.length, msg, 0, sig, sig.length), PqStatus.INVALID_HANDLE);
  }
  // The keystore's kind byte on a key call is a handle of the wrong kind, not an unknown one.
  const keystoreKind = ((random[0] ?? 0n) & ~(0xffn << 56n)) | (16n << 56n); // KEYSTORE_KIND, rust/core/src/handles.rs
  assert.equal(raw.pq_key_free(keystoreKind), PqStatus.WRONG_HANDLE_KIND);
});

test("too-small outputs give BUFFER_TOO_SMALL with the required size, and write nothing", () => {
  using sk = pq.generateKey("ML-DSA-87");
  const sizes = pq.algorithmSizes("ML-DSA-87");
  const small = new Uint8Array(8).fill(0xaa);
  const len = new Uint32Array(1);
  assert.equal(raw.pq_key_export_public(sk.handle, small, small.length, len), PqStatus.BUFFER_TOO_SMALL);
  assert.equal(len[0], sizes.publicKey);
  assert.ok(small.every((b) => b === 0xaa), "nothing written on failure");
  const msg = utf8("m");
  const empty = new Uint8Array(0);
  assert.equal(
    raw.pq_sig_sign(sk.handle, msg, msg.length, empty, 0, empty, 0, small, small.length, len),
    PqStatus.BUFFER_TOO_SMALL,
  );
  assert.equal(len[0], sizes.signature);
  // (NULL/empty, 0) asks for the size.
  assert.equal(raw.pq_hash(HASHES["SHA3-512"], msg, msg.length, empty, 0, len), PqStatus.BUFFER_TOO_SMALL);
  assert.equal(len[0], 64);
  const counts = new Uint32Array(3);
  assert.equal(raw.pq_algorithm_sizes(ALGORITHMS["X-Wing"], counts, 3, len), PqStatus.BUFFER_TOO_SMALL);
  assert.equal(len[0], 7);
  assert.equal(raw.pq_status_message(PqStatus.INTERNAL, small, 1, len), PqStatus.BUFFER_TOO_SMALL);
  assert.ok((len[0] ?? 0) > 1);
});

test("a lying huge length gives INPUT_TOO_LARGE before Rust reads a byte", () => {
  const tiny = new Uint8Array(4);
  const out = new Uint8Array(64);
  const len = new Uint32Array(1);
  const handle = new BigUint64Array(1);
  // Both lengths exceed the 64 MiB boundary limit, so Rust refuses them up front; a lie
  // below the limit would be undefined behaviour in any C library and is not attempted.
  for (const lie of [0xffff_ffff, (64 << 20) + 1]) {
    assert.equal(raw.pq_hash(HASHES["SHA-256"], tiny, lie, out, out.length, len), PqStatus.INPUT_TOO_LARGE);
    assert.equal(raw.pq_key_import_public(ALGORITHMS["ML-KEM-768"], tiny, lie, handle), PqStatus.INPUT_TOO_LARGE);
    assert.equal(raw.pq_random_bytes(tiny, lie), PqStatus.INPUT_TOO_LARGE);
  }
  assert.equal(handle[0], 0n, "no handle written");
});

test("unknown algorithms: TypeError from the typed API, UNKNOWN_ALGORITHM from the ABI", () => {
  const bogus = "ML-KEM-999" as Algorithm;
  assert.throws(() => pq.generateKey(bogus), TypeError);
  assert.throws(() => pq.algorithmSizes("toString" as Algorithm), TypeError);
  assert.throws(() => pq.hash("MD5" as "SHA-256", utf8("x")), TypeError);
  assert.throws(() => pq.aeadSeal("AES-128-GCM" as "AES-256-GCM", new Uint8Array(32), utf8(""), utf8("")), TypeError);
  const handle = new BigUint64Array(1);
  const len = new Uint32Array(1);
  assert.equal(raw.pq_key_generate(99, handle), PqStatus.UNKNOWN_ALGORITHM);
  assert.equal(raw.pq_algorithm_sizes(0, new Uint32Array(7), 7, len), PqStatus.UNKNOWN_ALGORITHM);
  const out = new Uint8Array(64);
  assert.equal(raw.pq_hash(13, out, 1, out, out.length, len), PqStatus.UNKNOWN_ALGORITHM);
  assert.equal(raw.pq_status_message(-12345, out, out.length, len), PqStatus.INVALID_ARGUMENT);
});

test("non-Uint8Array, shared and resizable inputs are refused with TypeError before Rust", () => {
  using sk = pq.generateKey("Ed25519");
  const asAny = (v: unknown) => v as Uint8Array;
  assert.throws(() => sk.sign(asAny("text")), TypeError);
  assert.throws(() => sk.sign(asAny([1, 2, 3])), TypeError);
  assert.throws(() => sk.sign(asAny(new Uint16Array(4))), TypeError);
  assert.throws(() => sk.sign(asAny(new ArrayBuffer(4))), TypeError);
  assert.throws(() => sk.sign(asAny(null)), TypeError);
  assert.throws(() => pq.hash("SHA-256", new Uint8Array(new SharedArrayBuffer(8))), TypeError);
  const resizable = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer)(8, {
    maxByteLength: 16,
  });
  assert.throws(() => pq.hash("SHA-256", new Uint8Array(resizable)), TypeError);
  assert.throws(() => pq.randomBytes(-1), RangeError);
  assert.throws(() => pq.randomBytes(1.5), TypeError);
  assert.throws(() => sk.sign(utf8("m"), { deterministic: true, rnd: new Uint8Array(32) }), TypeError);
  // A subarray view is fine: only its own bytes are passed.
  const backing = utf8("xxabcxx");
  assert.equal(
    Array.from(pq.hash("SHA-256", backing.subarray(2, 5))).join(),
    Array.from(pq.hash("SHA-256", utf8("abc"))).join(),
  );
});

test("every status code has a message from Rust, and PqError carries it", () => {
  for (const [name, code] of Object.entries(PqStatus)) {
    const e = new PqError("op", code, "x");
    assert.equal(e.status, name);
  }
  using sk = pq.generateKey("Ed25519");
  try {
    sk.verify(utf8("m"), new Uint8Array(1));
    assert.fail("expected a PqError");
  } catch (e) {
    assert.ok(e instanceof PqError);
    assert.match(e.message, /^pq_sig_verify: .+ \(INVALID_LENGTH, -2\)$/);
    assert.equal(e.name, "PqError");
  }
});
