/**
 * Results of raw SQL (`db.execute(sql…)`), which the two drivers shape differently.
 *
 * @module
 */

/** The rows of a raw statement's result, whichever driver ran it (postgres.js: an array; PGlite: `rows`). */
export function rowsOf<R>(result: unknown): R[] {
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
}
