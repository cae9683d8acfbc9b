/**
 * The wrapped data key: a self-describing, versioned blob, and the wrapping-key binding.
 *
 * ```text
 * blob    = 0x01 (format) ‖ u32be(key version) ‖ KEM ciphertext ‖ nonce (12) ‖ AES-256-GCM(data key) ‖ tag (16)
 * binding = enc("pqgate/data-key/v1") ‖ enc(keyName) ‖ enc(u32be(version)) ‖ enc(algorithm) ‖ enc(aad)
 *           ‖ enc(KEM ciphertext)                                   enc(x) = u32be(len(x)) ‖ x
 * wrapKey = HKDF-SHA-256(IKM = KEM shared secret, salt = "", info = "pqgate/data-key/v1/wrap" ‖ SHA-256(binding), L = 32)
 * ```
 *
 * The KEM ciphertext's length follows from the key's algorithm, the data key's from what
 * remains (16, 24 or 32 bytes), so the blob needs no other length fields. Everything that
 * must not change — key name, version, algorithm, the caller's aad, the ciphertext — is in
 * the HKDF `info` (as a hash, like the session transcript, so `info` stays short for any aad
 * size), so any change gives another wrapping key and the AEAD tag fails.
 *
 * @module
 */

import type { KemAlgorithm } from "../../../ffi/mod.ts";
import { concat, lengthPrefixed, u32be } from "../../common/bytes.ts";
import { DataKeyError } from "./errors.ts";

/** The first byte of every blob this version writes. */
export const WRAPPED_FORMAT_V1 = 0x01;
/** The first binding field of format 1. */
export const DATA_KEY_LABEL = "pqgate/data-key/v1";
/** The HKDF `info` label of format 1; SHA-256 of the binding follows. */
export const WRAP_LABEL = "pqgate/data-key/v1/wrap";
/** Data key sizes, in bytes (AES-128/192/256). */
export const DATA_KEY_SIZES = [16, 24, 32] as const;
/** A data key size. */
export type DataKeySize = typeof DATA_KEY_SIZES[number];

const HEADER_BYTES = 5;
/** What `pq.aeadSeal` adds: nonce (12) and tag (16). */
const AEAD_OVERHEAD = 28;

/** A parsed blob header; `body` is the KEM ciphertext and the sealed data key. */
export interface WrappedHeader {
  readonly version: number;
  readonly body: Uint8Array;
}

/** Builds a format-1 blob. */
export function encodeWrapped(version: number, ciphertext: Uint8Array, sealed: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(WRAPPED_FORMAT_V1), u32be(version), ciphertext, sealed]);
}

/** Reads the format and version. @throws {DataKeyError} `wrapped-key-malformed`. */
export function parseHeader(blob: Uint8Array): WrappedHeader {
  if (blob.length < HEADER_BYTES || blob[0] !== WRAPPED_FORMAT_V1) {
    throw new DataKeyError("wrapped-key-malformed", "The wrapped key is not a format-1 pqgate blob.");
  }
  const version = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(1);
  return { version, body: blob.subarray(HEADER_BYTES) };
}

/**
 * Splits the body at the algorithm's ciphertext size.
 *
 * @throws {DataKeyError} `wrapped-key-malformed` when what remains is not a sealed 16-, 24- or 32-byte key.
 */
export function splitBody(body: Uint8Array, ciphertextBytes: number): { ciphertext: Uint8Array; sealed: Uint8Array } {
  const sealedBytes = body.length - ciphertextBytes;
  if (!DATA_KEY_SIZES.some((size) => size + AEAD_OVERHEAD === sealedBytes)) {
    throw new DataKeyError("wrapped-key-malformed", "The wrapped key has the wrong length for its key.");
  }
  return { ciphertext: body.subarray(0, ciphertextBytes), sealed: body.subarray(ciphertextBytes) };
}

/** What the wrapping key is bound to. */
export interface WrapBinding {
  readonly keyName: string;
  readonly version: number;
  readonly algorithm: KemAlgorithm;
  readonly aad: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** The binding the wrapping key's `info` hashes. */
export function wrappingBinding(binding: WrapBinding): Uint8Array {
  return lengthPrefixed([
    DATA_KEY_LABEL,
    binding.keyName,
    u32be(binding.version),
    binding.algorithm,
    binding.aad,
    binding.ciphertext,
  ]);
}
