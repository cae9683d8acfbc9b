/**
 * What a token may do: scopes per operation, and a pattern of key names it may touch.
 *
 * @module
 */

import { keyNameMatches } from "./key-pattern.ts";

/** Every scope, one per kind of operation. `admin` also manages tokens. */
export const SCOPES = [
  "keys:create",
  "keys:read",
  "keys:rotate",
  "keys:configure",
  "keys:sign",
  "keys:verify",
  "keys:encrypt",
  "keys:decrypt",
  "tokens:admin",
  "audit:read",
  "sessions:use",
  "data-keys:generate",
  "data-keys:unwrap",
  "keystore:admin",
  "sync:admin",
  "sync:device",
] as const;

/** One scope. */
export type Scope = typeof SCOPES[number];

/** Who a request acts as, resolved from its bearer token. */
export interface Principal {
  readonly tokenId: string;
  /** The tenant whose keys the token addresses. */
  readonly owner: string;
  readonly scopes: readonly Scope[];
  /** Key names the token may touch: `*` wildcards, e.g. `orders-*`. */
  readonly keyPattern: string;
  /**
   * The one sync account the token acts on (an account-scoped `sync:device` token: every other
   * account, and creating accounts, is refused); null for an owner-wide token.
   */
  readonly syncAccount: string | null;
}

/**
 * Scopes whose effect reaches past the token's owner and key pattern: the keystore's root key
 * (`keystore:admin` re-wraps every owner's keys) and the audit chain (`audit:read` reads every
 * owner's records). They are granted only by an operator through `cli tokens create` (or are
 * held by the first admin token), never through `POST /v1/tokens`, whoever asks.
 */
export const OPERATOR_SCOPES: readonly Scope[] = ["keystore:admin", "audit:read"];

/** Whether `principal` may perform `scope`, on key `name` when given. */
export function allows(principal: Principal, scope: Scope, name?: string): boolean {
  if (!principal.scopes.includes(scope)) return false;
  return name === undefined || keyNameMatches(principal.keyPattern, name);
}
