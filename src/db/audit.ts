/**
 * Repository of the audit log: appends, the chain head and ordered reads.
 *
 * An append is one multi-row INSERT of rows the caller chained after the head it knows; the
 * primary key on `seq` refuses an append computed from a stale head (another replica appended
 * first), so the chain never forks and the caller re-reads the head and chains again. Making the
 * chain key is serialised across replicas by a transaction-scoped advisory lock instead, taken
 * before the last row is read (`SELECT … FOR UPDATE` on the last row would not cover the empty
 * table).
 *
 * @module
 */

import { and, asc, desc, eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import type { Database } from "./client.ts";
import { sqlState, UNIQUE_VIOLATION, violatedConstraint } from "./errors.ts";
import { auditChainKey, auditLog } from "./schema/index.ts";

/** An `audit_log` row. */
export type AuditRow = typeof auditLog.$inferSelect;

/** A row's fields before it has a place in the chain. */
export type UnchainedAuditRow = Omit<AuditRow, "seq" | "prevHash" | "hash" | "headMac">;

/** The `audit_chain_key` row. */
export type AuditChainKeyRow = typeof auditChainKey.$inferSelect;

/**
 * Key of the advisory lock serialising the making of the chain key ("pqaudit" in ASCII; older
 * versions also took it for every append); distinct from the
 * migration lock, and the same in every replica.
 */
const AUDIT_LOCK_KEY = 0x70716175646974;

/**
 * Longest wait for the lock. A holder that hangs (a stalled connection) makes the caller fail
 * after this instead of piling up behind it.
 */
const LOCK_TIMEOUT = "5s";

/** The last row of the chain: where the next append continues. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: Uint8Array;
}

/** The last row's `seq` and `hash`; `undefined` while the log is empty. One statement. */
export async function readAuditHead(db: Database): Promise<AuditHead | undefined> {
  const [last] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog)
    .orderBy(desc(auditLog.seq)).limit(1);
  return last;
}

/**
 * Inserts `rows`, already chained (consecutive `seq`, each `prev_hash` the previous `hash`),
 * in one multi-row statement: outside a transaction, so one round trip and one (implicit)
 * transaction for the whole batch. All rows are stored or none.
 *
 * No lock is taken: the primary key on `seq` decides between writers. Two writers that chained
 * from the same head both insert its `seq + 1`; the second waits for the first to commit and is
 * refused ({@link isChainConflict}), so the chain cannot fork and the loser chains again from
 * the new head.
 *
 * # Errors
 * Rejects when the database fails or refuses a row; nothing is written then.
 */
export async function insertAuditRows(db: Database, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const column of AUDIT_COLUMNS) params[`${column}${i}`] = row[column];
  });
  await insertStatement(db, rows.length).execute(params);
}

/** Every column of a row, in the order of the statement's placeholders. */
const AUDIT_COLUMNS = Object.keys(getTableColumns(auditLog)) as (keyof AuditRow)[];

type InsertStatement = { execute(params: Record<string, unknown>): Promise<unknown> };

/** Per database handle, the insert of `n` rows, built once per `n` (group commit bounds `n`). */
const insertStatements = new WeakMap<Database, Map<number, InsertStatement>>();

/**
 * The INSERT of `n` rows as a prepared statement with placeholders: an append under load is
 * one statement per batch, and building it anew (drizzle walks every value of every row) cost
 * a seventh of the gateway's CPU on the sign path (issue 17's profile).
 */
function insertStatement(db: Database, n: number): InsertStatement {
  let bySize = insertStatements.get(db);
  if (bySize === undefined) insertStatements.set(db, bySize = new Map());
  let statement = bySize.get(n);
  if (statement === undefined) {
    const values = Array.from(
      { length: n },
      (_, i) => Object.fromEntries(AUDIT_COLUMNS.map((column) => [column, sql.placeholder(`${column}${i}`)])),
    );
    statement = db.insert(auditLog).overridingSystemValue().values(values as PgInsertValue<typeof auditLog, true>[])
      .prepare(`pqgate_audit_insert_${n}`);
    bySize.set(n, statement);
  }
  return statement;
}

/** Whether `error` is another writer having taken the `seq` an append chained to (see {@link insertAuditRows}). */
export function isChainConflict(error: unknown): boolean {
  return sqlState(error) === UNIQUE_VIOLATION && violatedConstraint(error) === "audit_log_pkey";
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Takes the chain lock for the rest of `tx`. */
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
