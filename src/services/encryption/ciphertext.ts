/**
 * The named-key ciphertext: a self-describing, versioned blob, and what its AEAD binds.
 *
 * ```text
 * ciphertext = 0x01 (format) ‖ u32be(key version) ‖ nonce (12) ‖ AEAD(plaintext) ‖ tag (16)
 * AEAD aad   = enc("pqgate/encrypt/v1") ‖ enc(key id) ‖ enc(header) ‖ enc(caller aad)
 *              header = the first 5 bytes; enc(x) = u32be(len(x)) ‖ x
 * ```
 *
 * The AEAD is the key's (AES-256-GCM or ChaCha20-Poly1305); the nonce is drawn at random
 * inside the native library. The key id (not only its name: a key deleted and re-created
 * under the same name is another key), the header (format and version) and the caller's aad
 * are all authenticated, so a ciphertext moved to another key or version, with an edited
 * header, or presented with other aad fails to decrypt.
 *
 * @module
 */

import { concat, lengthPrefixed, u32be } from "../../common/bytes.ts";
import { EncryptionError } from "./errors.ts";

/** The first byte of every ciphertext this version writes. */
export const CIPHERTEXT_FORMAT_V1 = 0x01;
/** The first associated-data field of format 1. */
export const ENCRYPT_LABEL = "pqgate/encrypt/v1";
/** Format byte and version. */
const HEADER_BYTES = 5;
/** Nonce and tag: what the native AEAD adds. */
const AEAD_OVERHEAD = 28;

/** A parsed ciphertext. */
export interface ParsedCiphertext {
  readonly version: number;
  readonly header: Uint8Array;
  /** `nonce ‖ ciphertext ‖ tag`, as the native library opens it. */
  readonly sealed: Uint8Array;
}

/** The header of a format-1 ciphertext of `version`. */
export function ciphertextHeader(version: number): Uint8Array {
  return concat([Uint8Array.of(CIPHERTEXT_FORMAT_V1), u32be(version)]);
}

/** The AEAD associated data of a ciphertext. */
export function associatedData(keyId: string, header: Uint8Array, aad: Uint8Array): Uint8Array {
  return lengthPrefixed([ENCRYPT_LABEL, keyId, header, aad]);
}

/** Reads the format and version. @throws {EncryptionError} `ciphertext-malformed`. */
export function parseCiphertext(blob: Uint8Array): ParsedCiphertext {
  if (blob.length < HEADER_BYTES + AEAD_OVERHEAD || blob[0] !== CIPHERTEXT_FORMAT_V1) {
    throw new EncryptionError("ciphertext-malformed", "The ciphertext is not a format-1 pqgate ciphertext.");
  }
  const version = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(1);
  return { version, header: blob.subarray(0, HEADER_BYTES), sealed: blob.subarray(HEADER_BYTES) };
}
