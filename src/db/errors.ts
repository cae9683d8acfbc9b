/**
 * Errors the repositories raise for conditions a caller is expected to handle, and the
 * SQLSTATE lookup that recognises them on either driver.
 *
 * @module
 */

/** Thrown when a key with the same owner and name already exists. */
export class KeyExistsError extends Error {
  override readonly name = "KeyExistsError";

  constructor(readonly owner: string, readonly keyName: string, options?: ErrorOptions) {
    super(`key "${keyName}" already exists for owner "${owner}"`, options);
  }
}

/**
 * Thrown when a rotation was computed against a `latest_version` that is no longer current
 * (another rotation won) or the key no longer exists; the caller re-reads and decides.
 */
export class VersionConflictError extends Error {
  override readonly name = "VersionConflictError";

  constructor(readonly keyId: string, readonly expectedLatest: number) {
    super(`key ${keyId} is no longer at version ${expectedLatest}`);
  }
}

/** Thrown when a configuration change would break a check constraint (e.g. min version above latest). */
export class InvalidConfigError extends Error {
  override readonly name = "InvalidConfigError";

  constructor(readonly keyId: string, options?: ErrorOptions) {
    super(`invalid configuration for key ${keyId}`, options);
  }
}

/** SQLSTATE `unique_violation`. */
export const UNIQUE_VIOLATION = "23505";
/** SQLSTATE `check_violation`. */
export const CHECK_VIOLATION = "23514";

/**
 * The SQLSTATE of a database error, or `undefined`. postgres.js (`PostgresError`) and PGlite
 * (`DatabaseError`) both carry it as `code`, but drizzle wraps failed queries in a
 * `DrizzleQueryError` whose `cause` is the driver's error, so the cause chain is walked.
 */
export function sqlState(error: unknown): string | undefined {
  const code = driverError(error)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The constraint a database error names, or `undefined`: postgres.js calls the field
 * `constraint_name`, PGlite `constraint`.
 */
export function violatedConstraint(error: unknown): string | undefined {
  const e = driverError(error);
  const name = e?.constraint_name ?? e?.constraint;
  return typeof name === "string" ? name : undefined;
}

interface DriverErrorFields {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/** The first error in the cause chain carrying a SQLSTATE. */
function driverError(error: unknown): DriverErrorFields | undefined {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    const fields = e as DriverErrorFields;
    if (typeof fields.code === "string" && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    e = fields.cause;
  }
  return undefined;
}
