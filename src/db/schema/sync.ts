/**
 * The sync aggregate: accounts, their devices (public keys and the approval that made each
 * trusted), single-use challenges, sealed bundles, backups and recovery attempts.
 *
 * Nothing here is secret to the gateway: public keys, signatures, nonces, ciphertexts the
 * gateway cannot open, and the SHA-256 of the bootstrap token. Never a device private key,
 * a bundle plaintext, a password or recovery material.
 *
 * @module
 */

import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./types.ts";

const at = (name: string) => timestamp(name, { withTimezone: true });
const epoch = (name: string) => bigint(name, { mode: "number" });
/** A hybrid signature scheme of `src/common/hybrid.ts`: 1 or 2 (see the CHECK constraints). */
const scheme = (name: string) => smallint(name);

/** A sync account; `epoch` rises by one with every revocation. */
export const syncAccounts = pgTable("sync_accounts", {
  id: uuid("id").primaryKey(),
  owner: text("owner").notNull(),
  name: text("name").notNull(),
  epoch: epoch("epoch").notNull().default(1),
  custodial: boolean("custodial").notNull(),
  /** Name of the custodial account key in the key service (`sync-account-<id>`); null otherwise. */
  accountKeyName: text("account_key_name"),
  /** SHA-256 of the single-use bootstrap token (`pqb_…`). */
  bootstrapHash: bytea("bootstrap_hash").notNull(),
  bootstrapExpiresAt: at("bootstrap_expires_at").notNull(),
  bootstrapUsedAt: at("bootstrap_used_at"),
  createdAt: at("created_at").notNull().defaultNow(),
}, (t) => [check("sync_accounts_epoch_check", sql`${t.epoch} >= 1`)]);

/** Devices of an account with their public keys; `approver_id` … `approval_signature` record how it became trusted. */
export const syncDevices = pgTable("sync_devices", {
  id: uuid("id").primaryKey(),
  accountId: uuid("account_id").notNull().references(() => syncAccounts.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  /** `pending` → `verified` (possession proved) → `trusted` (approved) → `revoked`. */
  status: text("status").notNull(),
  signingPublicKey: bytea("signing_public_key").notNull(),
  kemPublicKey: bytea("kem_public_key").notNull(),
  fingerprint: text("fingerprint").notNull(),
  /**
   * The hybrid scheme of every statement the device signs, declared at registration and never
   * changed. Default 1: devices registered before schemes existed, and clients that declare none.
   */
  signatureScheme: scheme("signature_scheme").notNull().default(1),
  /**
   * The bearer token (its id) that registered the device. A `sync:device` token reads an
   * account, and asks for recovery challenges, only through a device it registered (null:
   * devices registered before migration 0011, which any sync:device token of the owner may use).
   */
  registeredBy: uuid("registered_by"),
  /** A trusted device's id, `bootstrap` or `recovery:<method>`. */
  approverId: text("approver_id"),
  approvalEpoch: epoch("approval_epoch"),
  approvalNonce: bytea("approval_nonce"),
  approvalSignature: bytea("approval_signature"),
  /** The epoch the revocation started (statements of earlier epochs by this device predate it). */
  revokedEpoch: epoch("revoked_epoch"),
  /**
   * For a device trusted through recovery (`approver_id` `recovery:<method>`): the signed backup
   * statement whose verifier key checked its recover proof (uploader, epoch, SHA-256 of the
   * blob, verifier public key, signed KDF encoding, the uploader's nonce and signature), so
   * devices can verify the chain through it. Null for other devices and for devices recovered
   * before migration 0004 (which devices then refuse as unprovable).
   */
  recoveryUploaderId: uuid("recovery_uploader_id"),
  recoveryBackupEpoch: epoch("recovery_backup_epoch"),
  recoveryBlobDigest: bytea("recovery_blob_digest"),
  recoveryVerifierPublicKey: bytea("recovery_verifier_public_key"),
  /** The verifier key's scheme, as the backup statement signs it (1 for devices recovered before migration 0008). */
  recoveryVerifierScheme: scheme("recovery_verifier_scheme"),
  recoveryKdf: bytea("recovery_kdf"),
  recoveryBackupNonce: bytea("recovery_backup_nonce"),
  recoveryBackupSignature: bytea("recovery_backup_signature"),
  createdAt: at("created_at").notNull().defaultNow(),
}, (t) => [
  index("sync_devices_account_idx").on(t.accountId),
  check("sync_devices_status_check", sql`${t.status} in ('pending', 'verified', 'trusted', 'revoked')`),
  check("sync_devices_signature_scheme_check", sql`${t.signatureScheme} in (1, 2)`),
  check("sync_devices_recovery_verifier_scheme_check", sql`${t.recoveryVerifierScheme} in (1, 2)`),
]);

/** Single-use challenges, bound to account, device (null for recovery), purpose and the epoch at issue. */
export const syncChallenges = pgTable("sync_challenges", {
  id: uuid("id").primaryKey(),
  accountId: uuid("account_id").notNull().references(() => syncAccounts.id, { onDelete: "cascade" }),
  deviceId: uuid("device_id").references(() => syncDevices.id, { onDelete: "cascade" }),
  purpose: text("purpose").notNull(),
  nonce: bytea("nonce").notNull(),
  epoch: epoch("epoch").notNull(),
  expiresAt: at("expires_at").notNull(),
  usedAt: at("used_at"),
  createdAt: at("created_at").notNull().defaultNow(),
}, (t) => [index("sync_challenges_device_idx").on(t.deviceId)]);

/** Sealed bundles, one per recipient and epoch (a resend replaces it). */
export const syncBundles = pgTable("sync_bundles", {
  accountId: uuid("account_id").notNull().references(() => syncAccounts.id, { onDelete: "cascade" }),
  recipientId: uuid("recipient_id").notNull().references(() => syncDevices.id, { onDelete: "cascade" }),
  epoch: epoch("epoch").notNull(),
  /** A device id, or `gateway` for custodial accounts. */
  senderId: text("sender_id").notNull(),
  sealed: bytea("sealed").notNull(),
  /** The sender's signature of the bundle statement and its challenge nonce (null when the gateway sealed). */
  signature: bytea("signature"),
  nonce: bytea("nonce"),
  createdAt: at("created_at").notNull().defaultNow(),
}, (t) => [primaryKey({ name: "sync_bundles_pkey", columns: [t.accountId, t.recipientId, t.epoch] })]);

/** One backup per account and method: the blob the gateway cannot open and its recovery verifier key. */
export const syncBackups = pgTable("sync_backups", {
  accountId: uuid("account_id").notNull().references(() => syncAccounts.id, { onDelete: "cascade" }),
  method: text("method").notNull(),
  blob: bytea("blob").notNull(),
  verifierPublicKey: bytea("verifier_public_key").notNull(),
  /** The scheme the verifier key signs `recover` statements with, as the backup statement signs it (1 before migration 0008). */
  verifierScheme: scheme("verifier_scheme").notNull().default(1),
  /** Argon2id salt and parameters (password method). */
  kdfSalt: bytea("kdf_salt"),
  kdfMemoryKib: bigint("kdf_memory_kib", { mode: "number" }),
  kdfIterations: bigint("kdf_iterations", { mode: "number" }),
  kdfParallelism: bigint("kdf_parallelism", { mode: "number" }),
  /** Shamir threshold and share count (shares method; the shares themselves never reach the gateway). */
  threshold: bigint("threshold", { mode: "number" }),
  shareCount: bigint("share_count", { mode: "number" }),
  deviceId: uuid("device_id").notNull(),
  epoch: epoch("epoch").notNull(),
  /**
   * The uploader's backup statement: its challenge nonce and signature (the other signed
   * fields are the columns above). Null for backups stored before migration 0004: recovery
   * refuses those (`sync-backup-stale`) until a trusted device uploads a new backup.
   */
  statementNonce: bytea("statement_nonce"),
  statementSignature: bytea("statement_signature"),
  /**
   * Set by the revocation that made this backup unusable (it was uploaded at an earlier epoch,
   * so possibly by, or while trusting, the revoked device), with the revoked device's id.
   */
  invalidatedAt: at("invalidated_at"),
  invalidatedBy: uuid("invalidated_by"),
  updatedAt: at("updated_at").notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: "sync_backups_pkey", columns: [t.accountId, t.method] }),
  check("sync_backups_method_check", sql`${t.method} in ('password', 'shares')`),
  check("sync_backups_verifier_scheme_check", sql`${t.verifierScheme} in (1, 2)`),
]);

/** Recovery challenges issued, for the per-account rate limit (persisted: a restart does not reset it). */
export const syncRecoveryAttempts = pgTable("sync_recovery_attempts", {
  id: uuid("id").primaryKey().defaultRandom(),
  accountId: uuid("account_id").notNull().references(() => syncAccounts.id, { onDelete: "cascade" }),
  at: at("at").notNull(),
}, (t) => [index("sync_recovery_attempts_account_at_idx").on(t.accountId, t.at)]);
