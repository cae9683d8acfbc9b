/**
 * Bearer-token authentication, scope checks and per-token rate limits for the `/v1` API.
 *
 * A request without a valid, unrevoked token is 401; one whose token lacks the scope or the
 * key name is 403; one over its token's rate is 429 with `retry-after`, naming the limit it hit. Token secrets are
 * never logged: only the token id reaches the audit trail.
 *
 * @module
 */

import type { Context, MiddlewareHandler } from "hono";
import { AuthError } from "../services/auth/errors.ts";
import { allows, type Principal, type Scope } from "../services/auth/scopes.ts";
import type { RateLimiter } from "../services/auth/rate-limiter.ts";

/** Resolves a bearer secret to its principal, or `undefined` (unknown, malformed, revoked). */
export interface Authenticator {
  authenticate(secret: string): Promise<Principal | undefined>;
}

/** The Hono environment of authenticated routes. */
export interface AuthEnv {
  Variables: { principal: Principal };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/** Authenticates every request it guards and applies the token's rate limit. */
export function bearerAuth(authenticator: Authenticator, limiter: RateLimiter): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const match = BEARER.exec(c.req.header("authorization") ?? "");
    const principal = match?.[1] === undefined ? undefined : await authenticator.authenticate(match[1]);
    if (principal === undefined) throw new AuthError("unauthorized", "A valid bearer token is required.");
    const wait = limiter.take(principal.tokenId);
    if (wait > 0) throw rateLimited(limiter, "This token is over its request rate", wait);
    c.set("principal", principal);
    await next();
  };
}

/**
 * The 429 refusal of a request over `limiter`'s limit: it names the limit (`token` or
 * `anonymous`), its rate and burst and their scope (`cluster`: all replicas together;
 * `process`: per gateway process), and when to retry.
 */
export function rateLimited(limiter: RateLimiter, what: string, retryAfterSeconds: number): AuthError {
  const { rate, burst, scope } = limiter.description;
  const per = scope === "cluster" ? "across all replicas" : "per gateway process";
  return new AuthError("rate-limited", `${what} (${rate} requests/s, burst ${burst}, ${per}).`, {
    extensions: limiter.description,
    retryAfterSeconds,
  });
}

/** The request's principal, after checking it may perform `scope` (on key `name`). */
export function authorize<E extends AuthEnv>(c: Context<E>, scope: Scope, name?: string): Principal {
  // Hono contexts are invariant in their env; every E here includes AuthEnv's principal.
  const principal = (c as unknown as Context<AuthEnv>).get("principal");
  if (!allows(principal, scope, name)) {
    throw new AuthError("forbidden", `This token may not ${scope}${name === undefined ? "" : ` on ${name}`}.`);
  }
  return principal;
}
