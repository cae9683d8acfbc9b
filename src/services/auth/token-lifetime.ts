/**
 * How long a token lives: the expiry a new token gets and the one a renewal grants. A token
 * without `tokens:admin` always expires, at most `maxTtlSeconds` after its creation (absent:
 * exactly then); an admin token may be made without expiry (the first admin token is). A
 * renewal extends any token to at most `maxTtlSeconds` from now.
 *
 * @module
 */

import { AuthError } from "./errors.ts";
import type { Scope } from "./scopes.ts";

/** Default of `PQGATE_TOKEN_MAX_TTL`: 90 days. */
export const DEFAULT_TOKEN_MAX_TTL_SECONDS = 90 * 86400;

/** What a creator may ask for: an instant or a lifetime, not both; neither for the default. */
export interface LifetimeRequest {
  readonly expiresAt?: Date | undefined;
  readonly ttlSeconds?: number | undefined;
}

/**
 * The expiry of a new token with `scopes`; null: never.
 *
 * @throws {AuthError} `token-lifetime-invalid`: both given, not in the future, or beyond the
 * maximum for a token without `tokens:admin`.
 */
export function expiryOf(
  now: Date,
  maxTtlSeconds: number,
  scopes: readonly Scope[],
  request: LifetimeRequest,
): Date | null {
  const { expiresAt, ttlSeconds } = request;
  if (expiresAt !== undefined && ttlSeconds !== undefined) {
    throw new AuthError("token-lifetime-invalid", "Give expiresAt or ttlSeconds, not both.");
  }
  const admin = scopes.includes("tokens:admin");
  const requested = expiresAt ?? (ttlSeconds === undefined ? undefined : after(now, ttlSeconds));
  if (requested === undefined) return admin ? null : after(now, maxTtlSeconds);
  if (requested.getTime() <= now.getTime()) {
    throw new AuthError("token-lifetime-invalid", "The token would expire before it is made.");
  }
  if (!admin) requireWithinMax(now, maxTtlSeconds, requested);
  return requested;
}

/**
 * The expiry a renewal grants: `ttlSeconds` (the maximum when absent) from now.
 *
 * @throws {AuthError} `token-lifetime-invalid` beyond the maximum.
 */
export function renewedExpiry(now: Date, maxTtlSeconds: number, ttlSeconds: number | undefined): Date {
  const expiry = after(now, ttlSeconds ?? maxTtlSeconds);
  requireWithinMax(now, maxTtlSeconds, expiry);
  return expiry;
}

function requireWithinMax(now: Date, maxTtlSeconds: number, expiry: Date): void {
  if (expiry.getTime() > after(now, maxTtlSeconds).getTime()) {
    throw new AuthError(
      "token-lifetime-invalid",
      `A token without tokens:admin, and any renewal, lives at most ${maxTtlSeconds} s (PQGATE_TOKEN_MAX_TTL).`,
      { extensions: { maxTtlSeconds } },
    );
  }
}

function after(now: Date, seconds: number): Date {
  return new Date(now.getTime() + seconds * 1000);
}
