/**
 * What the session service refuses, as {@link DomainError}s of the session kinds. They carry
 * ids and sizes only: never key material.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a session operation was refused. Stable: each is a problem type of the same name. */
export type SessionErrorKind =
  | "session-not-found"
  | "session-expired"
  | "session-confirmation-failed"
  | "decryption-failed"
  | "invalid-crypto-input";

/** A refused session operation; `invalid-crypto-input` carries the native status name as `code`. */
export class SessionError extends DomainError<SessionErrorKind> {
  override readonly name = "SessionError";
}
