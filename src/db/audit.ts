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

import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { auditChainKey, auditLog } from "./schema/index.ts";

/** An `audit_log` row. */
export type AuditRow = typeof auditLog.$inferSelect;

/** A row's fields before it has a place in the chain. */
export type UnchainedAuditRow = Omit<AuditRow, "seq" | "prevHash" | "hash" | "headMac">;

/** The `audit_chain_key` row. */
export type AuditChainKeyRow = typeof auditChainKey.$inferSelect;

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
 * previous row's hash (`genesis` for the first row). `authenticate` computes the `head_mac` of
 * the batch's last row from its `seq` and `hash`.
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
  authenticate: (seq: number, hash: Uint8Array) => Uint8Array,
): Promise<AuditRow[]> {
  if (rows.length === 0) return [];
  return await db.transaction(async (tx) => {
    await lockChain(tx);
    const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog)
      .orderBy(desc(auditLog.seq)).limit(1);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? genesis;
    const chained = rows.map((row, i) => {
      seq++;
      const hash = seal(row, seq, prevHash);
      const headMac = i === rows.length - 1 ? authenticate(seq, hash) : null;
      const linked = { ...row, seq, prevHash, hash, headMac };
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

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Takes the append lock for the rest of `tx`. */
async function lockChain(tx: Tx): Promise<void> {
  await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
  // A statement of its own: under READ COMMITTED the next statement's snapshot then includes
  // the row the previous lock holder committed.
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
}

/** The chain key row, if one was made. */
export async function readAuditChainKey(db: Database): Promise<AuditChainKeyRow | undefined> {
  const [row] = await db.select().from(auditChainKey).where(eq(auditChainKey.id, 1));
  return row;
}

/**
 * The chain key row; made by `make(fromSeq)` (`fromSeq` = the seq the next append will get)
 * under the append lock if there is none, so replicas agree on one key and no row is appended
 * between reading `fromSeq` and storing the key.
 */
export async function ensureAuditChainKey(
  db: Database,
  make: (fromSeq: number) => Omit<AuditChainKeyRow, "id" | "fromSeq">,
): Promise<AuditChainKeyRow> {
  return await db.transaction(async (tx) => {
    await lockChain(tx);
    const [existing] = await tx.select().from(auditChainKey).where(eq(auditChainKey.id, 1));
    if (existing !== undefined) return existing;
    const [last] = await tx.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const fromSeq = (last?.seq ?? 0) + 1;
    const [stored] = await tx.insert(auditChainKey).values({ id: 1, fromSeq, ...make(fromSeq) }).returning();
    if (stored === undefined) throw new Error("INSERT ... RETURNING returned no audit chain key");
    return stored;
  });
}

/** Replaces the chain key's envelope if it still holds `expected` (root rotation); whether it did. */
export async function replaceAuditChainKeyEnvelope(
  db: Database,
  expected: Uint8Array,
  next: Uint8Array,
  rootId: Uint8Array,
): Promise<boolean> {
  const updated = await db.update(auditChainKey).set({ envelope: next, rootId })
    .where(and(eq(auditChainKey.id, 1), eq(auditChainKey.envelope, expected))).returning({ id: auditChainKey.id });
  return updated.length > 0;
}

/** Up to `limit` rows with `seq` above `afterSeq`, in chain order. */
export async function auditRowsAfter(db: Database, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return await db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
}
