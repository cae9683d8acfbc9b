/**
 * What the session service refuses, as typed errors the session routes map to problem types
 * of the same names. They carry ids and sizes only: never key material.
 *
 * @module
 */

/** Why a session operation was refused. Stable: the HTTP layer switches on it. */
export type SessionErrorKind =
  | "session-not-found"
  | "session-expired"
  | "session-confirmation-failed"
  | "decryption-failed"
  | "invalid-crypto-input";

/** A refused session operation. */
export class SessionError extends Error {
  override readonly name = "SessionError";
  readonly kind: SessionErrorKind;
  /** Problem extension members (e.g. `{ code: "INVALID_LENGTH" }`). */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(kind: SessionErrorKind, message: string, extensions: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.kind = kind;
    this.extensions = extensions;
  }
}
