/**
 * Repository of sessions (`sessions`): insert with the database-wide bounds, read, take, end,
 * confirm, purge, and the root rotation's compare-and-set. Every ending is a `DELETE`, which
 * the cache trigger announces to every replica (`sessions:<id>`).
 *
 * Bounds: after each insert, the owner's sessions beyond `maxPerOwner` and all sessions beyond
 * `capacity` are deleted, oldest first (by `seq`). One trim runs at a time across every
 * replica (a transaction-scoped advisory lock, tried, never waited for): an insert that finds
 * a trim running leaves the trimming to it and to the next insert, so the counts exceed a
 * bound at most by the inserts in flight at that moment, and only until the next trim. Trims
 * that ran side by side deleted overlapping sets of rows in different orders, and PostgreSQL
 * broke the resulting deadlocks by failing one of them: a 500 for a session that was stored.
 * The expiry purge takes the same lock (waiting for it), the other multi-row delete.
 *
 * @module
 */

import { and, desc, eq, gt, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { rowsOf } from "./raw.ts";
import { type SessionRow, sessions } from "./schema/index.ts";

export type { SessionRow } from "./schema/index.ts";

/** The database-wide bounds of {@link insertSession}. */
export interface SessionBounds {
  readonly capacity: number;
  readonly maxPerOwner: number;
}

/**
 * Key of the advisory lock that lets one multi-row delete of `sessions` run at a time ("pqtrim"
 * in ASCII); distinct from the other advisory locks, and the same in every replica.
 */
const TRIM_LOCK_KEY = 0x70717472696d;

/** Stores a new session, then ends the oldest beyond the bounds; returns the ids it ended. */
export async function insertSession(
  db: Database,
  row: Omit<typeof sessions.$inferInsert, "seq">,
  bounds: SessionBounds,
): Promise<string[]> {
  await db.insert(sessions).values(row);
  return await db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${TRIM_LOCK_KEY}) as locked`),
    );
    if (lock?.locked !== true) return [];
    const ownerExcess = tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.owner, row.owner))
      .orderBy(desc(sessions.seq)).offset(bounds.maxPerOwner);
    const ended = await tx.delete(sessions).where(inArray(sessions.id, ownerExcess)).returning({ id: sessions.id });
    const excess = tx.select({ id: sessions.id }).from(sessions).orderBy(desc(sessions.seq)).offset(bounds.capacity);
    ended.push(...await tx.delete(sessions).where(inArray(sessions.id, excess)).returning({ id: sessions.id }));
    return ended.map((e) => e.id);
  });
}

/** The session `id`, expired or not. */
export async function findSession(db: Database, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

/** Deletes the session `id`; whether this call did (of several racing, one does). */
export async function deleteSession(db: Database, id: string): Promise<boolean> {
  return (await db.delete(sessions).where(eq(sessions.id, id)).returning({ id: sessions.id })).length > 0;
}

/** Records the client's confirmation (once). */
export async function markSessionConfirmed(db: Database, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ confirmedAt: at }).where(and(eq(sessions.id, id), isNull(sessions.confirmedAt)));
}

/** Deletes the sessions expired at `now`; returns how many. Waits for a trim in progress (see the module). */
export async function purgeExpiredSessions(db: Database, now: Date): Promise<number> {
  return await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TRIM_LOCK_KEY})`);
    return (await tx.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id })).length;
  });
}

/** Up to `limit` live sessions whose envelope another root than `rootId` sealed (root rotation). */
export async function sessionsNotUnderRoot(
  db: Database,
  rootId: Uint8Array,
  now: Date,
  limit: number,
): Promise<SessionRow[]> {
  return await db.select().from(sessions).where(and(ne(sessions.rootId, rootId), gt(sessions.expiresAt, now)))
    .orderBy(sessions.seq).limit(limit);
}

/** Replaces a session's envelope if it still holds `old` (compare-and-set); whether it did. */
export async function replaceSessionEnvelope(
  db: Database,
  id: string,
  old: Uint8Array,
  next: Uint8Array,
  rootId: Uint8Array,
): Promise<boolean> {
  const done = await db.update(sessions).set({ envelope: next, rootId })
    .where(and(eq(sessions.id, id), eq(sessions.envelope, old))).returning({ id: sessions.id });
  return done.length > 0;
}
