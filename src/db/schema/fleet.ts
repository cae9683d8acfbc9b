/**
 * The TPM fleet (docs/FLEET.md): the nodes sharing this database's key set, the fleet KEKs,
 * and each node's copy of each KEK. No KEK, seed or token is stored in plaintext: a node's
 * copy is sealed by that node's TPM (it opens nowhere else) or, until the node imports it,
 * HPKE-encrypted to the node's X-Wing transfer key (whose seed its TPM seals).
 *
 * @module
 */

import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "./types.ts";

/** The nodes of the fleet. */
export const fleetNodes = pgTable(
  "fleet_nodes",
  {
    /** `PQGATE_FLEET_NODE` of the node. */
    name: text("name").primaryKey(),
    /** `pending` (joined with a token, awaiting approval), `active`, or `revoked`. */
    status: text("status").notNull(),
    /** The node's X-Wing transfer public key (KEKs made elsewhere are sent to it). */
    transferPublicKey: bytea("transfer_public_key").notNull(),
    /** The transfer key's seed sealed by the node's TPM (opens only there). */
    transferSealedSeed: bytea("transfer_sealed_seed").notNull(),
    /**
     * The membership MAC (under the key-binding key, which only holders of a fleet KEK can open)
     * over name, transfer key, sealed seed and {@link member_sequence}: a KEK is exported only to
     * a node whose MAC verifies for the newest KEK's sequence. Null until approved.
     */
    memberMac: bytea("member_mac"),
    /** The sequence of the newest fleet KEK the node is a member for (what `member_mac` covers). */
    memberSequence: integer("member_sequence"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("fleet_nodes_status_check", sql`${t.status} in ('pending', 'active', 'revoked')`)],
);

/** One-time join tokens, by SHA-256 of the secret. */
export const fleetJoinTokens = pgTable("fleet_join_tokens", {
  hash: bytea("hash").primaryKey(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  /** The node that used it; set once (compare-and-set), so a token joins one node. */
  usedBy: text("used_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The live fleet KEKs (a retired KEK's row is deleted, with every node's copy). */
export const fleetKeks = pgTable("fleet_keks", {
  /** The KEK id recorded in every envelope it seals. */
  id: bytea("id").primaryKey(),
  /** Creation order; the highest is current. */
  sequence: integer("sequence").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Each node's copy of each KEK: sealed by its TPM, or a transfer ciphertext not yet imported. */
export const fleetNodeKeks = pgTable(
  "fleet_node_keks",
  {
    node: text("node").notNull().references(() => fleetNodes.name, { onDelete: "cascade" }),
    kekId: bytea("kek_id").notNull().references(() => fleetKeks.id, { onDelete: "cascade" }),
    /** The KEK sealed by the node's TPM. */
    sealed: bytea("sealed"),
    /** The KEK HPKE-encrypted to the node's transfer key, until the node imports it. */
    transferCiphertext: bytea("transfer_ciphertext"),
    /**
     * The transfer MAC (under the key-binding key, by the member that wrote the ciphertext) over
     * node, KEK id, KEK sequence and ciphertext: a node imports only a copy whose MAC verifies, so
     * a database writer cannot make it load a KEK of their own. Null once sealed.
     */
    transferMac: bytea("transfer_mac"),
  },
  (t) => [
    primaryKey({ columns: [t.node, t.kekId] }),
    check("fleet_node_keks_one_form", sql`(${t.sealed} is null) <> (${t.transferCiphertext} is null)`),
  ],
);
