/**
 * Tokens: authenticate a bearer secret, create (the secret is returned once), list, renew,
 * revoke, and the first admin token at first start. A token past its `expiresAt` is refused
 * (`token-expired`), checked at every use, also when its principal comes from memory. Authentication reads the token through a query
 * prepared once, and serves principals from memory (`cache/`) while the database's change feed
 * allows: a revocation anywhere (or any direct write to the token's row) drops it.
 *
 * @module
 */

import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Pqgate } from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import * as repo from "../../db/tokens.ts";
import { findAccount } from "../../db/sync.ts";
import type { Clock } from "../../common/clock.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { CacheCoherence } from "../cache/coherence.ts";
import { RowCache } from "../cache/row-cache.ts";
import { OPERATOR_SCOPES, type Principal, type Scope, SCOPES } from "./scopes.ts";
import { AuthError } from "./errors.ts";
import { patternComplexityProblem, patternWithin } from "./key-pattern.ts";
import { newTokenSecret, tokenHash } from "./token-secret.ts";
import { TokenUsage } from "./token-usage.ts";
import { DEFAULT_TOKEN_MAX_TTL_SECONDS, expiryOf, type LifetimeRequest, renewedExpiry } from "./token-lifetime.ts";

/** A token as clients see it (never its secret or hash). */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly keyPattern: string;
  /** The one sync account the token acts on; null for an owner-wide token. */
  readonly syncAccount: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  /** When the token stops working; null: never (admin tokens only). */
  readonly expiresAt: Date | null;
  /** When it was last used, to about a minute; null: not yet (or not since this was recorded). */
  readonly lastUsedAt: Date | null;
}

/** What {@link TokenService.create} takes (`expiresAt` or `ttlSeconds`: see `token-lifetime.ts`). */
export interface NewTokenInput extends LifetimeRequest {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly keyPattern: string;
  /**
   * The one sync account the token will act on (only with the `sync:device` scope, only an
   * account of the token's owner); absent or null for an owner-wide token.
   */
  readonly syncAccount?: string | null | undefined;
}

/** Refuses a pattern beyond the documented limits (length, number of wildcards). */
function requireSimplePattern(pattern: string): void {
  const problem = patternComplexityProblem(pattern);
  if (problem !== undefined) throw new AuthError("key-pattern-too-complex", `${problem}.`);
}

function view(row: repo.TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)),
    keyPattern: row.keyPattern,
    syncAccount: row.syncAccountId,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** A cached live token: its principal and when it expires (ms since the epoch; null: never). */
interface CachedToken {
  readonly principal: Principal;
  readonly expiresAt: number | null;
}

/** The token use cases. */
export class TokenService {
  readonly #db: Database;
  readonly #pq: Pqgate;
  readonly #clock: Clock;
  readonly #findActive: (hash: Uint8Array) => Promise<repo.TokenRow | undefined>;
  readonly #coherence: CacheCoherence;
  /** Principals of live tokens by secret hash (unknown secrets are never cached). */
  readonly #principals: RowCache<CachedToken>;
  readonly #maxTtlSeconds: number;
  readonly #usage: TokenUsage;

  /**
   * `cache`: the process's cache coherence and how many principals to keep; without it every
   * authentication reads the database. `lifetime.maxTtlSeconds`: `PQGATE_TOKEN_MAX_TTL`.
   */
  constructor(
    db: Database,
    pq: Pqgate,
    clock: Clock,
    cache: { readonly coherence: CacheCoherence; readonly capacity: number } = {
      coherence: new CacheCoherence(0),
      capacity: 0,
    },
    lifetime: { readonly maxTtlSeconds: number } = { maxTtlSeconds: DEFAULT_TOKEN_MAX_TTL_SECONDS },
  ) {
    this.#maxTtlSeconds = lifetime.maxTtlSeconds;
    this.#usage = new TokenUsage(db, clock);
    this.#db = db;
    this.#pq = pq;
    this.#clock = clock;
    this.#findActive = repo.prepareFindActiveToken(db);
    this.#coherence = cache.coherence;
    this.#principals = new RowCache(cache.coherence, {
      capacity: cache.capacity,
      table: "tokens",
      idOf: (cached) => cached.principal.tokenId,
    });
  }

  /**
   * The principal of a bearer secret, or `undefined` for an unknown, malformed or revoked one.
   *
   * @throws {AuthError} `token-expired` for a live token past its expiry (also when cached).
   */
  async authenticate(secret: string): Promise<Principal | undefined> {
    const hash = tokenHash(this.#pq, secret);
    if (hash === undefined) return undefined;
    const cached = await this.#principals.read(toBase64Url(hash), async () => {
      const row = await this.#findActive(hash);
      if (row === undefined) return undefined;
      const { id, scopes, keyPattern, syncAccount } = view(row);
      const principal = { tokenId: id, owner: row.owner, scopes, keyPattern, syncAccount };
      return { principal, expiresAt: row.expiresAt?.getTime() ?? null };
    });
    if (cached === undefined) return undefined;
    if (cached.expiresAt !== null && cached.expiresAt <= this.#clock.now().getTime()) {
      throw new AuthError("token-expired", `This token expired at ${new Date(cached.expiresAt).toISOString()}.`);
    }
    this.#usage.used(cached.principal.tokenId);
    return cached.principal;
  }

  /** Resolves when the last-use times noted so far are written (before closing the database). */
  usageSettled(): Promise<void> {
    return this.#usage.settled();
  }

  /**
   * Creates a token for `creator`'s owner on behalf of `creator` (a `tokens:admin` token, over
   * HTTP): never beyond the creator's own authority. Every scope must be one the creator holds
   * and none an operator scope ({@link OPERATOR_SCOPES}: those only `cli tokens create`
   * grants), the key pattern must provably lie within the creator's, and a creator scoped to
   * one sync account mints only tokens scoped to that same account.
   *
   * @throws {AuthError} `scope-operator-only`, `scope-not-held`, `key-pattern-not-contained`,
   * `key-pattern-too-complex`, `token-sync-account-not-contained`, `token-sync-account-invalid`.
   */
  async createBy(creator: Principal, input: NewTokenInput): Promise<TokenView & { secret: string }> {
    const operator = input.scopes.filter((scope) => OPERATOR_SCOPES.includes(scope));
    if (operator.length > 0) {
      throw new AuthError(
        "scope-operator-only",
        `${operator.join(", ")} reach beyond one owner's keys: only an operator grants them (cli tokens create).`,
        { extensions: { scopes: operator } },
      );
    }
    const missing = input.scopes.filter((scope) => !creator.scopes.includes(scope));
    if (missing.length > 0) {
      throw new AuthError("scope-not-held", `This token does not hold ${missing.join(", ")}, so it cannot grant it.`, {
        extensions: { scopes: missing },
      });
    }
    requireSimplePattern(input.keyPattern);
    if (!patternWithin(input.keyPattern, creator.keyPattern)) {
      throw new AuthError(
        "key-pattern-not-contained",
        `The key pattern ${input.keyPattern} is not within this token's ${creator.keyPattern}.`,
        { extensions: { keyPattern: input.keyPattern, allowed: creator.keyPattern } },
      );
    }
    const syncAccount = input.syncAccount ?? null;
    if (creator.syncAccount !== null && syncAccount !== creator.syncAccount) {
      throw new AuthError(
        "token-sync-account-not-contained",
        `This token acts only on sync account ${creator.syncAccount}: it mints only tokens scoped to that account.`,
        { extensions: { syncAccount, allowed: creator.syncAccount } },
      );
    }
    return await this.create(creator.owner, input);
  }

  /**
   * Creates a token for `owner` as an operator does (the CLI, tests): any scopes and pattern.
   * The secret is in the result and nowhere else. A sync account needs the `sync:device` scope
   * and must be an account of `owner`.
   *
   * @throws {AuthError} `key-pattern-too-complex`, `token-sync-account-invalid`.
   */
  async create(owner: string, input: NewTokenInput): Promise<TokenView & { secret: string }> {
    requireSimplePattern(input.keyPattern);
    const syncAccountId = input.syncAccount ?? null;
    if (syncAccountId !== null) await this.#requireSyncAccount(owner, input.scopes, syncAccountId);
    const secret = newTokenSecret(this.#pq);
    const hash = tokenHash(this.#pq, secret);
    if (hash === undefined) throw new Error("a fresh token secret did not parse");
    const { name, scopes, keyPattern } = input;
    const expiresAt = expiryOf(this.#clock.now(), this.#maxTtlSeconds, scopes, input);
    const row = await repo.createToken(this.#db, { owner, hash, name, scopes, keyPattern, syncAccountId, expiresAt });
    return { ...view(row), secret };
  }

  /** @throws {AuthError} `token-sync-account-invalid` unless `scopes` has `sync:device` and `owner` has the account. */
  async #requireSyncAccount(owner: string, scopes: readonly Scope[], id: string): Promise<void> {
    if (!scopes.includes("sync:device")) {
      throw new AuthError(
        "token-sync-account-invalid",
        "Only a token with the sync:device scope carries a sync account.",
        {
          extensions: { syncAccount: id },
        },
      );
    }
    if (await findAccount(this.#db, owner, id) === undefined) {
      throw new AuthError("token-sync-account-invalid", `This owner has no sync account ${id}.`, {
        extensions: { syncAccount: id },
      });
    }
  }

  /** An owner's tokens. */
  async list(owner: string): Promise<TokenView[]> {
    return (await repo.listTokens(this.#db, owner)).map(view);
  }

  /**
   * Revokes a token of `caller`'s owner at once on behalf of `caller` (over HTTP), only if
   * that token is within the caller's authority (scopes it holds, a pattern within its own, the
   * caller's sync account if it has one):
   * a team's `tokens:admin` cannot revoke the operator's tokens; and never the owner's last
   * live `tokens:admin` token, which would leave the owner's tokens manageable only from the
   * CLI (the caller's own token included: a token may revoke itself while another admin token
   * lives). `"not-found"` if no such live token; `"self"` when the caller revoked itself.
   *
   * @throws {AuthError} `token-beyond-authority`, `last-admin-token`.
   */
  async revokeBy(caller: Principal, id: string): Promise<"revoked" | "self" | "not-found"> {
    const target = await repo.findToken(this.#db, caller.owner, id);
    if (target === undefined || target.revokedAt !== null) return "not-found";
    requireWithinAuthority(caller, target, "revokes");
    const outcome = await repo.revokeTokenKeepingAdmin(this.#db, caller.owner, id, this.#clock.now());
    if (outcome === "last-admin") {
      throw new AuthError(
        "last-admin-token",
        "That is the last live token with tokens:admin for this owner: create another admin token first " +
          "(or revoke it with the CLI).",
      );
    }
    if (outcome === "not-found") return outcome;
    this.#coherence.invalidate({ table: "tokens", id });
    return id === caller.tokenId ? "self" : "revoked";
  }

  /**
   * Extends a live token of `caller`'s owner (unrevoked, unexpired) on behalf of `caller`, with
   * the authority revocation needs (a token within the caller's own, the caller itself
   * included): to `ttlSeconds` from now, at most `PQGATE_TOKEN_MAX_TTL` (the maximum when
   * absent), for admin tokens too. `undefined` if there is no such live token.
   *
   * @throws {AuthError} `token-beyond-authority`, `token-lifetime-invalid`.
   */
  async renewBy(caller: Principal, id: string, ttlSeconds?: number): Promise<TokenView | undefined> {
    const target = await repo.findToken(this.#db, caller.owner, id);
    const now = this.#clock.now();
    const live = target !== undefined && target.revokedAt === null &&
      (target.expiresAt === null || target.expiresAt.getTime() > now.getTime());
    if (!live) return undefined;
    requireWithinAuthority(caller, target, "renews");
    const expiresAt = renewedExpiry(now, this.#maxTtlSeconds, ttlSeconds);
    if (!(await repo.renewToken(this.#db, caller.owner, id, now, expiresAt))) return undefined;
    // Dropped here at once; other replicas drop it when the database's notification arrives.
    this.#coherence.invalidate({ table: "tokens", id });
    return view({ ...target, expiresAt });
  }

  /**
   * Revokes a token at once, as an operator does (the CLI): any token, the last admin token
   * included; false if the owner has no such live token.
   */
  async revoke(owner: string, id: string): Promise<boolean> {
    const revoked = await repo.revokeToken(this.#db, owner, id, this.#clock.now());
    // Dropped here at once; other replicas drop it when the database's notification arrives.
    this.#coherence.invalidate({ table: "tokens", id });
    return revoked;
  }

  /**
   * At first start (no token at all), installs the admin token: `provided` (an operator's
   * secret, e.g. from `PQGATE_ADMIN_TOKEN_FILE`) or a fresh one whose secret is written to
   * `file` (mode 0600, never overwritten) rather than to a log line. Returns what it did.
   *
   * Atomic and single: the secret is first written and synced to a temporary file beside
   * `file`; then, in one transaction holding a cross-replica advisory lock, the token is
   * inserted only if none exists, and the temporary file is hard-linked to `file` (which
   * fails if `file` exists) before the commit. A failed write or link rolls the insert back;
   * a failed commit removes `file`. So a live admin token always has its secret on disk, and
   * replicas starting together on a fresh database install exactly one.
   *
   * @throws {Error} for a malformed provided secret, when `file` already exists (a stale file
   * from an earlier failed start), or when it cannot be written.
   */
  async bootstrap(file: string, provided?: string): Promise<"exists" | "provided" | "written"> {
    if (await repo.tokenCount(this.#db) > 0) return "exists";
    const admin = { owner: "", name: "initial-admin", scopes: SCOPES, keyPattern: "*", syncAccountId: null };
    if (provided !== undefined) {
      const hash = tokenHash(this.#pq, provided);
      if (hash === undefined) throw new Error("the provided admin token is not a pqg_ token of 32 random bytes");
      return await repo.createFirstToken(this.#db, { ...admin, hash }) === undefined ? "exists" : "provided";
    }
    const secret = newTokenSecret(this.#pq);
    const hash = tokenHash(this.#pq, secret);
    if (hash === undefined) throw new Error("a fresh token secret did not parse");
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${crypto.randomUUID()}.tmp`;
    let linked = false;
    try {
      writeSynced(temporary, `${secret}\n`);
      const row = await repo.createFirstToken(this.#db, { ...admin, hash }, () => {
        try {
          linkSync(temporary, file);
        } catch (error) {
          if ((error as { code?: unknown }).code === "EEXIST") {
            throw new Error(`${file} exists but no token does: remove the stale file`);
          }
          throw error;
        }
        linked = true;
      });
      return row === undefined ? "exists" : "written";
    } catch (error) {
      // The transaction did not commit: the secret on disk belongs to no token.
      if (linked) rmSync(file, { force: true });
      throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  }
}

/**
 * Refuses `caller` acting on `target` unless the target holds only scopes the caller holds, a
 * key pattern within the caller's and (for a caller scoped to a sync account) the same account.
 *
 * @throws {AuthError} `token-beyond-authority`.
 */
function requireWithinAuthority(caller: Principal, target: repo.TokenRow, verb: "revokes" | "renews"): void {
  const beyond = target.scopes.filter((scope) => !(caller.scopes as readonly string[]).includes(scope));
  const outsideAccount = caller.syncAccount !== null && target.syncAccountId !== caller.syncAccount;
  if (beyond.length > 0 || outsideAccount || !patternWithin(target.keyPattern, caller.keyPattern)) {
    throw new AuthError(
      "token-beyond-authority",
      `That token holds scopes or key names this token does not: only a broader token or the CLI ${verb} it.`,
    );
  }
}

/** Writes a new file (mode 0600, never an existing one) and syncs it to disk. */
function writeSynced(path: string, text: string): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
