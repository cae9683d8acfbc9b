/**
 * Recognises errors that mean "the database cannot be used right now" rather than "this
 * request is wrong" or "our code is wrong": a full or failing disk under PGlite's data
 * directory, a PostgreSQL server that is down, restarting or out of resources. Those are
 * outages, answered 503 `storage-unavailable` (retry later), never 500.
 *
 * Errors arrive wrapped (drizzle's `DrizzleQueryError` → driver error → system error), so
 * the cause chain is walked, as `sqlState` does.
 *
 * @module
 */

/**
 * SQLSTATE classes and codes of outages: 08 connection exception, 53 insufficient resources
 * (53100 disk_full), 57P01–57P03 shutdown / cannot connect now, 58030 io_error.
 */
const OUTAGE_SQLSTATE = /^(08...|53...|57P0[1-3]|58030)$/;

/** Node/Bun/Deno system error codes and postgres.js connection codes of outages. */
const OUTAGE_CODES: ReadonlySet<string> = new Set([
  "ENOSPC",
  "EDQUOT",
  "EIO",
  "EROFS",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * Messages of outages that carry no usable code: PGlite's WebAssembly file system reports
 * ENOSPC as text ("could not extend file", "No space left on device"), and PostgreSQL's
 * "could not write" family names the failing file.
 */
const OUTAGE_MESSAGE =
  /no space left on device|could not extend file|could not write (to )?(file|block)|disk quota exceeded|input\/output error|terminating connection due to administrator command|the database system is (shutting down|starting up)/i;

interface ErrorFields {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Whether `error` (or an error in its cause chain) is a storage outage. */
export function isStorageUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 6; depth++) {
    const { code, message, cause } = e as ErrorFields;
    if (typeof code === "string" && (OUTAGE_CODES.has(code) || OUTAGE_SQLSTATE.test(code))) return true;
    // drizzle's wrapper message quotes the query parameters (client input): never match on it.
    const quotesParams = typeof message === "string" && message.startsWith("Failed query:");
    if (typeof message === "string" && !quotesParams && OUTAGE_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}
