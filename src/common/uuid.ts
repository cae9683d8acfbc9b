/**
 * UUIDs, the ids of tokens, keys and sync accounts and devices.
 *
 * @module
 */

/** A UUID in its canonical text form (RFC 9562 §4): lower-case hex in 8-4-4-4-12 groups. */
export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `text` is a UUID in either case (PostgreSQL's `uuid` type accepts both). */
export function isUuid(text: string): boolean {
  return CANONICAL_UUID.test(text.toLowerCase());
}
