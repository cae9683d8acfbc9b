/**
 * The audit trail: one append-only row per `/v1` request, chained by SHA-256 so that an edited,
 * re-hashed or deleted row is found by recomputing the chain (`AuditService.verify`).
 *
 * Rows hold who did what to which key and how it ended, never payloads: no messages,
 * signatures, token secrets or key bytes.
 *
 * @module
 */

import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "./types.ts";

/** The audit log. UPDATE, DELETE and TRUNCATE are refused by triggers (see the migration). */
export const auditLog = pgTable(
  "audit_log",
  {
    /**
     * Position in the chain, 1, 2, 3… without gaps. An identity column, but appends set it
     * explicitly (last + 1, under the append lock): a sequence burns numbers on rolled-back
     * inserts, and a burnt number would read as a deleted row.
     */
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** The request's `x-request-id`: the client's if it was a sane token, else a random UUID. */
    requestId: text("request_id").notNull(),
    /** The token id, or `anonymous` when no valid token was presented. */
    actor: text("actor").notNull(),
    /** The token's tenant; '' for the single-tenant default and for anonymous requests. */
    owner: text("owner").notNull(),
    /** What was attempted, e.g. `keys.sign`, `tokens.revoke`. */
    action: text("action").notNull(),
    keyName: text("key_name"),
    keyVersion: integer("key_version"),
    /** The sync account and device the request concerned (`/v1/sync/…`), else null. */
    syncAccountId: text("sync_account_id"),
    syncDeviceId: text("sync_device_id"),
    /** `ok`, or the problem type's short name (`forbidden`, `key-not-found`…). */
    outcome: text("outcome").notNull(),
    /** The HTTP status of the response. */
    status: integer("status").notNull(),
    /** The previous row's `hash`; 32 zero bytes for the first row. */
    prevHash: bytea("prev_hash").notNull(),
    /** SHA-256(prev_hash ‖ canonical encoding of this row), see `services/audit/chain.ts`. */
    hash: bytea("hash").notNull(),
    /**
     * MAC of (`seq`, `hash`) under the keystore-held chain key (`services/audit/chain-key.ts`),
     * on the last row of every group-committed batch; null on other rows and on rows written
     * before the chain key existed.
     */
    headMac: bytea("head_mac"),
  },
  (t) => [
    check("audit_log_seq_check", sql`${t.seq} >= 1`),
    check("audit_log_hash_check", sql`octet_length(${t.hash}) = 32 and octet_length(${t.prevHash}) = 32`),
    check("audit_log_head_mac_check", sql`${t.headMac} is null or octet_length(${t.headMac}) = 32`),
  ],
);

/**
 * The audit chain key: one row, made on the first append after this table appeared. The MAC
 * key is derived from a KEM shared secret: `envelope` is an ML-KEM-768 private key wrapped by
 * the keystore for the fixed identity `pqgate/audit-chain/v1/from-<from_seq>`, `kem_ciphertext`
 * the encapsulation it opens. Without the keystore's root neither opens, so rows cannot be
 * re-authenticated by someone who can only write the database. DELETE and TRUNCATE are refused
 * by triggers; UPDATE only re-wraps the envelope (root rotation).
 */
export const auditChainKey = pgTable(
  "audit_chain_key",
  {
    /** Always 1: there is one chain, so one key. */
    id: integer("id").primaryKey(),
    /** The first seq the key authenticates: rows before it were written without a MAC. */
    fromSeq: bigint("from_seq", { mode: "number" }).notNull(),
    algorithm: text("algorithm").notNull(),
    envelope: bytea("envelope").notNull(),
    /** The keystore root that sealed `envelope` (root rotation finds stale envelopes by it). */
    rootId: bytea("root_id").notNull(),
    kemCiphertext: bytea("kem_ciphertext").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("audit_chain_key_single", sql`${t.id} = 1`),
    check("audit_chain_key_from_seq_check", sql`${t.fromSeq} >= 1`),
  ],
);
