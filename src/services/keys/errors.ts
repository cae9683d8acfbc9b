/**
 * What the key service refuses, as typed errors the HTTP layer maps to problem types. They
 * carry names and numbers only: never key material.
 *
 * @module
 */

/** Why a key operation was refused. Stable: the HTTP layer switches on it. */
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
  | "key-pending-deletion";

/** A refused key operation. */
export class KeyError extends Error {
  override readonly name = "KeyError";
  readonly kind: KeyErrorKind;

  constructor(kind: KeyErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
