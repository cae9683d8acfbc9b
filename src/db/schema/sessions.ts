/**
 * Sessions (`/v1/sessions`, docs/SESSIONS.md): one row per live session, so a session made
 * through one replica is usable through any other. The session key is stored only as a
 * keystore envelope (an AES-256-GCM key wrapped by the root), bound to a digest of the row's
 * fields (id, owner, token, mode, algorithm, key name and version, expiry): a row moved to
 * another token or owner, given another expiry or another row's envelope, does not open.
 * The client's confirmation tag is stored sealed under the session key itself.
 *
 * @module
 */

import { bigserial, doublePrecision, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "./types.ts";

/** Live sessions. */
export const sessions = pgTable(
  "sessions",
  {
    /** The session id, lower-case hex of its 16 bytes. */
    id: text("id").primaryKey(),
    /** Order of creation: the oldest are evicted first beyond the bounds. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    owner: text("owner").notNull(),
    /** The token that established it: the only one that may use it. */
    tokenId: text("token_id").notNull(),
    mode: text("mode").notNull(),
    algorithm: text("algorithm").notNull(),
    /** `gateway-key` mode: the stored key and version it was established with. */
    keyName: text("key_name"),
    keyVersion: integer("key_version"),
    /** The AES-256-GCM session key wrapped by the keystore root (binding: a digest of the fields above and `expires_at`). */
    envelope: bytea("envelope").notNull(),
    /** The root that sealed `envelope`: root rotation re-wraps the rows under older roots. */
    rootId: bytea("root_id").notNull(),
    /** The client's confirmation tag, sealed under the session key (aad: the same digest). */
    confirmation: bytea("confirmation").notNull(),
    /** When the client proved its key (`POST …/confirm`), if it did. */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("sessions_owner_seq_idx").on(t.owner, t.seq),
    index("sessions_seq_idx").on(t.seq),
    index("sessions_expires_at_idx").on(t.expiresAt),
  ],
);

/** A stored session. */
export type SessionRow = typeof sessions.$inferSelect;

/**
 * The cluster's per-token rate buckets (`services/auth/shared-rate.ts`): replicas admit from
 * their own view and flush what they admitted every quarter second in one statement, which
 * refills each row to the database's clock, takes the admissions off and returns the result.
 * Only written with `DATABASE_URL` (several processes); one process keeps its buckets in memory.
 */
export const rateBuckets = pgTable("rate_buckets", {
  /** The token id. */
  tokenId: text("token_id").primaryKey(),
  /** Requests left in the bucket at `at`; negative after replicas together admitted more than it held. */
  tokens: doublePrecision("tokens").notNull(),
  /** Milliseconds since the epoch, on the database's clock. */
  at: doublePrecision("at").notNull(),
});
