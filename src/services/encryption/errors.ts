/**
 * What the encryption service refuses, as {@link DomainError}s of the encryption kinds.
 * Never carries plaintext or key material.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why an encryption operation was refused. Stable: each is a problem type of the same name. */
export type EncryptionErrorKind = "ciphertext-malformed" | "decryption-failed" | "message-limit-reached";

/** A refused encryption operation. */
export class EncryptionError extends DomainError<EncryptionErrorKind> {
  override readonly name = "EncryptionError";
}
