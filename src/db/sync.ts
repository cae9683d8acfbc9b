/**
 * Repository of the sync aggregate. Reads are plain; every state change that must be atomic
 * is either one conditional statement (challenge consumption, status transitions) or runs
 * inside the caller's transaction (`db.transaction`) after {@link lockAccount}, which
 * serialises changes per account: a revocation and a bundle upload of the same account
 * cannot interleave.
 *
 * @module
 */

import { isUuid } from "../common/uuid.ts";
import { and, asc, count, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import {
  syncAccounts,
  syncBackups,
  syncBundles,
  syncChallenges,
  syncDevices,
  syncRecoveryAttempts,
} from "./schema/index.ts";

/** A `sync_accounts` row. */
export type AccountRow = typeof syncAccounts.$inferSelect;
/** A `sync_devices` row. */
export type DeviceRow = typeof syncDevices.$inferSelect;
/** A `sync_challenges` row. */
export type ChallengeRow = typeof syncChallenges.$inferSelect;
/** A `sync_bundles` row. */
export type BundleRow = typeof syncBundles.$inferSelect;
/** A bundle to store (signature and nonce absent when the gateway sealed it). */
export type NewBundle = typeof syncBundles.$inferInsert;
/** A `sync_backups` row. */
export type BackupRow = typeof syncBackups.$inferSelect;

/** A device's status. */
export type DeviceStatus = "pending" | "verified" | "trusted" | "revoked";

/** How a device became trusted. */
export interface Approval {
  readonly approverId: string;
  readonly approvalEpoch: number;
  readonly approvalNonce: Uint8Array | null;
  readonly approvalSignature: Uint8Array | null;
}

/** The backup statement a device trusted through recovery was checked against (see the schema). */
export interface RecoveryProof {
  readonly recoveryUploaderId: string;
  readonly recoveryBackupEpoch: number;
  readonly recoveryBlobDigest: Uint8Array;
  readonly recoveryVerifierPublicKey: Uint8Array;
  readonly recoveryVerifierScheme: number;
  readonly recoveryKdf: Uint8Array;
  readonly recoveryBackupNonce: Uint8Array;
  readonly recoveryBackupSignature: Uint8Array;
}

/** Stores a new account. */
export async function insertAccount(db: Database, row: typeof syncAccounts.$inferInsert): Promise<AccountRow> {
  const [stored] = await db.insert(syncAccounts).values(row).returning();
  if (stored === undefined) throw new Error("INSERT ... RETURNING returned no account");
  return stored;
}

/** The account `id` of `owner`. */
export async function findAccount(db: Database, owner: string, id: string): Promise<AccountRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(syncAccounts).where(and(eq(syncAccounts.id, id), eq(syncAccounts.owner, owner)));
  return row;
}

/** Locks the account row until the transaction ends and returns it as it is now. */
export async function lockAccount(tx: Database, id: string): Promise<AccountRow> {
  const [row] = await tx.select().from(syncAccounts).where(eq(syncAccounts.id, id)).for("update");
  if (row === undefined) throw new Error(`sync account ${id} vanished`);
  return row;
}

/** Marks the bootstrap token used, if it is this one, unused and unexpired. */
export async function consumeBootstrap(tx: Database, id: string, hash: Uint8Array, now: Date): Promise<boolean> {
  const rows = await tx.update(syncAccounts).set({ bootstrapUsedAt: now })
    .where(and(
      eq(syncAccounts.id, id),
      eq(syncAccounts.bootstrapHash, hash),
      isNull(syncAccounts.bootstrapUsedAt),
      gt(syncAccounts.bootstrapExpiresAt, now),
    ))
    .returning({ id: syncAccounts.id });
  return rows.length > 0;
}

/** The devices of an account, oldest first. */
export function listDevices(db: Database, accountId: string): Promise<DeviceRow[]> {
  return db.select().from(syncDevices).where(eq(syncDevices.accountId, accountId))
    .orderBy(asc(syncDevices.createdAt), asc(syncDevices.id));
}

/** Device `id` of the account. */
export async function findDevice(db: Database, accountId: string, id: string): Promise<DeviceRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(syncDevices)
    .where(and(eq(syncDevices.id, id), eq(syncDevices.accountId, accountId)));
  return row;
}

/** Stores a pending device together with its possession challenge. */
export async function insertDevice(
  db: Database,
  device: typeof syncDevices.$inferInsert,
  challenge: typeof syncChallenges.$inferInsert,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(syncDevices).values(device);
    await tx.insert(syncChallenges).values(challenge);
  });
}

/** Moves a device from status `from` to `to` (with its approval); false if it was not in `from`. */
export async function transitionDevice(
  tx: Database,
  id: string,
  from: DeviceStatus,
  to: DeviceStatus,
  approval?: Approval & Partial<RecoveryProof>,
): Promise<boolean> {
  const rows = await tx.update(syncDevices).set({ status: to, ...approval })
    .where(and(eq(syncDevices.id, id), eq(syncDevices.status, from)))
    .returning({ id: syncDevices.id });
  return rows.length > 0;
}

/** Whether the account has a trusted device. */
export async function hasTrustedDevice(tx: Database, accountId: string): Promise<boolean> {
  const [row] = await tx.select({ n: count() }).from(syncDevices)
    .where(and(eq(syncDevices.accountId, accountId), eq(syncDevices.status, "trusted")));
  return (row?.n ?? 0) > 0;
}

/**
 * Whether the token `tokenId` registered a device of the account that is not revoked (devices
 * stored before the registering token was recorded count for every token).
 */
export async function tokenHasDevice(db: Database, accountId: string, tokenId: string): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(syncDevices).where(and(
    eq(syncDevices.accountId, accountId),
    or(eq(syncDevices.registeredBy, tokenId), isNull(syncDevices.registeredBy)),
    ne(syncDevices.status, "revoked"),
  ));
  return (row?.n ?? 0) > 0;
}

/** Stores a challenge. */
export async function insertChallenge(db: Database, row: typeof syncChallenges.$inferInsert): Promise<void> {
  await db.insert(syncChallenges).values(row);
}

/** Challenge `id` of the account. */
export async function findChallenge(db: Database, accountId: string, id: string): Promise<ChallengeRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(syncChallenges)
    .where(and(eq(syncChallenges.id, id), eq(syncChallenges.accountId, accountId)));
  return row;
}

/**
 * Uses a challenge: one conditional UPDATE, so of two requests racing with the same challenge
 * exactly one gets the row. `undefined` when it was already used or has expired.
 */
export async function consumeChallenge(tx: Database, id: string, now: Date): Promise<ChallengeRow | undefined> {
  const [row] = await tx.update(syncChallenges).set({ usedAt: now })
    .where(and(eq(syncChallenges.id, id), isNull(syncChallenges.usedAt), gt(syncChallenges.expiresAt, now)))
    .returning();
  return row;
}

/** Stores (or replaces) the bundle of a recipient for an epoch. */
export async function upsertBundle(tx: Database, row: NewBundle): Promise<void> {
  const { accountId: _a, recipientId: _r, epoch: _e, ...changes } = row;
  await tx.insert(syncBundles).values(row).onConflictDoUpdate({
    target: [syncBundles.accountId, syncBundles.recipientId, syncBundles.epoch],
    set: changes,
  });
}

/** The bundle of a recipient for an epoch. */
export async function findBundle(
  db: Database,
  accountId: string,
  recipientId: string,
  epoch: number,
): Promise<BundleRow | undefined> {
  const [row] = await db.select().from(syncBundles).where(and(
    eq(syncBundles.accountId, accountId),
    eq(syncBundles.recipientId, recipientId),
    eq(syncBundles.epoch, epoch),
  ));
  return row;
}

/**
 * Revokes a device inside the caller's transaction (after {@link lockAccount}): the device is
 * `revoked`, the account epoch becomes `epoch + 1`, bundles of older epochs are deleted,
 * backups of older epochs (every backup the revoked device uploaded, or that was uploaded
 * while it was trusted) are invalidated, and the device's unused challenges are voided.
 * False if the device was already revoked.
 */
export async function revokeDevice(
  tx: Database,
  accountId: string,
  deviceId: string,
  epoch: number,
  now: Date,
): Promise<boolean> {
  const next = epoch + 1;
  const revoked = await tx.update(syncDevices).set({ status: "revoked", revokedEpoch: next })
    .where(
      and(eq(syncDevices.id, deviceId), eq(syncDevices.accountId, accountId), sql`${syncDevices.status} <> 'revoked'`),
    )
    .returning({ id: syncDevices.id });
  if (revoked.length === 0) return false;
  await tx.update(syncAccounts).set({ epoch: next }).where(
    and(eq(syncAccounts.id, accountId), eq(syncAccounts.epoch, epoch)),
  );
  await tx.delete(syncBundles).where(and(eq(syncBundles.accountId, accountId), lt(syncBundles.epoch, next)));
  await tx.update(syncBackups).set({ invalidatedAt: now, invalidatedBy: deviceId })
    .where(and(eq(syncBackups.accountId, accountId), lt(syncBackups.epoch, next), isNull(syncBackups.invalidatedAt)));
  await tx.update(syncChallenges).set({ usedAt: now })
    .where(and(eq(syncChallenges.deviceId, deviceId), isNull(syncChallenges.usedAt)));
  return true;
}

/** Stores (or replaces) an account's backup of one method. */
export async function upsertBackup(tx: Database, row: typeof syncBackups.$inferInsert): Promise<void> {
  const { accountId: _a, method: _m, ...changes } = row;
  await tx.insert(syncBackups).values(row).onConflictDoUpdate({
    target: [syncBackups.accountId, syncBackups.method],
    set: changes,
  });
}

/** An account's backups, by method. */
export function listBackups(db: Database, accountId: string): Promise<BackupRow[]> {
  return db.select().from(syncBackups).where(eq(syncBackups.accountId, accountId)).orderBy(asc(syncBackups.method));
}

/** An account's backup of `method`. */
export async function findBackup(db: Database, accountId: string, method: string): Promise<BackupRow | undefined> {
  const [row] = await db.select().from(syncBackups)
    .where(and(eq(syncBackups.accountId, accountId), eq(syncBackups.method, method)));
  return row;
}

/**
 * Counts a recovery attempt for the account unless `limit` attempts already fall within the
 * window ending `now`; then returns the oldest of them (the caller computes Retry-After).
 * Serialised per account by the row lock, so concurrent attempts cannot exceed the limit.
 */
export async function takeRecoveryAttempt(
  db: Database,
  accountId: string,
  now: Date,
  windowMs: number,
  limit: number,
): Promise<Date | undefined> {
  return await db.transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const since = new Date(now.getTime() - windowMs);
    await tx.delete(syncRecoveryAttempts)
      .where(and(eq(syncRecoveryAttempts.accountId, accountId), lt(syncRecoveryAttempts.at, since)));
    const recent = await tx.select({ at: syncRecoveryAttempts.at }).from(syncRecoveryAttempts)
      .where(and(eq(syncRecoveryAttempts.accountId, accountId), gt(syncRecoveryAttempts.at, since)))
      .orderBy(asc(syncRecoveryAttempts.at));
    if (recent.length >= limit) return recent[0]?.at;
    await tx.insert(syncRecoveryAttempts).values({ accountId, at: now });
    return undefined;
  });
}
