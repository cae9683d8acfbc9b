/**
 * The audit use cases: record one event at the end of the hash chain, and verify the whole
 * chain from its first row, with the MACs of the keystore-held chain key (`chain-key.ts`).
 *
 * @module
 */

import type { Keystore, Pqgate } from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import {
  type AuditHead,
  type AuditRow,
  auditRowsAfter,
  insertAuditRows,
  isChainConflict,
  readAuditHead,
  type UnchainedAuditRow,
} from "../../db/audit.ts";
import { sqlState } from "../../db/errors.ts";
import type { Clock } from "../../common/clock.ts";
import { type AuditEntry, type ChainFields, chainHash, GENESIS_HASH, sameBytes } from "./chain.ts";
import { type ChainKey, ChainKeyUnopenable, ensureChainKey, loadChainKey } from "./chain-key.ts";
import { GroupCommit } from "./group-commit.ts";

export type { AuditEntry } from "./chain.ts";

/** Where an event went in the chain. */
export interface Recorded {
  readonly seq: number;
  readonly hash: Uint8Array;
}

/**
 * What {@link AuditService.verify} found. `rows` counts the rows that verified; when broken,
 * `firstBrokenSeq` is the first row whose `prev_hash`, `hash` or `head_mac` does not match,
 * the first missing `seq` (a deleted row), or the first row of an unauthenticated tail. `head`
 * is the last hash: recorded elsewhere, it lets a later verification notice rows removed from
 * the end, which a chain alone cannot show. `authenticatedFrom` is the first seq the chain key
 * authenticates (null: no key yet); rows 1…`unauthenticatedThrough` were written before it and
 * are covered by the hash chain alone (0: none).
 */
export type AuditVerdict =
  | {
    readonly ok: true;
    readonly rows: number;
    readonly head: Uint8Array | null;
    readonly authenticatedFrom: number | null;
    readonly unauthenticatedThrough: number;
  }
  | { readonly ok: false; readonly rows: number; readonly firstBrokenSeq: number; readonly reason: string };

/** What {@link AuditService} needs. */
export interface AuditDeps {
  readonly db: Database;
  /** SHA-256 and HKDF, from the native binding. */
  readonly pq: Pqgate;
  /** The keystore that holds the chain key (opened on first use by the CLI). */
  readonly keystore: () => Keystore;
  readonly clock: Clock;
}

/** Rows read per query while verifying (bounded memory on long logs). */
const VERIFY_BATCH = 1000;

/** Most events appended in one statement (one multi-row INSERT). */
const APPEND_BATCH = 256;

/**
 * Most times one batch is chained again after another replica appended first. Each retry
 * re-reads the head, so only a replica that keeps losing the race by the width of one round
 * trip exhausts them; its batch then fails like any other storage fault.
 */
const APPEND_ATTEMPTS = 8;

/** Why a batch could not be appended: other replicas took every `seq` it chained to. */
export class AuditChainContended extends Error {
  override readonly name = "AuditChainContended";
}

/**
 * Whether a failed append may be one row's fault: SQLSTATE class 22 (data exception, e.g. a
 * NUL character in text) or 23 (integrity constraint). Anything else (an outage, replicas
 * contending for the chain) concerns every row alike.
 */
const rowMayBeAtFault = (error: unknown): boolean =>
  !(error instanceof AuditChainContended) && /^2[23]/.test(sqlState(error) ?? "");

/**
 * Records and verifies the audit trail. Concurrent records are group-committed, and a batch is
 * one statement: the rows are chained here after the head this process last wrote (read once,
 * and again only after another replica appended or a write failed) and inserted together, the
 * last one carrying the batch's `head_mac`. At rest that is one statement per request; under
 * load one per batch of up to {@link APPEND_BATCH}.
 */
export class AuditService {
  readonly #deps: AuditDeps;
  readonly #appends: GroupCommit<UnchainedAuditRow, AuditRow>;
  /** The chain key, once made or opened (a failed attempt is retried by the next append). */
  #key: Promise<ChainKey> | undefined;
  /**
   * The last row this process stored; `undefined` until read, and again after any failed
   * write (whether it was stored is then unknown).
   */
  #head: AuditHead | undefined;

  constructor(deps: AuditDeps) {
    this.#deps = deps;
    this.#appends = new GroupCommit({
      write: (rows) => this.#append(rows),
      maxBatch: APPEND_BATCH,
      itemMayBeAtFault: rowMayBeAtFault,
    });
  }

  /** Chains `rows` after the head and inserts them; again from a fresh head if another replica was first. */
  async #append(rows: readonly UnchainedAuditRow[]): Promise<AuditRow[]> {
    const key = await this.#chainKey();
    const { db, pq } = this.#deps;
    for (let attempt = 1;; attempt++) {
      const head = this.#head ?? await readAuditHead(db) ?? { seq: 0, hash: GENESIS_HASH };
      let prevHash = head.hash;
      const chained = rows.map((row, i): AuditRow => {
        const seq = head.seq + 1 + i;
        const hash = chainHash(pq, prevHash, { ...row, seq });
        const headMac = i === rows.length - 1 ? key.mac(seq, hash) : null;
        const linked = { ...row, seq, prevHash, hash, headMac };
        prevHash = hash;
        return linked;
      });
      try {
        this.#head = undefined;
        await insertAuditRows(db, chained);
        this.#head = { seq: head.seq + rows.length, hash: prevHash };
        return chained;
      } catch (error) {
        if (!isChainConflict(error)) throw error;
        if (attempt === APPEND_ATTEMPTS) {
          throw new AuditChainContended(`other replicas appended first ${attempt} times`, { cause: error });
        }
      }
    }
  }

  #chainKey(): Promise<ChainKey> {
    const { db, pq, keystore, clock } = this.#deps;
    this.#key ??= ensureChainKey(db, pq, keystore(), clock).catch((error: unknown) => {
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }

  /**
   * Appends `entry` (timestamped now) to the chain; resolves once it is stored.
   *
   * # Errors
   * Rejects when the database fails or refuses the entry, or other replicas keep appending
   * first ({@link AuditChainContended}); the entry is then not recorded.
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
    let key: ChainKey | undefined;
    try {
      key = await loadChainKey(db, pq, this.#deps.keystore());
    } catch (error) {
      if (!(error instanceof ChainKeyUnopenable)) throw error;
      return { ok: false, rows: 0, firstBrokenSeq: 1, reason: error.message };
    }
    const known = this.#key === undefined ? undefined : await this.#key.catch(() => undefined);
    if (known !== undefined && known.fromSeq !== key?.fromSeq) {
      return { ok: false, rows: 0, firstBrokenSeq: 1, reason: "the stored audit chain key is not the one in use" };
    }
    let expected = 1;
    let prev = GENESIS_HASH;
    let lastMacSeq = 0;
    for (;;) {
      const batch = await auditRowsAfter(db, expected - 1, VERIFY_BATCH);
      for (const row of batch) {
        const rows = expected - 1;
        const broken = (reason: string, seq = row.seq) => ({ ok: false as const, rows, firstBrokenSeq: seq, reason });
        if (row.seq !== expected) return broken(`row ${expected} is missing (next is ${row.seq})`, expected);
        if (!sameBytes(row.prevHash, prev)) return broken("prev_hash does not match the previous row's hash");
        if (!sameBytes(chainHash(pq, prev, row satisfies ChainFields), row.hash)) {
          return broken("hash does not match the row's contents");
        }
        if (row.headMac !== null) {
          if (key === undefined) return broken("head_mac is set but no audit chain key is stored");
          if (row.seq < key.fromSeq) return broken(`head_mac is set before the chain key's first row ${key.fromSeq}`);
          if (!key.verify(row.seq, row.hash, row.headMac)) {
            return broken(`head_mac does not match: rows ${lastMacSeq + 1}…${row.seq} were changed`, lastMacSeq + 1);
          }
          lastMacSeq = row.seq;
        }
        prev = row.hash;
        expected++;
      }
      if (batch.length < VERIFY_BATCH) break;
    }
    const rows = expected - 1;
    if (key !== undefined && rows >= key.fromSeq && lastMacSeq !== rows) {
      const first = Math.max(lastMacSeq + 1, key.fromSeq);
      return {
        ok: false,
        rows: first - 1,
        firstBrokenSeq: first,
        reason: `rows ${first}…${rows} carry no valid head_mac (appended outside the gateway, or cut inside a batch)`,
      };
    }
    return {
      ok: true,
      rows,
      head: rows > 0 ? prev : null,
      authenticatedFrom: key?.fromSeq ?? null,
      unauthenticatedThrough: Math.min(rows, (key?.fromSeq ?? Infinity) - 1),
    };
  }
}
