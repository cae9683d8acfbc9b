/**
 * Comparisons of secrets (tokens, MACs, confirmation tags) whose time does not depend on the
 * bytes compared, so a client cannot learn a secret byte by byte from response times. Both use
 * the runtime's native `timingSafeEqual` rather than a JavaScript loop a JIT is free to shortcut.
 *
 * @module
 */

import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `a` equals `b`, in time independent of their contents. The lengths are compared
 * first, so use it where they are public (fixed-size tags and digests), else {@link secretsEqual}.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a presented secret equals the expected one, comparing their SHA-256 digests in
 * constant time: neither where they differ nor the expected secret's length shows in the time.
 */
export function secretsEqual(presented: Uint8Array, expected: Uint8Array): boolean {
  const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
