/**
 * Why a request was refused before (or instead of) reaching a service: no valid token (401),
 * a token without the scope or key name (403), or over its rate (429, with
 * `retryAfterSeconds`); and why a token could not be created or revoked: authority the calling
 * token does not hold or may not grant (403), a key pattern too complex to accept (422), a sync
 * account the token cannot carry (422) or that lies outside the creator's own account (403); and
 * why a token could not be revoked: it is its owner's last live `tokens:admin` token (409); a
 * token past its expiry (401 `token-expired`), and a lifetime beyond the maximum (400). Carries
 * scopes and key names at most, never a secret.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a request was refused by authentication, authorisation or rate limiting. */
export type AuthErrorKind =
  | "unauthorized"
  | "forbidden"
  | "rate-limited"
  | "scope-not-held"
  | "scope-operator-only"
  | "key-pattern-not-contained"
  | "key-pattern-too-complex"
  | "token-beyond-authority"
  | "token-sync-account-invalid"
  | "token-sync-account-not-contained"
  | "last-admin-token"
  | "token-expired"
  | "token-lifetime-invalid";

/** A refused request. */
export class AuthError extends DomainError<AuthErrorKind> {
  override readonly name = "AuthError";
}
