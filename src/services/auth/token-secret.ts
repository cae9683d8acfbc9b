/**
 * Bearer token secrets: `pqg_` + 32 random bytes in base64url. Only their SHA-256 is stored:
 * the secret has 256 bits of entropy, so a fast hash is enough (no password to stretch), and
 * lookups by hash never compare secrets byte by byte in JavaScript.
 *
 * @module
 */

import type { Pqgate } from "../../../ffi/mod.ts";
import { fromBase64Url, toBase64Url } from "../../common/base64url.ts";

const PREFIX = "pqg_";
const SECRET_BYTES = 32;

/** A fresh token secret (from the library's OS CSPRNG); other single-use secrets pass their own prefix. */
export function newTokenSecret(pq: Pqgate, prefix = PREFIX): string {
  const raw = pq.randomBytes(SECRET_BYTES);
  try {
    return prefix + toBase64Url(raw);
  } finally {
    raw.fill(0);
  }
}

/** The stored form of a secret, or `undefined` for text that is not a well-formed token of `prefix`. */
export function tokenHash(pq: Pqgate, secret: string, prefix = PREFIX): Uint8Array | undefined {
  if (!secret.startsWith(prefix)) return undefined;
  // Decoded only to check the length; the bytes are wiped at once, as is the hash input (the
  // string itself cannot be wiped: JavaScript strings are immutable).
  const raw = fromBase64Url(secret.slice(prefix.length));
  const wellFormed = raw?.length === SECRET_BYTES;
  raw?.fill(0);
  if (!wellFormed) return undefined;
  const text = new TextEncoder().encode(secret);
  try {
    return pq.hash("SHA-256", text);
  } finally {
    text.fill(0);
  }
}
