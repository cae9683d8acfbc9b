/**
 * The audit use cases: record one event at the end of the hash chain, and verify the whole
 * chain from its first row.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import { appendAuditRows, type AuditRow, auditRowsAfter, type UnchainedAuditRow } from "../../db/audit.ts";
import { sqlState } from "../../db/errors.ts";
import type { Clock } from "../../common/clock.ts";
import { type AuditEntry, type ChainFields, chainHash, GENESIS_HASH, type Hasher, sameBytes } from "./chain.ts";
import { GroupCommit } from "./group-commit.ts";

export type { AuditEntry, Hasher } from "./chain.ts";

/** Where an event went in the chain. */
export interface Recorded {
  readonly seq: number;
  readonly hash: Uint8Array;
}

/**
 * What {@link AuditService.verify} found. `rows` counts the rows that verified; when broken,
 * `firstBrokenSeq` is the first row whose `prev_hash` or `hash` does not match, or the first
 * missing `seq` (a deleted row). `head` is the last hash: recorded elsewhere, it lets a later
 * verification notice rows removed from the end, which a chain alone cannot show.
 */
export type AuditVerdict =
  | { readonly ok: true; readonly rows: number; readonly head: Uint8Array | null }
  | { readonly ok: false; readonly rows: number; readonly firstBrokenSeq: number; readonly reason: string };

/** What {@link AuditService} needs. */
export interface AuditDeps {
  readonly db: Database;
  /** SHA-256, from the native binding. */
  readonly pq: Hasher;
  readonly clock: Clock;
}

/** Rows read per query while verifying (bounded memory on long logs). */
const VERIFY_BATCH = 1000;

/** Most events appended in one transaction (one multi-row INSERT). */
const APPEND_BATCH = 256;

/**
 * Whether a failed append may be one row's fault: SQLSTATE class 22 (data exception, e.g. a
 * NUL character in text) or 23 (integrity constraint). Anything else (an outage, the lock
 * timeout) concerns every row alike.
 */
const rowMayBeAtFault = (error: unknown): boolean => /^2[23]/.test(sqlState(error) ?? "");

/**
 * Records and verifies the audit trail. Concurrent records are group-committed: the chain is
 * serialised by one lock across every replica, so appending many events per turn of that lock,
 * rather than one, is what lets the request rate grow with load.
 */
export class AuditService {
  readonly #deps: AuditDeps;
  readonly #appends: GroupCommit<UnchainedAuditRow, AuditRow>;

  constructor(deps: AuditDeps) {
    this.#deps = deps;
    this.#appends = new GroupCommit({
      write: (rows) =>
        appendAuditRows(
          deps.db,
          rows,
          GENESIS_HASH,
          (row, seq, prevHash) => chainHash(deps.pq, prevHash, { ...row, seq }),
        ),
      maxBatch: APPEND_BATCH,
      itemMayBeAtFault: rowMayBeAtFault,
    });
  }

  /**
   * Appends `entry` (timestamped now) to the chain; resolves once it is stored.
   *
   * # Errors
   * Rejects when the database fails, refuses the entry, or the append lock is not granted in
   * time; the entry is then not recorded.
   */
  async record(entry: AuditEntry): Promise<Recorded> {
    const stored = await this.#appends.submit({
      ...entry,
      syncAccountId: entry.syncAccountId ?? null,
      syncDeviceId: entry.syncDeviceId ?? null,
      at: this.#deps.clock.now(),
    });
    return { seq: stored.seq, hash: stored.hash };
  }

  /**
   * Recomputes the chain from its first row and reports the first break. Rows appended while
   * it runs are verified too (appends only add at the end).
   *
   * # Errors
   * Rejects when the database fails.
   */
  async verify(): Promise<AuditVerdict> {
    const { db, pq } = this.#deps;
    let expected = 1;
    let prev = GENESIS_HASH;
    for (;;) {
      const batch = await auditRowsAfter(db, expected - 1, VERIFY_BATCH);
      for (const row of batch) {
        const rows = expected - 1;
        if (row.seq !== expected) {
          return {
            ok: false,
            rows,
            firstBrokenSeq: expected,
            reason: `row ${expected} is missing (next is ${row.seq})`,
          };
        }
        if (!sameBytes(row.prevHash, prev)) {
          return {
            ok: false,
            rows,
            firstBrokenSeq: row.seq,
            reason: "prev_hash does not match the previous row's hash",
          };
        }
        if (!sameBytes(chainHash(pq, prev, row satisfies ChainFields), row.hash)) {
          return { ok: false, rows, firstBrokenSeq: row.seq, reason: "hash does not match the row's contents" };
        }
        prev = row.hash;
        expected++;
      }
      if (batch.length < VERIFY_BATCH) return { ok: true, rows: expected - 1, head: expected > 1 ? prev : null };
    }
  }
}
