/**
 * Why a request was refused before (or instead of) reaching a service: no valid token (401),
 * a token without the scope or key name (403), or over its rate (429, with
 * `retryAfterSeconds`). Carries the token's scope and key name at most, never its secret.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a request was refused by authentication, authorisation or rate limiting. */
export type AuthErrorKind = "unauthorized" | "forbidden" | "rate-limited";

/** A refused request. */
export class AuthError extends DomainError<AuthErrorKind> {
  override readonly name = "AuthError";
}
