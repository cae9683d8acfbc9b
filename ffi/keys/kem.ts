/**
 * KEM keys: ML-KEM-512/768/1024 (FIPS 203) and X-Wing (draft-connolly-cfrg-xwing-kem).
 *
 * @module
 */

import { type AeadAlgorithm, aeadId, type KemAlgorithm, SEALED_BOX_OVERHEAD } from "../algorithms.ts";
import { bytes } from "../bytes.ts";
import type { Native } from "../native.ts";
import { PqKey } from "./base.ts";

/** The result of an encapsulation: send `ciphertext`, keep `sharedSecret`. */
export interface Encapsulation {
  readonly ciphertext: Uint8Array;
  readonly sharedSecret: Uint8Array;
}

const EMPTY = new Uint8Array(0);
/** The AEAD tag HPKE's ciphertext carries (both AEADs offered). */
const HPKE_TAG_LEN = 16;

/** An HPKE message: `enc` (the KEM ciphertext) and the AEAD ciphertext with its tag. */
export interface HpkeSealed {
  readonly enc: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** Either KEM key: both can encapsulate (a private key to its own public half). */
abstract class KemKey extends PqKey<KemAlgorithm> {
  /**
   * Encapsulates with fresh OS randomness (FIPS 203 Alg. 20 ML-KEM.Encaps).
   *
   * @throws {PqError} handle errors; `RANDOMNESS_UNAVAILABLE`.
   */
  encapsulate(): Encapsulation {
    const [ciphertext, sharedSecret] = this.#fresh();
    this.#encapsulate(ciphertext, sharedSecret, undefined, false);
    return { ciphertext, sharedSecret };
  }

  /**
   * {@link encapsulate} into caller buffers, for hot paths that reuse them across calls: the
   * ciphertext goes to the start of `ciphertextOut`, the shared secret to the start of
   * `sharedSecretOut` (at least `algorithmSizes(…).ciphertext` and `.sharedSecret` bytes).
   * Nothing is allocated. Rust writes both or neither.
   *
   * @returns the ciphertext length written.
   * @throws {PqError} `BUFFER_TOO_SMALL` for a short buffer (checked before the call, which
   * then does not happen); as {@link encapsulate}. {TypeError} for a buffer that is not a
   * plain `Uint8Array`.
   */
  encapsulateInto(ciphertextOut: Uint8Array, sharedSecretOut: Uint8Array): number {
    return this.#encapsulate(ciphertextOut, sharedSecretOut, undefined, true);
  }

  /**
   * Encapsulates from caller randomness: `m` (32 bytes) for ML-KEM, `eseed` (64 bytes) for
   * X-Wing. For known-answer tests only: reusing randomness reveals the shared secret.
   *
   * @throws {PqError} `INVALID_LENGTH` for wrong-size randomness; handle errors.
   */
  encapsulateDeterministic(randomness: Uint8Array): Encapsulation {
    const [ciphertext, sharedSecret] = this.#fresh();
    this.#encapsulate(ciphertext, sharedSecret, bytes(randomness, "randomness"), false);
    return { ciphertext, sharedSecret };
  }

  /**
   * {@link encapsulateDeterministic} into caller buffers, as {@link encapsulateInto}.
   *
   * @returns the ciphertext length written.
   */
  encapsulateDeterministicInto(randomness: Uint8Array, ciphertextOut: Uint8Array, sharedSecretOut: Uint8Array): number {
    return this.#encapsulate(ciphertextOut, sharedSecretOut, bytes(randomness, "randomness"), true);
  }

  /**
   * Seals `plaintext` to this key (a sealed box: fresh encapsulation, HKDF-SHA-256,
   * AES-256-GCM), binding the associated data `aad`. Only the private key opens it, with
   * the same `aad`.
   *
   * @throws {PqError} handle errors; `RANDOMNESS_UNAVAILABLE`; `INPUT_TOO_LARGE` above 64 MiB.
   */
  seal(plaintext: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    const [p, a] = [bytes(plaintext, "plaintext"), bytes(aad, "aad")];
    const handle = this.live("pq_seal");
    return this.native.output(
      "pq_seal",
      SEALED_BOX_OVERHEAD + this.sizes.ciphertext + p.length,
      (out, outLen) => this.native.raw.pq_seal(handle, a, a.length, p, p.length, out, out.length, outLen),
    );
  }

  /**
   * HPKE single-shot seal (RFC 9180 base mode) to this key: the suite is this key's KEM
   * (draft-ietf-hpke-pq ids), HKDF-SHA256 and `aead`. `enc` is the KEM ciphertext; the
   * `ciphertext` carries the 16-byte tag. Any HPKE implementation of the suite opens it.
   *
   * @throws {PqError} handle errors; `RANDOMNESS_UNAVAILABLE`; `INPUT_TOO_LARGE` above 64 MiB.
   */
  hpkeSeal(aead: AeadAlgorithm, plaintext: Uint8Array, info: Uint8Array = EMPTY, aad: Uint8Array = EMPTY): HpkeSealed {
    const [p, i, a] = [bytes(plaintext, "plaintext"), bytes(info, "info"), bytes(aad, "aad")];
    const handle = this.live("pq_hpke_seal");
    const encLen = this.sizes.ciphertext;
    const out = this.native.output(
      "pq_hpke_seal",
      encLen + p.length + HPKE_TAG_LEN,
      (out, outLen) =>
        this.native.raw.pq_hpke_seal(
          handle,
          aeadId(aead),
          i,
          i.length,
          a,
          a.length,
          p,
          p.length,
          out,
          out.length,
          outLen,
        ),
    );
    return { enc: out.slice(0, encLen), ciphertext: out.slice(encLen) };
  }

  /** Exact-size output buffers of an encapsulation. */
  #fresh(): [Uint8Array, Uint8Array] {
    const { ciphertext, sharedSecret } = this.sizes;
    return [new Uint8Array(ciphertext), new Uint8Array(sharedSecret)];
  }

  /**
   * The one encapsulation path: `randomness` absent = OS randomness. `check` validates caller
   * buffers; the convenient forms pass fresh exact-size ones and skip it.
   */
  #encapsulate(ct: Uint8Array, ss: Uint8Array, randomness: Uint8Array | undefined, check: boolean): number {
    const op = randomness === undefined ? "pq_kem_encapsulate" : "pq_kem_encapsulate_deterministic";
    const handle = this.live(op);
    const native = this.native;
    if (check) {
      const sizes = this.sizes;
      ct = native.target(op, ct, sizes.ciphertext, "ciphertextOut");
      ss = native.target(op, ss, sizes.sharedSecret, "sharedSecretOut");
    }
    const rc = randomness !== undefined
      ? native.raw.pq_kem_encapsulate_deterministic(
        handle,
        randomness,
        randomness.length,
        ct,
        ct.length,
        native.outLen,
        ss,
        ss.length,
        native.secondLen,
      )
      : native.raw.pq_kem_encapsulate(handle, ct, ct.length, native.outLen, ss, ss.length, native.secondLen);
    return native.written(op, rc);
  }
}

/** A KEM public (encapsulation) key. */
export class KemPublicKey extends KemKey {
  constructor(native: Native, algorithm: KemAlgorithm, handle: bigint) {
    super(native, algorithm, "kem-encapsulation-key", handle);
  }
}

/** A KEM private (decapsulation) key; its bytes stay in Rust. */
export class KemPrivateKey extends KemKey {
  constructor(native: Native, algorithm: KemAlgorithm, handle: bigint) {
    super(native, algorithm, "kem-decapsulation-key", handle);
  }

  /**
   * Decapsulates `ciphertext` (FIPS 203 Alg. 21). A well-sized but wrong ciphertext gives
   * an unrelated secret, not an error (implicit rejection, FIPS 203 §6.3).
   *
   * @throws {PqError} `INVALID_LENGTH` for a wrong-size ciphertext; handle errors.
   */
  decapsulate(ciphertext: Uint8Array): Uint8Array {
    const sharedSecret = new Uint8Array(this.sizes.sharedSecret);
    this.#decapsulate(ciphertext, sharedSecret, false);
    return sharedSecret;
  }

  /**
   * {@link decapsulate} into the start of `sharedSecretOut` (at least
   * `algorithmSizes(…).sharedSecret` bytes), for hot paths that reuse it. Nothing is allocated.
   *
   * @returns the shared-secret length written.
   * @throws {PqError} `BUFFER_TOO_SMALL` for a short buffer (checked before the call); as
   * {@link decapsulate}.
   */
  decapsulateInto(ciphertext: Uint8Array, sharedSecretOut: Uint8Array): number {
    return this.#decapsulate(ciphertext, sharedSecretOut, true);
  }

  /** The one decapsulation path (`check`: `ss` is the caller's). */
  #decapsulate(ciphertext: Uint8Array, ss: Uint8Array, check: boolean): number {
    const op = "pq_kem_decapsulate";
    const ct = bytes(ciphertext, "ciphertext");
    const handle = this.live(op);
    const native = this.native;
    if (check) ss = native.target(op, ss, this.sizes.sharedSecret, "sharedSecretOut");
    return native.written(op, native.raw.pq_kem_decapsulate(handle, ct, ct.length, ss, ss.length, native.outLen));
  }

  /**
   * HPKE single-shot open (RFC 9180 base mode) of a message sealed to this key's public half
   * with the suite of {@link KemKey.hpkeSeal}, the same `info` and `aad`.
   *
   * @throws {PqError} `INVALID_LENGTH` for an `enc` of the wrong size or a ciphertext shorter
   * than the tag; `DECRYPTION_FAILED` for anything else that does not match; handle errors.
   */
  hpkeOpen(
    aead: AeadAlgorithm,
    enc: Uint8Array,
    ciphertext: Uint8Array,
    info: Uint8Array = EMPTY,
    aad: Uint8Array = EMPTY,
  ): Uint8Array {
    const [e, c, i, a] = [bytes(enc, "enc"), bytes(ciphertext, "ciphertext"), bytes(info, "info"), bytes(aad, "aad")];
    const handle = this.live("pq_hpke_open");
    return this.native.output(
      "pq_hpke_open",
      Math.max(0, c.length - HPKE_TAG_LEN),
      (out, outLen) =>
        this.native.raw.pq_hpke_open(
          handle,
          aeadId(aead),
          e,
          e.length,
          i,
          i.length,
          a,
          a.length,
          c,
          c.length,
          out,
          out.length,
          outLen,
        ),
    );
  }

  /**
   * Opens a box sealed to this key's public half with the same `aad`.
   *
   * @throws {PqError} `DECRYPTION_FAILED` for a box sealed to another key or algorithm,
   * with other `aad`, or modified in any bit; `INVALID_LENGTH` for input too short to be a
   * box; `INVALID_ARGUMENT` for a wrong magic or version; handle errors.
   */
  openSealed(sealed: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    const [s, a] = [bytes(sealed, "sealed"), bytes(aad, "aad")];
    const handle = this.live("pq_seal_open");
    return this.native.output(
      "pq_seal_open",
      Math.max(0, s.length - SEALED_BOX_OVERHEAD - this.sizes.ciphertext),
      (out, outLen) => this.native.raw.pq_seal_open(handle, a, a.length, s, s.length, out, out.length, outLen),
    );
  }
}
