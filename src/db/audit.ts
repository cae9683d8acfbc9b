/**
 * Repository of the audit log: serialised appends and ordered reads.
 *
 * Appends are serialised across every connection and replica by a transaction-scoped advisory
 * lock, taken before the last row is read: the next append waits until this one commits and
 * then sees its row, so the chain never forks. (`SELECT … FOR UPDATE` on the last row would
 * not cover the empty table, where two first appends would both see nothing.) The primary key
 * on `seq` is the backstop: an append computed from a stale last row fails instead of forking.
 * PGlite, one connection, is serial anyway; the same code runs there.
 *
 * @module
 */

import { asc, desc, gt, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { auditLog } from "./schema/index.ts";

/** An `audit_log` row. */
export type AuditRow = typeof auditLog.$inferSelect;

/** A row's fields before it has a place in the chain. */
export type UnchainedAuditRow = Omit<AuditRow, "seq" | "prevHash" | "hash">;

/**
 * Key of the advisory lock serialising appends ("pqaudit" in ASCII); distinct from the
 * migration lock, and the same in every replica.
 */
const AUDIT_LOCK_KEY = 0x70716175646974;

/**
 * Longest wait for the append lock. A holder that hangs (a stalled connection) makes appends
 * fail after this instead of piling up every request behind it.
 */
const LOCK_TIMEOUT = "5s";

/**
 * Appends `rows`, in order, after the current last row, in one transaction, and returns them
 * as stored. `seal` computes a new row's hash from its place in the chain: its `seq` and the
 * previous row's hash (`genesis` for the first row).
 *
 * # Errors
 * Rejects when the lock is not granted within {@link LOCK_TIMEOUT} or the database fails
 * (including a row the database refuses); nothing is written then.
 */
export async function appendAuditRows(
  db: Database,
  rows: readonly UnchainedAuditRow[],
  genesis: Uint8Array,
  seal: (row: UnchainedAuditRow, seq: number, prevHash: Uint8Array) => Uint8Array,
): Promise<AuditRow[]> {
  if (rows.length === 0) return [];
  return await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
    // A statement of its own: under READ COMMITTED the next statement's snapshot then includes
    // the row the previous lock holder committed.
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog)
      .orderBy(desc(auditLog.seq)).limit(1);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? genesis;
    const chained = rows.map((row) => {
      seq++;
      const hash = seal(row, seq, prevHash);
      const linked = { ...row, seq, prevHash, hash };
      prevHash = hash;
      return linked;
    });
    const stored = await tx.insert(auditLog).overridingSystemValue().values(chained).returning();
    if (stored.length !== rows.length) {
      throw new Error(`INSERT ... RETURNING returned ${stored.length} audit rows for ${rows.length}`);
    }
    return stored.sort((a, b) => a.seq - b.seq);
  });
}

/** Up to `limit` rows with `seq` above `afterSeq`, in chain order. */
export async function auditRowsAfter(db: Database, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return await db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
}
