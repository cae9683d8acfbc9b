/**
 * API tokens: only the SHA-256 of each bearer secret is stored, with what the token may do
 * (scopes, a key-name pattern, at most one sync account) and for whom (owner). Revocation keeps the row for the audit
 * trail.
 *
 * @module
 */

import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { syncAccounts } from "./sync.ts";
import { bytea } from "./types.ts";

/** Bearer tokens. */
export const tokens = pgTable(
  "tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The tenant whose keys the token addresses; '' for the single-tenant default. */
    owner: text("owner").notNull().default(""),
    /** A label for people ("ci-signer"); not unique. */
    name: text("name").notNull(),
    /** SHA-256 of the secret. */
    hash: bytea("hash").notNull(),
    scopes: text("scopes").array().notNull(),
    keyPattern: text("key_pattern").notNull().default("*"),
    /**
     * The one sync account a `sync:device` token acts on (every other account is refused);
     * null for an owner-wide token (the legacy mode of device tokens).
     */
    syncAccountId: uuid("sync_account_id").references(() => syncAccounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** After this instant the token is refused (`token-expired`); null: it never expires. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /**
     * When the token was last used, to the minute at best: written at most once a minute per
     * token per process (`services/auth/token-usage.ts`); an UPDATE of only this column does
     * not invalidate the replicas' caches (migration 0013).
     */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [unique("tokens_hash_unique").on(t.hash), index("tokens_owner_idx").on(t.owner)],
);
