/**
 * What the data-key service refuses, as typed errors the data-key routes map to problem
 * types of the same names. Never carries key material.
 *
 * @module
 */

/** Why a data-key operation was refused. Stable: the HTTP layer switches on it. */
export type DataKeyErrorKind = "wrapped-key-malformed" | "decryption-failed";

/** A refused data-key operation. */
export class DataKeyError extends Error {
  override readonly name = "DataKeyError";
  readonly kind: DataKeyErrorKind;

  constructor(kind: DataKeyErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
