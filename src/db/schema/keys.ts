/**
 * The key aggregate: one `keys` row per named key of an owner and one `key_versions` row
 * per version, holding the public key and either an AEAD envelope of the private key or a
 * reference to a key held natively by the keystore device.
 *
 * @module
 */

import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./types.ts";

/** The unique constraint on (owner, namespace, name); the repository recognises duplicate names by it. */
export const KEY_NAME_CONSTRAINT = "keys_owner_namespace_name_unique";

/**
 * Key namespaces: `user` holds the keys the key API addresses; `sync` the gateway's internal
 * custodial sync account keys, which no key route, token or pattern can reach.
 */
export const KEY_NAMESPACES = ["user", "sync"] as const;

/** Named keys; `latest_version` is the optimistic-concurrency counter that rotations bump. */
export const keys = pgTable(
  "keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Tenant or principal owning the key; '' for the single-tenant default. */
    owner: text("owner").notNull().default(""),
    /** `user` (the key API's) or an internal namespace of the gateway ({@link KEY_NAMESPACES}). */
    namespace: text("namespace").notNull().default("user"),
    name: text("name").notNull(),
    algorithm: text("algorithm").notNull(),
    /** `hardware`, `hardware-wrapped` or `software` (docs/KEYSTORES.md). */
    protection: text("protection").notNull(),
    latestVersion: integer("latest_version").notNull(),
    minDecryptionVersion: integer("min_decryption_version").notNull().default(1),
    autoRotateSeconds: integer("auto_rotate_seconds"),
    deletionAllowed: boolean("deletion_allowed").notNull().default(false),
    /**
     * False: every private-key use of every version is refused (`key-disabled`); public-key
     * verification goes on. Not covered by the key-binding MAC (like `min_decryption_version`).
     */
    enabled: boolean("enabled").notNull().default(true),
    deletionAfter: timestamp("deletion_after", { withTimezone: true }),
    /**
     * What encryption does when the latest version of an AES-256-GCM or ChaCha20-Poly1305 key
     * reaches its message limit (docs/ENCRYPTION.md): `rotate` (add a version, go on) or
     * `refuse` (409 until an operator rotates). Ignored by other algorithms.
     */
    messageLimitAction: text("message_limit_action").notNull().default("rotate"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique(KEY_NAME_CONSTRAINT).on(t.owner, t.namespace, t.name),
    check("keys_namespace_check", sql`${t.namespace} in ('user', 'sync')`),
    check("keys_latest_version_check", sql`${t.latestVersion} >= 1`),
    check(
      "keys_min_decryption_version_check",
      sql`${t.minDecryptionVersion} between 1 and ${t.latestVersion}`,
    ),
    check("keys_message_limit_action_check", sql`${t.messageLimitAction} in ('rotate', 'refuse')`),
  ],
);

/** Versions of a key; deleted with their key. */
export const keyVersions = pgTable(
  "key_versions",
  {
    keyId: uuid("key_id").notNull().references(() => keys.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    publicKey: bytea("public_key").notNull(),
    /** AEAD-wrapped private key (associated data binds key id, version, algorithm, owner). */
    envelope: bytea("envelope"),
    /** Handle of a key living inside the TPM/HSM, for algorithms the device holds natively. */
    nativeReference: bytea("native_reference"),
    /** Identifier of the root wrapping key that sealed `envelope`; found again on root rotation. */
    rootId: bytea("root_id"),
    /**
     * The construction of a `ML-DSA-65+Ed25519` version's signatures (`src/common/hybrid.ts`):
     * 1 or 2; null for every other algorithm. It never changes once the version exists.
     */
    hybridScheme: smallint("hybrid_scheme"),
    /**
     * MAC under the key-binding key over the version's identity, public key and private form
     * (`services/keys/key-binding.ts`); checked before the version is used or shown. Null only
     * on rows written before the key-binding key existed, which are bound (or left refused) once.
     */
    bindingMac: bytea("binding_mac"),
    /**
     * Messages this version of a symmetric encryption key may have encrypted: processes reserve
     * nonces in blocks and a reserved block counts as used, whether or not it was (so a crash
     * never lets the count fall behind). Bounded by the per-version message limit.
     */
    messagesReserved: bigint("messages_reserved", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "key_versions_pkey", columns: [t.keyId, t.version] }),
    // A private key is either wrapped here or held by the device, never both, never neither.
    check("key_versions_private_key_check", sql`(${t.envelope} is null) <> (${t.nativeReference} is null)`),
    index("key_versions_root_id_idx").on(t.rootId),
    check("key_versions_hybrid_scheme_check", sql`${t.hybridScheme} in (1, 2)`),
    check("key_versions_binding_mac_check", sql`${t.bindingMac} is null or octet_length(${t.bindingMac}) = 32`),
  ],
);

/**
 * The key-binding key: one row, made on the first start after the upgrade that introduced
 * `key_versions.binding_mac`. A sealed MAC key (`services/integrity/sealed-mac-key.ts`):
 * `envelope` is an ML-KEM-768 private key wrapped by the keystore for the fixed identity
 * `pqgate/key-binding/v1`, `kem_ciphertext` the encapsulation it opens. DELETE and TRUNCATE
 * are refused by triggers; UPDATE only re-wraps the envelope (root rotation).
 */
export const keyBindingKey = pgTable(
  "key_binding_key",
  {
    /** Always 1: one key binds every key version. */
    id: integer("id").primaryKey(),
    algorithm: text("algorithm").notNull(),
    envelope: bytea("envelope").notNull(),
    /** The keystore root that sealed `envelope` (root rotation finds stale envelopes by it). */
    rootId: bytea("root_id").notNull(),
    kemCiphertext: bytea("kem_ciphertext").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("key_binding_key_single", sql`${t.id} = 1`)],
);
