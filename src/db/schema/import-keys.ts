/**
 * Wrapped import (docs/KEYSTORES.md#wrapped-import): one row per outstanding import token, the
 * X-Wing import key a client seals its private key to. The private half is stored only as a
 * keystore envelope, so any replica can open what was sealed to a key another replica issued.
 * A row is single use (deleted when used) and short lived (`expires_at`, purged by the sweep).
 *
 * @module
 */

import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./types.ts";

/** Outstanding import tokens and their import keys. */
export const importKeys = pgTable(
  "import_keys",
  {
    /** The import token. */
    id: uuid("id").primaryKey(),
    /** The owner the token was issued to; only that owner can use it. */
    owner: text("owner").notNull(),
    /** The algorithm of the key to be imported; bound into the HPKE info too. */
    algorithm: text("algorithm").notNull(),
    /** The X-Wing public key the client seals to. */
    publicKey: bytea("public_key").notNull(),
    /** The X-Wing private key, wrapped by the keystore root (binding `import:<id>`, version 1, owner). */
    envelope: bytea("envelope").notNull(),
    /** The root that sealed `envelope`: rows under a retired root are dropped at root rotation. */
    rootId: bytea("root_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("import_keys_expires_at_idx").on(t.expiresAt)],
);

/** A stored import token. */
export type ImportKeyRow = typeof importKeys.$inferSelect;
