/**
 * What a token may do: scopes per operation, and a pattern of key names it may touch.
 *
 * @module
 */

/** Every scope, one per kind of operation. `admin` also manages tokens. */
export const SCOPES = [
  "keys:create",
  "keys:read",
  "keys:rotate",
  "keys:configure",
  "keys:sign",
  "keys:verify",
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
}

/** Whether `pattern` (with `*` matching any run of characters) matches all of `name`. */
export function keyNameMatches(pattern: string, name: string): boolean {
  const parts = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`).test(name);
}

/** Whether `principal` may perform `scope`, on key `name` when given. */
export function allows(principal: Principal, scope: Scope, name?: string): boolean {
  if (!principal.scopes.includes(scope)) return false;
  return name === undefined || keyNameMatches(principal.keyPattern, name);
}
