/**
 * The token repository: create, find by secret hash, list, revoke.
 *
 * @module
 */

import { and, arrayContains, asc, count, eq, gt, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { tokens } from "./schema/tokens.ts";

/** A stored token (its hash, never its secret). */
export type TokenRow = typeof tokens.$inferSelect;

/** What {@link createToken} stores. */
export interface NewToken {
  readonly owner: string;
  readonly name: string;
  readonly hash: Uint8Array;
  readonly scopes: readonly string[];
  readonly keyPattern: string;
  /** The one sync account the token acts on; null or absent for an owner-wide token. */
  readonly syncAccountId?: string | null;
  /** When the token stops working; null or absent: never. */
  readonly expiresAt?: Date | null;
}

/** Stores a token. */
export async function createToken(db: Database, token: NewToken): Promise<TokenRow> {
  const [row] = await db.insert(tokens).values({ ...token, scopes: [...token.scopes] }).returning();
  if (row === undefined) throw new Error("insert returned no token row");
  return row;
}

/** The unrevoked token with this secret hash. */
export async function findActiveToken(db: Database, hash: Uint8Array): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(tokens).where(and(eq(tokens.hash, hash), isNull(tokens.revokedAt))).limit(1);
  return row;
}

/**
 * {@link findActiveToken} prepared once on `db` (a placeholder for the hash), so authenticating
 * a request builds no query.
 */
export function prepareFindActiveToken(db: Database): (hash: Uint8Array) => Promise<TokenRow | undefined> {
  const query = db.select().from(tokens)
    .where(and(eq(tokens.hash, sql.placeholder("hash")), isNull(tokens.revokedAt))).limit(1)
    .prepare("pqgate_find_active_token");
  return async (hash) => (await query.execute({ hash }))[0];
}

/** The owner's token `id` (revoked or not), if any. */
export async function findToken(db: Database, owner: string, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(tokens).where(and(eq(tokens.id, id), eq(tokens.owner, owner))).limit(1);
  return row;
}

/** An owner's tokens, oldest first (revoked ones included, for the record). */
export function listTokens(db: Database, owner: string): Promise<TokenRow[]> {
  return db.select().from(tokens).where(eq(tokens.owner, owner)).orderBy(asc(tokens.createdAt), asc(tokens.id));
}

/** Revokes an owner's token; false if there is no such unrevoked token. */
export async function revokeToken(db: Database, owner: string, id: string, at: Date): Promise<boolean> {
  const rows = await db.update(tokens).set({ revokedAt: at })
    .where(and(eq(tokens.id, id), eq(tokens.owner, owner), isNull(tokens.revokedAt)))
    .returning({ id: tokens.id });
  return rows.length > 0;
}

/**
 * Sets the expiry of an owner's live token (unrevoked, not expired at `now`) to `expiresAt`;
 * false if there is no such token. One statement: a token that expires or is revoked
 * meanwhile is not brought back.
 */
export async function renewToken(
  db: Database,
  owner: string,
  id: string,
  now: Date,
  expiresAt: Date,
): Promise<boolean> {
  const rows = await db.update(tokens).set({ expiresAt })
    .where(and(
      eq(tokens.id, id),
      eq(tokens.owner, owner),
      isNull(tokens.revokedAt),
      or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now)),
    ))
    .returning({ id: tokens.id });
  return rows.length > 0;
}

/**
 * Records that tokens `ids` were used at `at`, in one statement, never moving a later time
 * back (another replica may have written one). Changes nothing but `last_used_at`, which the
 * cache trigger ignores (migration 0013).
 */
export async function recordTokenUse(db: Database, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(tokens).set({ lastUsedAt: at })
    .where(and(inArray(tokens.id, [...ids]), or(isNull(tokens.lastUsedAt), lt(tokens.lastUsedAt, at))));
}

/** The scope whose last live holder an owner keeps ({@link revokeTokenKeepingAdmin}). */
const ADMIN_SCOPE = "tokens:admin";

/** What {@link revokeTokenKeepingAdmin} did. */
export type GuardedRevocation = "revoked" | "not-found" | "last-admin";

/**
 * Revokes an owner's token unless it is the owner's last live token holding `tokens:admin`
 * (revoking it would lock the owner out of token management until an operator steps in).
 *
 * Race-free: the check and the update run in one transaction holding an advisory lock per
 * owner, so two revocations of an owner's last two admin tokens are serialised and the second
 * sees the first's result (a conditional UPDATE alone is not enough: under READ COMMITTED
 * each statement's snapshot would still show the other token live, and both would succeed).
 */
export function revokeTokenKeepingAdmin(db: Database, owner: string, id: string, at: Date): Promise<GuardedRevocation> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`pqgate/tokens-admin/${owner}`}, 0))`);
    const live = and(eq(tokens.owner, owner), isNull(tokens.revokedAt));
    const [target] = await tx.select({ scopes: tokens.scopes }).from(tokens).where(and(eq(tokens.id, id), live));
    if (target === undefined) return "not-found";
    if (target.scopes.includes(ADMIN_SCOPE)) {
      const [others] = await tx.select({ n: count() }).from(tokens)
        .where(and(live, ne(tokens.id, id), arrayContains(tokens.scopes, [ADMIN_SCOPE])));
      if ((others?.n ?? 0) === 0) return "last-admin";
    }
    await tx.update(tokens).set({ revokedAt: at }).where(and(eq(tokens.id, id), live));
    return "revoked";
  });
}

/** How many tokens exist at all (zero means the first start: bootstrap an admin token). */
export async function tokenCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tokens);
  return row?.n ?? 0;
}

/**
 * Key of the advisory lock serialising the first admin token across replicas ("pqboot" in
 * ASCII); distinct from the migration and audit locks.
 */
const BOOTSTRAP_LOCK_KEY = 0x7071626f6f74;

/**
 * Stores `token` only if no token exists yet, in one transaction that holds the bootstrap
 * lock: replicas starting together on a fresh database install exactly one. `beforeCommit`
 * runs inside the transaction after the insert; if it throws, nothing is stored.
 * Returns the stored row, or `undefined` when a token already existed.
 */
export function createFirstToken(
  db: Database,
  token: NewToken,
  beforeCommit: () => void | Promise<void> = () => {},
): Promise<TokenRow | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const [existing] = await tx.select({ n: count() }).from(tokens);
    if ((existing?.n ?? 0) > 0) return undefined;
    const [row] = await tx.insert(tokens).values({ ...token, scopes: [...token.scopes] }).returning();
    if (row === undefined) throw new Error("insert returned no token row");
    await beforeCommit();
    return row;
  });
}

/** Deletes a token row outright (undoing a first admin token whose secret could not be kept). */
export async function deleteToken(db: Database, id: string): Promise<void> {
  await db.delete(tokens).where(eq(tokens.id, id));
}
