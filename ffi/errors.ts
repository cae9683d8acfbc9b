/**
 * Status codes of the C ABI and the error type every failed call throws.
 *
 * `PqStatus` mirrors `enum PqStatus` in `pqgate.h` (checked by
 * `test/ffi/symbols-parity.test.ts`). Numbers are stable and grouped by range, so callers
 * (e.g. the HTTP layer) can map them without knowing every code: argument `-1…-99`, handle
 * `-100…-199`, crypto `-200…-299`, keystore `-300…-399`, recovery (secret sharing) `-400…-499`,
 * internal `-900…`.
 *
 * @module
 */

/** Every status of the ABI, by name. */
export const PqStatus = {
  OK: 0,
  NULL_POINTER: -1,
  INVALID_LENGTH: -2,
  BUFFER_TOO_SMALL: -3,
  UNKNOWN_ALGORITHM: -4,
  CONTEXT_TOO_LONG: -5,
  INVALID_ARGUMENT: -6,
  UNSUPPORTED_OPERATION: -7,
  INPUT_TOO_LARGE: -8,
  INVALID_HANDLE: -100,
  STALE_HANDLE: -101,
  WRONG_HANDLE_KIND: -102,
  HANDLE_TABLE_FULL: -103,
  VERIFICATION_FAILED: -200,
  DECRYPTION_FAILED: -201,
  INVALID_KEY: -202,
  PAIRWISE_CONSISTENCY_FAILED: -203,
  RANDOMNESS_UNAVAILABLE: -204,
  SELF_TEST_FAILED: -205,
  NON_CONTRIBUTORY: -206,
  SIGNING_FAILED: -207,
  KEYSTORE_UNAVAILABLE: -300,
  KEYSTORE_CONFIG: -301,
  KEYSTORE_AUTH_FAILED: -302,
  ROOT_KEY_NOT_FOUND: -303,
  ENVELOPE_MALFORMED: -304,
  UNWRAP_FAILED: -305,
  ROOT_KEY_IN_USE: -306,
  KEYSTORE_DEVICE_ERROR: -307,
  SHARES_INSUFFICIENT: -400,
  SHARES_INCONSISTENT: -401,
  SHARE_CORRUPT: -402,
  SHARE_MALFORMED: -403,
  PANIC: -900,
  INTERNAL: -901,
} as const;

/** Name of a status, e.g. `"STALE_HANDLE"`. */
export type PqStatusName = keyof typeof PqStatus;

const NAMES: ReadonlyMap<number, PqStatusName> = new Map(
  (Object.entries(PqStatus) as [PqStatusName, number][]).map(([name, code]) => [code, name]),
);

/** The name of `code`, or `"UNKNOWN_STATUS"` for a number the ABI does not define. */
export function statusName(code: number): PqStatusName | "UNKNOWN_STATUS" {
  return NAMES.get(code) ?? "UNKNOWN_STATUS";
}

/**
 * A call into pqgate failed.
 *
 * `code` is the negative `PqStatus`, `status` its name and `op` the C function (or, for
 * checks made before calling, the binding method) that failed. The message comes from
 * `pq_status_message`, so Rust remains the single source of the wording.
 */
export class PqError extends Error {
  /** The negative `PqStatus` number. */
  readonly code: number;
  /** The C export (e.g. `pq_sig_sign`) or binding operation that failed. */
  readonly op: string;
  /** The status name, e.g. `"VERIFICATION_FAILED"`. */
  readonly status: PqStatusName | "UNKNOWN_STATUS";

  constructor(op: string, code: number, message: string) {
    const status = statusName(code);
    super(`${op}: ${message} (${status}, ${code})`);
    this.name = "PqError";
    this.code = code;
    this.op = op;
    this.status = status;
  }
}
