/**
 * Whole-database dump and load for the CLI's `backup` and `restore` (the file format is the
 * CLI's, `src/cli/backup-format.ts`): every table, parents before children, rows exactly as
 * stored (wrapped envelopes, token hashes, the audit chain).
 *
 * @module
 */

import { asc, count, getTableColumns } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "./client.ts";
import {
  auditChainKey,
  auditLog,
  fleetJoinTokens,
  fleetKeks,
  fleetNodeKeks,
  fleetNodes,
  importKeys,
  keyBindingKey,
  keys,
  keyVersions,
  rateBuckets,
  sessions,
  syncAccounts,
  syncBackups,
  syncBundles,
  syncChallenges,
  syncDevices,
  syncRecoveryAttempts,
  tokens,
} from "./schema/index.ts";

/** A table in a dump: its name and whether its key is an identity column. */
export interface DumpTable {
  readonly name: string;
  readonly table: PgTable;
  /** `GENERATED ALWAYS AS IDENTITY` values must be inserted with `OVERRIDING SYSTEM VALUE`. */
  readonly identity: boolean;
}

/**
 * Every table, parents before children (the load order). A test checks that every table of
 * `db/schema` is listed, so a new table cannot be left out of backups silently.
 */
export const DUMP_TABLES: readonly DumpTable[] = [
  { name: "keys", table: keys, identity: false },
  { name: "key_versions", table: keyVersions, identity: false },
  { name: "sync_accounts", table: syncAccounts, identity: false },
  { name: "tokens", table: tokens, identity: false }, // after sync_accounts: tokens.sync_account_id
  { name: "sync_devices", table: syncDevices, identity: false },
  { name: "sync_challenges", table: syncChallenges, identity: false },
  { name: "sync_bundles", table: syncBundles, identity: false },
  { name: "sync_backups", table: syncBackups, identity: false },
  { name: "sync_recovery_attempts", table: syncRecoveryAttempts, identity: false },
  { name: "audit_log", table: auditLog, identity: true },
  { name: "audit_chain_key", table: auditChainKey, identity: false },
  { name: "key_binding_key", table: keyBindingKey, identity: false },
  { name: "import_keys", table: importKeys, identity: false },
  // The TPM fleet (docs/FLEET.md): sealed blobs open only on their nodes' TPMs.
  { name: "fleet_nodes", table: fleetNodes, identity: false },
  { name: "fleet_join_tokens", table: fleetJoinTokens, identity: false },
  { name: "fleet_keks", table: fleetKeks, identity: false },
  { name: "fleet_node_keks", table: fleetNodeKeks, identity: false },
];

/**
 * Tables left out of backups on purpose: short-lived state a restored gateway does without.
 * Sessions (at most 15 minutes; leaving them out keeps session-key envelopes out of backup
 * files) and the shared rate buckets (full again after a second or so).
 */
export const EPHEMERAL_TABLES: readonly { readonly name: string; readonly table: PgTable }[] = [
  { name: "sessions", table: sessions },
  { name: "rate_buckets", table: rateBuckets },
];

/** The names of {@link DUMP_TABLES}, in load order. */
export const DUMP_TABLE_NAMES: readonly string[] = DUMP_TABLES.map((t) => t.name);

/** A row as drizzle reads and writes it. */
export type DumpRow = Record<string, unknown>;

/**
 * Every row of every table, table by table in load order. Each table is ordered by its first
 * column (its key), so two dumps of one state are equal.
 */
export async function* dumpRows(db: Database): AsyncGenerator<{ table: string; rows: DumpRow[] }> {
  for (const { name, table } of DUMP_TABLES) {
    const first = Object.values(getTableColumns(table))[0];
    const rows = await db.select().from(table).orderBy(...(first === undefined ? [] : [asc(first)]));
    yield { table: name, rows };
  }
}

const LOAD_CHUNK = 500;

/**
 * Loads `rows` (by table name) in one transaction, into a database whose tables are all
 * empty; returns why it refused (a table already has rows), or `undefined` when loaded.
 */
export function loadRows(db: Database, rows: ReadonlyMap<string, readonly DumpRow[]>): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    for (const { name, table } of DUMP_TABLES) {
      const [row] = await tx.select({ n: count() }).from(table);
      if ((row?.n ?? 0) > 0) return `the database is not empty (table ${name} has rows)`;
    }
    for (const { name, table, identity } of DUMP_TABLES) {
      const all = rows.get(name) ?? [];
      for (let at = 0; at < all.length; at += LOAD_CHUNK) {
        const insert = tx.insert(table);
        const chunk = all.slice(at, at + LOAD_CHUNK);
        await (identity ? insert.overridingSystemValue().values(chunk) : insert.values(chunk));
      }
    }
    return undefined;
  });
}
