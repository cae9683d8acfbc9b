/**
 * Request ids: the client's `x-request-id` when it is a sane token (1–64 of `A-Z a-z 0-9 . _ -`,
 * so it can go into logs and the audit trail as is), else a fresh UUID. Every response echoes it.
 *
 * @module
 */

/** Response (and request) header carrying the request id. */
export const REQUEST_ID_HEADER = "x-request-id";

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The id to use for a request that sent `incoming` (or no header). */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
