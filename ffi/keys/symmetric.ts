/**
 * Symmetric named keys: AES-256-GCM and ChaCha20-Poly1305 encryption keys, and HMAC keys.
 * The key bytes stay in Rust; these classes hold only the handle. They have no public half
 * (`publicKey()` throws `UNSUPPORTED_OPERATION`).
 *
 * @module
 */

import { AEAD_OVERHEAD, type MacAlgorithm, type SymmetricAlgorithm } from "../algorithms.ts";
import { bytes } from "../bytes.ts";
import { PqStatus } from "../errors.ts";
import type { Native } from "../native.ts";
import { PqKey } from "./base.ts";

/** An AEAD key: encrypts under a random 96-bit nonce drawn in Rust, and decrypts. */
export class SecretKey extends PqKey<SymmetricAlgorithm> {
  constructor(native: Native, algorithm: SymmetricAlgorithm, handle: bigint) {
    super(native, algorithm, "secret-key", handle);
  }

  /** Encrypts: returns `nonce (12) ‖ ciphertext ‖ tag (16)`. */
  encrypt(aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const [a, p] = [bytes(aad, "aad"), bytes(plaintext, "plaintext")];
    const handle = this.live("pq_sym_encrypt");
    return this.native.output(
      "pq_sym_encrypt",
      p.length + AEAD_OVERHEAD,
      (out, outLen) => this.native.raw.pq_sym_encrypt(handle, a, a.length, p, p.length, out, out.length, outLen),
      true,
    );
  }

  /**
   * Decrypts `nonce ‖ ciphertext ‖ tag`.
   *
   * @throws {PqError} `DECRYPTION_FAILED` for another key, another `aad` or any changed
   * byte; `INVALID_LENGTH` for input shorter than nonce and tag.
   */
  decrypt(aad: Uint8Array, sealed: Uint8Array): Uint8Array {
    const [a, s] = [bytes(aad, "aad"), bytes(sealed, "sealed")];
    const handle = this.live("pq_sym_decrypt");
    return this.native.output(
      "pq_sym_decrypt",
      Math.max(0, s.length - AEAD_OVERHEAD),
      (out, outLen) => this.native.raw.pq_sym_decrypt(handle, a, a.length, s, s.length, out, out.length, outLen),
      true,
    );
  }
}

/** An HMAC key: computes tags and verifies them in constant time inside Rust. */
export class MacKey extends PqKey<MacAlgorithm> {
  constructor(native: Native, algorithm: MacAlgorithm, handle: bigint) {
    super(native, algorithm, "mac-key", handle);
  }

  /** The HMAC tag of `data`. */
  mac(data: Uint8Array): Uint8Array {
    const d = bytes(data, "data");
    const handle = this.live("pq_mac_compute");
    return this.native.output(
      "pq_mac_compute",
      this.sizes.signature,
      (out, outLen) => this.native.raw.pq_mac_compute(handle, d, d.length, out, out.length, outLen),
    );
  }

  /** Whether `tag` is the HMAC of `data` (constant-time comparison in Rust). */
  verify(data: Uint8Array, tag: Uint8Array): boolean {
    const [d, t] = [bytes(data, "data"), bytes(tag, "tag")];
    const rc = this.native.raw.pq_mac_verify(this.live("pq_mac_verify"), d, d.length, t, t.length);
    if (rc === PqStatus.VERIFICATION_FAILED) return false;
    this.native.check("pq_mac_verify", rc);
    return true;
  }
}
