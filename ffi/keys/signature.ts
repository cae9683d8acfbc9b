/**
 * Signature keys: ML-DSA-44/65/87 (FIPS 204) and Ed25519 (RFC 8032).
 *
 * @module
 */

import { type HashAlgorithm, hashId, type SignatureAlgorithm } from "../algorithms.ts";
import { bytes } from "../bytes.ts";
import { PqStatus } from "../errors.ts";
import type { Native } from "../native.ts";
import { PqKey } from "./base.ts";

/** Options of the ML-DSA signing variants (FIPS 204 §3.4). */
export interface SignOptions {
  /** Context string, at most 255 bytes (FIPS 204 §5.2); Ed25519 takes none. */
  readonly context?: Uint8Array | undefined;
  /** The deterministic variant (`rnd` = 32 zero bytes). Ed25519 is always deterministic. */
  readonly deterministic?: boolean | undefined;
  /** Explicit 32-byte `rnd` (known-answer tests); excludes `deterministic`. */
  readonly rnd?: Uint8Array | undefined;
}

/** Options of verification. */
export interface VerifyOptions {
  /** The context the signature was made with. */
  readonly context?: Uint8Array | undefined;
}

const EMPTY = new Uint8Array(0);
/** The default options, shared (never written) so a call allocates none. */
const NO_OPTIONS: SignOptions = Object.freeze({});
// FIPS 204 Alg. 2 line 5: the deterministic variant signs with rnd = {0}^32. Rust only
// reads inputs, so one shared instance is never written.
const ZERO_RND = new Uint8Array(32);
// Ed25519 signs in about 33 µs, no more than the hop to another thread costs (16–20 µs on Deno,
// more through a Bun worker) plus the copies: it stays on the calling thread. ML-DSA (90–250 µs)
// and device-backed keys (milliseconds in a TPM or HSM) go off it.
const ON_THREAD: ReadonlySet<SignatureAlgorithm> = new Set(["Ed25519"]);

/** Either signature key: both verify (a signing key with its own public half). */
abstract class SignatureKey extends PqKey<SignatureAlgorithm> {
  /**
   * Verifies `signature` over `message` (ML-DSA.Verify, FIPS 204 Alg. 3; Ed25519 strict).
   *
   * @returns `false` for `VERIFICATION_FAILED`.
   * @throws {PqError} for every other failure: `INVALID_LENGTH` (wrong-size signature),
   * `CONTEXT_TOO_LONG`, handle errors.
   */
  verify(message: Uint8Array, signature: Uint8Array, options: VerifyOptions = {}): boolean {
    const msg = bytes(message, "message");
    const sig = bytes(signature, "signature");
    const ctx = bytes(options.context ?? EMPTY, "context");
    const handle = this.live("pq_sig_verify");
    const rc = this.native.raw.pq_sig_verify(handle, msg, msg.length, ctx, ctx.length, sig, sig.length);
    return this.#verdict("pq_sig_verify", rc);
  }

  /**
   * Verifies a HashML-DSA signature over a caller-computed `digest` (FIPS 204 Alg. 5).
   *
   * @returns `false` for `VERIFICATION_FAILED`. @throws {PqError} as {@link verify}.
   */
  verifyPrehashed(
    hash: HashAlgorithm,
    digest: Uint8Array,
    signature: Uint8Array,
    options: VerifyOptions = {},
  ): boolean {
    const h = hashId(hash);
    const d = bytes(digest, "digest");
    const sig = bytes(signature, "signature");
    const ctx = bytes(options.context ?? EMPTY, "context");
    const handle = this.live("pq_sig_verify_prehashed");
    const rc = this.native.raw.pq_sig_verify_prehashed(handle, h, d, d.length, ctx, ctx.length, sig, sig.length);
    return this.#verdict("pq_sig_verify_prehashed", rc);
  }

  /**
   * ML-DSA.Verify_internal over a formatted message `M'` (FIPS 204 Alg. 8).
   *
   * @returns `false` for `VERIFICATION_FAILED`. @throws {PqError} as {@link verify}.
   */
  verifyInternal(mPrime: Uint8Array, signature: Uint8Array): boolean {
    const m = bytes(mPrime, "mPrime");
    const sig = bytes(signature, "signature");
    const handle = this.live("pq_sig_verify_internal");
    return this.#verdict(
      "pq_sig_verify_internal",
      this.native.raw.pq_sig_verify_internal(handle, m, m.length, sig, sig.length),
    );
  }

  /**
   * ML-DSA.Verify given the 64-byte external μ = SHAKE256(SHAKE256(pk, 64) ‖ M′, 64)
   * (FIPS 204 Alg. 3 with μ precomputed; M′ = 0 ‖ |ctx| ‖ ctx ‖ M for pure ML-DSA).
   *
   * @returns `false` for `VERIFICATION_FAILED`. @throws {PqError} as {@link verify};
   * `INVALID_LENGTH` for a μ that is not 64 bytes; `UNSUPPORTED_OPERATION` for non-ML-DSA keys.
   */
  verifyMu(mu: Uint8Array, signature: Uint8Array): boolean {
    const m = bytes(mu, "mu");
    const sig = bytes(signature, "signature");
    const handle = this.live("pq_sig_verify_mu");
    return this.#verdict("pq_sig_verify_mu", this.native.raw.pq_sig_verify_mu(handle, m, m.length, sig, sig.length));
  }

  #verdict(op: string, rc: number): boolean {
    if (rc === PqStatus.VERIFICATION_FAILED) return false;
    this.native.check(op, rc);
    return true;
  }
}

/** A signature public (verifying) key. */
export class VerifyingKey extends SignatureKey {
  constructor(native: Native, algorithm: SignatureAlgorithm, handle: bigint) {
    super(native, algorithm, "verifying-key", handle);
  }
}

/** A signature private (signing) key; its bytes stay in Rust. */
export class SigningKey extends SignatureKey {
  constructor(native: Native, algorithm: SignatureAlgorithm, handle: bigint) {
    super(native, algorithm, "signing-key", handle);
  }

  /**
   * Signs `message` (ML-DSA.Sign, FIPS 204 Alg. 2; Ed25519 pure). Hedged by default.
   *
   * @throws {PqError} `CONTEXT_TOO_LONG`; `INVALID_LENGTH` for an `rnd` that is not 32
   * bytes; `INVALID_ARGUMENT` for a context or `rnd` with Ed25519; handle errors.
   */
  sign(message: Uint8Array, options: SignOptions = NO_OPTIONS): Uint8Array {
    const out = new Uint8Array(this.sizes.signature);
    return this.native.trimmed(out, this.#sign(message, out, options, false));
  }

  /**
   * {@link sign} into the start of `signatureOut` (at least `algorithmSizes(…).signature`
   * bytes), for hot paths that reuse it. Nothing is allocated. Synchronous only: a buffer the
   * caller keeps using cannot be lent to an offload thread (see {@link signAsync}).
   *
   * @returns the signature length written.
   * @throws {PqError} `BUFFER_TOO_SMALL` for a short buffer (checked before the call); as
   * {@link sign}.
   */
  signInto(message: Uint8Array, signatureOut: Uint8Array, options: SignOptions = NO_OPTIONS): number {
    return this.#sign(message, signatureOut, options, true);
  }

  /** The one synchronous signing path (`check`: `out` is the caller's). */
  #sign(message: Uint8Array, out: Uint8Array, options: SignOptions, check: boolean): number {
    const op = "pq_sig_sign";
    const msg = bytes(message, "message");
    const ctx = bytes(options.context ?? EMPTY, "context");
    const rnd = this.#rnd(options);
    const handle = this.live(op);
    const native = this.native;
    if (check) out = native.target(op, out, this.sizes.signature, "signatureOut");
    return native.written(
      op,
      native.raw.pq_sig_sign(handle, msg, msg.length, ctx, ctx.length, rnd, rnd.length, out, out.length, native.outLen),
    );
  }

  /**
   * {@link sign} on another thread when the library was loaded with offload threads (see
   * `LoadOptions.offloadThreads`) and the signature is slow enough to be worth the hop, so the
   * event loop serves other requests meanwhile; on the calling thread otherwise. Same inputs,
   * result and errors as {@link sign}.
   */
  async signAsync(message: Uint8Array, options: SignOptions = {}): Promise<Uint8Array> {
    const offload = this.native.offload;
    if (offload === undefined || ON_THREAD.has(this.algorithm)) return this.sign(message, options);
    // Copies: the caller may reuse its arrays while the call runs on another thread.
    const msg = bytes(message, "message").slice();
    const ctx = bytes(options.context ?? EMPTY, "context").slice();
    const rnd = this.#rnd(options).slice();
    const capacity = this.sizes.signature;
    const result = await this.leased("pq_sig_sign", (handle) => offload.sign(handle, msg, ctx, rnd, capacity));
    return this.native.offloaded("pq_sig_sign", result);
  }

  /**
   * HashML-DSA.Sign over a caller-computed `digest` of `hash` (FIPS 204 Alg. 4).
   *
   * @throws {PqError} `INVALID_LENGTH` if the digest length does not match the hash; as
   * {@link sign}.
   */
  signPrehashed(hash: HashAlgorithm, digest: Uint8Array, options: SignOptions = {}): Uint8Array {
    const h = hashId(hash);
    const d = bytes(digest, "digest");
    const ctx = bytes(options.context ?? EMPTY, "context");
    const rnd = this.#rnd(options);
    const handle = this.live("pq_sig_sign_prehashed");
    return this.native.output(
      "pq_sig_sign_prehashed",
      this.sizes.signature,
      (out, outLen) =>
        this.native.raw.pq_sig_sign_prehashed(
          handle,
          h,
          d,
          d.length,
          ctx,
          ctx.length,
          rnd,
          rnd.length,
          out,
          out.length,
          outLen,
        ),
    );
  }

  /**
   * ML-DSA.Sign_internal over a formatted message `M'` (FIPS 204 Alg. 7), for protocols
   * that do their own domain separation and for the ACVP "internal" vectors.
   *
   * @throws {PqError} as {@link sign}; `UNSUPPORTED_OPERATION` for Ed25519.
   */
  signInternal(mPrime: Uint8Array, options: Omit<SignOptions, "context"> = {}): Uint8Array {
    const m = bytes(mPrime, "mPrime");
    const rnd = this.#rnd(options);
    const handle = this.live("pq_sig_sign_internal");
    return this.native.output(
      "pq_sig_sign_internal",
      this.sizes.signature,
      (out, outLen) =>
        this.native.raw.pq_sig_sign_internal(handle, m, m.length, rnd, rnd.length, out, out.length, outLen),
    );
  }

  /**
   * ML-DSA.Sign given the 64-byte external μ (see {@link verifyMu}): the signature is an
   * ordinary ML-DSA signature over the message μ was computed from. Hedged by default.
   *
   * @throws {PqError} `INVALID_LENGTH` for a μ that is not 64 bytes or an `rnd` that is not
   * 32; `UNSUPPORTED_OPERATION` for non-ML-DSA keys; handle errors.
   */
  signMu(mu: Uint8Array, options: Omit<SignOptions, "context"> = {}): Uint8Array {
    const m = bytes(mu, "mu");
    const rnd = this.#rnd(options);
    const handle = this.live("pq_sig_sign_mu");
    return this.native.output(
      "pq_sig_sign_mu",
      this.sizes.signature,
      (out, outLen) => this.native.raw.pq_sig_sign_mu(handle, m, m.length, rnd, rnd.length, out, out.length, outLen),
    );
  }

  /** The `rnd` input: empty = hedged (Rust draws it), zeros = deterministic, or the caller's. */
  #rnd(options: SignOptions): Uint8Array {
    if (options.rnd !== undefined) {
      if (options.deterministic === true) {
        throw new TypeError("pass either rnd or deterministic, not both");
      }
      return bytes(options.rnd, "rnd");
    }
    if (options.deterministic !== true || this.algorithm === "Ed25519") return EMPTY; // Ed25519 is deterministic
    if (this.algorithm === "ECDSA-P256") {
      throw new TypeError(
        "ECDSA P-256 keys sign inside a device with its own randomness; deterministic is unavailable",
      );
    }
    return ZERO_RND;
  }
}
