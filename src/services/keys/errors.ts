/**
 * What the key service refuses, as {@link DomainError}s of the key kinds. They carry names
 * and numbers only: never key material.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a key operation was refused. Stable: each is a problem type of the same name. */
export type KeyErrorKind =
  | "key-not-found"
  | "key-exists"
  | "version-not-found"
  | "version-disabled"
  | "wrong-key-purpose"
  | "unsupported-algorithm"
  | "conflict"
  | "invalid-config"
  | "deletion-not-allowed"
  | "key-pending-deletion"
  | "key-integrity-failed"
  | "key-disabled"
  | "import-token-invalid"
  | "plaintext-import-disabled";

/** A refused key operation. */
export class KeyError extends DomainError<KeyErrorKind> {
  override readonly name = "KeyError";
}
