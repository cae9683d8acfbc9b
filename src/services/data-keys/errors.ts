/**
 * What the data-key service refuses, as {@link DomainError}s of the data-key kinds. Never
 * carries key material.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a data-key operation was refused. Stable: each is a problem type of the same name. */
export type DataKeyErrorKind = "wrapped-key-malformed" | "decryption-failed";

/** A refused data-key operation. */
export class DataKeyError extends DomainError<DataKeyErrorKind> {
  override readonly name = "DataKeyError";
}
