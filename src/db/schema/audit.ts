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
  },
  (t) => [
    check("audit_log_seq_check", sql`${t.seq} >= 1`),
    check("audit_log_hash_check", sql`octet_length(${t.hash}) = 32 and octet_length(${t.prevHash}) = 32`),
  ],
);
