/**
 * What the MAC service refuses, as {@link DomainError}s of the MAC kinds.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a MAC operation was refused. Stable: each is a problem type of the same name. */
export type MacErrorKind = "mac-malformed";

/** A refused MAC operation. */
export class MacError extends DomainError<MacErrorKind> {
  override readonly name = "MacError";
}
