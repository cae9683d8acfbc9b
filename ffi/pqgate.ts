/**
 * `Pqgate`: the typed operations over one opened library — keyless primitives and the key
 * factories. Keys themselves live in `keys/`.
 *
 * @module
 */

import {
  AEAD_OVERHEAD,
  type AeadAlgorithm,
  aeadId,
  type Algorithm,
  algorithmId,
  HASH_LENGTH,
  type HashAlgorithm,
  hashId,
} from "./algorithms.ts";
import { bytes, u32 } from "./bytes.ts";
import { PqStatus } from "./errors.ts";
import { type PrivateKeyFor, type PublicKeyFor, wrapPrivate, wrapPublic } from "./keys/factory.ts";
import { envelopeRootId, type Keystore, type KeystoreConfig, openKeystore } from "./keystore.ts";
import type { KemPrivateKey, KemPublicKey } from "./keys/kem.ts";
import type { AlgorithmSizes, Native } from "./native.ts";
import { type NativeOpStats, readNativeStats } from "./native-stats.ts";
import {
  type Argon2idParams,
  passwordDerive,
  type SealablePrivateKey,
  sealPrivateKey,
  shamirCombine,
  shamirSplit,
} from "./sync.ts";

/** The outcome of the power-on self-tests. */
export interface SelfTestResult {
  readonly ok: boolean;
  readonly code: number;
  readonly message: string;
}

/** Where `internal.ts` finds the `Native` of a `Pqgate` (not part of the public API). */
export const NATIVE: unique symbol = Symbol("pqgate.native");

/** The pqgate library, loaded by `loadPqgate()`. */
export class Pqgate {
  /** The ABI version of the loaded library (checked at load). */
  readonly abiVersion: number;
  /** The library file that was opened. */
  readonly path: string;
  readonly #native: Native;

  constructor(native: Native, path: string, abiVersion: number) {
    this.#native = native;
    this.path = path;
    this.abiVersion = abiVersion;
  }

  /** The runtime backend in use. */
  get runtime(): "deno" | "bun" {
    return this.#native.runtime;
  }

  /** @internal For `internal.ts` only. */
  get [NATIVE](): Native {
    return this.#native;
  }

  /** Runs the power-on self-tests (cached by Rust after the first call). Never throws. */
  selfTest(): SelfTestResult {
    const code = this.#native.raw.pq_self_test();
    return { ok: code === PqStatus.OK, code, message: this.#native.message(code) };
  }

  /**
   * The sizes of an algorithm's keys, ciphertexts, secrets and signatures (`0` = none).
   *
   * @throws {TypeError} for an unknown name.
   */
  algorithmSizes(algorithm: Algorithm): AlgorithmSizes {
    return this.#native.sizes(algorithmId(algorithm));
  }

  /** Number of live handles in the library, keys and keystores together (leak checks, metrics). */
  liveHandleCount(): number {
    const out = this.#native.outLen;
    this.#native.check("pq_live_handle_count", this.#native.raw.pq_live_handle_count(out));
    return out[0] as number;
  }

  /**
   * The library's operation counters: for every export (but `pq_abi_version`), its calls by
   * returned status and the time spent in it, counted since the library was loaded.
   */
  nativeStats(): NativeOpStats[] {
    return readNativeStats(this.#native);
  }

  /** `length` bytes from the OS CSPRNG. @throws {PqError} `RANDOMNESS_UNAVAILABLE`. */
  randomBytes(length: number): Uint8Array {
    const out = new Uint8Array(u32(length, "length"));
    this.#native.check("pq_random_bytes", this.#native.raw.pq_random_bytes(out, out.length));
    return out;
  }

  /** The digest of `data` (SHAKE128/256 give 32/64 bytes). */
  hash(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
    const id = hashId(algorithm);
    const d = bytes(data, "data");
    return this.#native.output(
      "pq_hash",
      HASH_LENGTH[algorithm],
      (out, outLen) => this.#native.raw.pq_hash(id, d, d.length, out, out.length, outLen),
      true,
    );
  }

  /**
   * HKDF (RFC 5869) with SHA-256 or SHA3-256 into exactly `length` bytes.
   *
   * @throws {PqError} `INVALID_ARGUMENT` / `UNKNOWN_ALGORITHM` for another hash or a length
   * above 255 hash lengths.
   */
  hkdf(hash: HashAlgorithm, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    const id = hashId(hash);
    const [k, s, i] = [bytes(ikm, "ikm"), bytes(salt, "salt"), bytes(info, "info")];
    const out = new Uint8Array(u32(length, "length"));
    this.#native.check(
      "pq_hkdf",
      this.#native.raw.pq_hkdf(id, k, k.length, s, s.length, i, i.length, out, out.length),
    );
    return out;
  }

  /** AEAD seal under a fresh random nonce: returns `nonce ‖ ciphertext ‖ tag`. */
  aeadSeal(algorithm: AeadAlgorithm, key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const p = bytes(plaintext, "plaintext");
    const out = new Uint8Array(p.length + AEAD_OVERHEAD);
    return this.#native.trimmed(out, this.#aead("pq_aead_seal", algorithm, key, aad, p, out, false));
  }

  /**
   * {@link aeadSeal} into the start of `out` (at least `plaintext.length + 28` bytes), for hot
   * paths that reuse it. Nothing is allocated.
   *
   * @returns the length of `nonce ‖ ciphertext ‖ tag` written.
   * @throws {PqError} `BUFFER_TOO_SMALL` for a short `out` (checked before the call); as
   * {@link aeadSeal}.
   */
  aeadSealInto(
    algorithm: AeadAlgorithm,
    key: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    out: Uint8Array,
  ): number {
    return this.#aead("pq_aead_seal", algorithm, key, aad, plaintext, out, true);
  }

  /**
   * AEAD open of `nonce ‖ ciphertext ‖ tag`.
   *
   * @throws {PqError} `DECRYPTION_FAILED` for any mismatch (key, nonce, aad, tampering).
   */
  aeadOpen(algorithm: AeadAlgorithm, key: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
    const s = bytes(sealed, "sealed");
    const out = new Uint8Array(Math.max(0, s.length - AEAD_OVERHEAD));
    return this.#native.trimmed(out, this.#aead("pq_aead_open", algorithm, key, aad, s, out, false));
  }

  /**
   * {@link aeadOpen} into the start of `out` (at least `sealed.length - 28` bytes). Nothing is
   * allocated; on failure `out` is left untouched.
   *
   * @returns the plaintext length written.
   * @throws {PqError} `BUFFER_TOO_SMALL` for a short `out` (checked before the call); as
   * {@link aeadOpen}.
   */
  aeadOpenInto(
    algorithm: AeadAlgorithm,
    key: Uint8Array,
    aad: Uint8Array,
    sealed: Uint8Array,
    out: Uint8Array,
  ): number {
    return this.#aead("pq_aead_open", algorithm, key, aad, sealed, out, true);
  }

  /** The one AEAD path, both directions (`check`: `out` is the caller's). */
  #aead(
    op: "pq_aead_seal" | "pq_aead_open",
    algorithm: AeadAlgorithm,
    key: Uint8Array,
    aad: Uint8Array,
    input: Uint8Array,
    out: Uint8Array,
    check: boolean,
  ): number {
    const native = this.#native;
    const id = aeadId(algorithm);
    const seal = op === "pq_aead_seal";
    const k = bytes(key, "key"), a = bytes(aad, "aad"), i = bytes(input, seal ? "plaintext" : "sealed");
    if (check) {
      out = native.target(op, out, seal ? i.length + AEAD_OVERHEAD : Math.max(0, i.length - AEAD_OVERHEAD), "out");
    }
    const rc = native.raw[op](id, k, k.length, a, a.length, i, i.length, out, out.length, native.outLen);
    return native.written(op, rc);
  }

  /** Generates a key pair from OS randomness (with a pairwise-consistency check). */
  generateKey<A extends Algorithm>(algorithm: A): PrivateKeyFor<A> {
    const id = algorithmId(algorithm);
    const handle = this.#native.newHandle("pq_key_generate", (out) => this.#native.raw.pq_key_generate(id, out));
    return wrapPrivate(this.#native, algorithm, handle);
  }

  /**
   * Derives a key pair from its seed: `d‖z` (64 bytes) for ML-KEM, `ξ` (32) for ML-DSA,
   * 32 bytes for X-Wing, X25519, Ed25519.
   *
   * @throws {PqError} `INVALID_LENGTH` for a wrong-size seed.
   */
  keyFromSeed<A extends Algorithm>(algorithm: A, seed: Uint8Array): PrivateKeyFor<A> {
    const id = algorithmId(algorithm);
    const s = bytes(seed, "seed");
    const handle = this.#native.newHandle(
      "pq_key_from_seed",
      (out) => this.#native.raw.pq_key_from_seed(id, s, s.length, out),
    );
    return wrapPrivate(this.#native, algorithm, handle);
  }

  /**
   * Imports a private key (BYOK): the seed, or the expanded FIPS 203 `dk` / FIPS 204 `sk`;
   * an expanded ML-DSA `sk` may be followed by its `pk` (`sk ‖ pk`), which is then checked
   * against it and becomes the key's public key. Rust copies the bytes into zeroizing
   * memory; wipe your copy afterwards.
   *
   * @throws {PqError} `INVALID_LENGTH`; `INVALID_KEY` (FIPS 203 §7.3 check; FIPS 204 `sk`
   * coefficients out of range, or `ρ` / `tr` not `pk`'s); `PAIRWISE_CONSISTENCY_FAILED`.
   */
  importPrivateKey<A extends Algorithm>(algorithm: A, key: Uint8Array): PrivateKeyFor<A> {
    const id = algorithmId(algorithm);
    const k = bytes(key, "key");
    const handle = this.#native.newHandle(
      "pq_key_import_private",
      (out) => this.#native.raw.pq_key_import_private(id, k, k.length, out),
    );
    return wrapPrivate(this.#native, algorithm, handle);
  }

  /**
   * Imports and validates a public key (FIPS 203 §7.2 modulus check for ML-KEM).
   *
   * @throws {PqError} `INVALID_LENGTH`; `INVALID_KEY`.
   */
  importPublicKey<A extends Algorithm>(algorithm: A, key: Uint8Array): PublicKeyFor<A> {
    const id = algorithmId(algorithm);
    const k = bytes(key, "key");
    const handle = this.#native.newHandle(
      "pq_key_import_public",
      (out) => this.#native.raw.pq_key_import_public(id, k, k.length, out),
    );
    return wrapPublic(this.#native, algorithm, handle);
  }

  /**
   * Opens a keystore (see {@link KeystoreConfig}).
   *
   * @throws {PqError} `KEYSTORE_CONFIG` (bad path or module, insecure key file),
   * `KEYSTORE_AUTH_FAILED` (PIN or passphrase), `KEYSTORE_UNAVAILABLE` (device unreachable).
   */
  openKeystore(config: KeystoreConfig): Keystore {
    return openKeystore(this.#native, config);
  }

  /** The 16-byte id of the root key that sealed an envelope. @throws {PqError} `ENVELOPE_MALFORMED`. */
  envelopeRootId(envelope: Uint8Array): Uint8Array {
    return envelopeRootId(this.#native, envelope);
  }

  /**
   * Seals the seed of a private key to `recipient` (a sealed box, see `KemPublicKey#seal`),
   * binding `aad`: the only way a private key leaves the library besides a keystore
   * envelope. The recipient's `openSealed` returns the seed exactly as `keyFromSeed` takes it.
   *
   * @throws {PqError} `UNSUPPORTED_OPERATION` for a device key or an ML-KEM/ML-DSA key
   * imported in expanded form (no seed known); handle errors.
   */
  sealPrivateKey(
    key: SealablePrivateKey,
    recipient: KemPublicKey,
    aad?: Uint8Array,
  ): Uint8Array {
    return sealPrivateKey(this.#native, key, recipient, aad);
  }

  /**
   * Wrapped import: opens an HPKE message sealed to `recipient` (as `KemPrivateKey#hpkeOpen`)
   * and imports its plaintext as a private key of `algorithm` (the seed or expanded form
   * {@link importPrivateKey} takes) inside the library: the plaintext key never reaches
   * JavaScript. Bind the algorithm in `info`: a 32-byte seed is a valid seed of several.
   *
   * @throws {PqError} as `hpkeOpen` (`DECRYPTION_FAILED`, `INVALID_LENGTH`), then as
   * {@link importPrivateKey}; handle errors.
   */
  hpkeOpenKey<A extends Algorithm>(
    recipient: KemPrivateKey,
    algorithm: A,
    message: {
      readonly aead: AeadAlgorithm;
      readonly enc: Uint8Array;
      readonly ciphertext: Uint8Array;
      readonly info?: Uint8Array | undefined;
      readonly aad?: Uint8Array | undefined;
    },
  ): PrivateKeyFor<A> {
    const id = algorithmId(algorithm);
    const [e, c] = [bytes(message.enc, "enc"), bytes(message.ciphertext, "ciphertext")];
    const [i, a] = [bytes(message.info ?? new Uint8Array(0), "info"), bytes(message.aad ?? new Uint8Array(0), "aad")];
    const aead = aeadId(message.aead);
    if (recipient.disposed) throw this.#native.error("pq_hpke_open_key", PqStatus.STALE_HANDLE);
    const r = recipient.handle;
    const handle = this.#native.newHandle(
      "pq_hpke_open_key",
      (out) => this.#native.raw.pq_hpke_open_key(r, aead, e, e.length, i, i.length, a, a.length, c, c.length, id, out),
    );
    return wrapPrivate(this.#native, algorithm, handle);
  }

  /**
   * Splits `secret` (1–1024 bytes) into `count` Shamir shares over GF(2^8), any `threshold`
   * of which recover it (`2 ≤ threshold ≤ count ≤ 255`). Each share is `secret.length + 35`
   * bytes and carries a checksum, so a corrupted share is detected on recovery.
   *
   * @throws {PqError} `INVALID_ARGUMENT` for a threshold or count out of range;
   * `INVALID_LENGTH` for a secret size out of range. {TypeError}/{RangeError} for non-`u32` numbers.
   */
  shamirSplit(secret: Uint8Array, threshold: number, count: number): Uint8Array[] {
    return shamirSplit(this.#native, secret, threshold, count);
  }

  /**
   * Recovers a secret from shares of one split; the first `threshold` shares are used (the
   * others are only checked for consistency), so pass the shares you trust first.
   *
   * @throws {PqError} `SHARES_INSUFFICIENT` (fewer than the threshold), `SHARES_INCONSISTENT`
   * (different splits, thresholds or lengths; a repeated share), `SHARE_CORRUPT` (the
   * checksum fails), `SHARE_MALFORMED` (not a share).
   */
  shamirCombine(shares: readonly Uint8Array[]): Uint8Array {
    return shamirCombine(this.#native, shares);
  }

  /**
   * Argon2id (RFC 9106) of `password` and `salt` (16–64 bytes) into `length` bytes (16–64,
   * default 32). Runs synchronously: choose costs accordingly.
   *
   * @throws {PqError} `INVALID_ARGUMENT` for a salt, cost or length out of bounds (memory
   * 8·parallelism KiB–4 GiB, iterations and parallelism 1–16).
   */
  passwordDerive(password: Uint8Array, salt: Uint8Array, params: Argon2idParams, length?: number): Uint8Array {
    return passwordDerive(this.#native, password, salt, params, length);
  }
}
