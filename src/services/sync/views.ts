/**
 * What clients see of accounts and devices: public keys, statuses and the approval record of
 * each trusted device, so devices can check the cross-signing chain themselves.
 *
 * @module
 */

import type * as repo from "../../db/sync.ts";
import type { BackupStatement, RecoveryMethod } from "../../common/sync.ts";
import type { HybridScheme } from "../../common/hybrid.ts";
import { deviceSigner, storedScheme } from "./deps.ts";

/** How a device became trusted: by a device's approve statement, the bootstrap token or recovery. */
export interface ApprovalView {
  readonly approverId: string;
  readonly epoch: number;
  /** The nonce and signature of the approving statement (approve, possession or recover). */
  readonly nonce: Uint8Array | null;
  readonly signature: Uint8Array | null;
  /**
   * For a device trusted through recovery: the backup statement whose verifier key checked its
   * recover proof (null for other devices, and for devices recovered before it was recorded).
   */
  readonly backup: BackupStatement | null;
}

/** A stored backup as devices see it: its signed statement, and whether recovery would refuse it. */
export interface BackupView {
  readonly method: RecoveryMethod;
  /** True when a new backup is needed (invalidated by a revocation, older epoch, uploader no longer trusted…). */
  readonly stale: boolean;
  /** Null for a backup stored before statements were kept (always stale). */
  readonly statement: BackupStatement | null;
}

/** A device as clients see it. */
export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly status: repo.DeviceStatus;
  readonly fingerprint: string;
  readonly signingPublicKey: Uint8Array;
  readonly kemPublicKey: Uint8Array;
  /** The scheme it declared at registration (devices check it against the statement that vouches for it). */
  readonly signatureScheme: HybridScheme;
  readonly approval: ApprovalView | null;
  /** The epoch its revocation started, for revoked devices. */
  readonly revokedEpoch: number | null;
  readonly createdAt: Date;
}

/** An account as clients see it. */
export interface AccountView {
  readonly id: string;
  readonly name: string;
  readonly epoch: number;
  readonly custodial: boolean;
  readonly devices: readonly DeviceView[];
  readonly backups: readonly BackupView[];
}

/** The view of a device row. */
export function deviceView(row: repo.DeviceRow): DeviceView {
  const approval = row.approverId === null || row.approvalEpoch === null ? null : {
    approverId: row.approverId,
    epoch: row.approvalEpoch,
    nonce: row.approvalNonce,
    signature: row.approvalSignature,
    backup: recoveryProof(row),
  };
  return {
    id: row.id,
    name: row.name,
    status: row.status as repo.DeviceStatus,
    fingerprint: row.fingerprint,
    signingPublicKey: row.signingPublicKey,
    kemPublicKey: row.kemPublicKey,
    signatureScheme: deviceSigner(row).scheme,
    approval,
    revokedEpoch: row.revokedEpoch,
    createdAt: row.createdAt,
  };
}

/** The view of an account, its devices and its backups. */
export function accountView(
  row: repo.AccountRow,
  devices: readonly repo.DeviceRow[],
  backups: readonly BackupView[] = [],
): AccountView {
  const { id, name, epoch, custodial } = row;
  return { id, name, epoch, custodial, devices: devices.map(deviceView), backups };
}

function recoveryProof(row: repo.DeviceRow): BackupStatement | null {
  const method = row.approverId?.startsWith("recovery:") ? row.approverId.slice("recovery:".length) : undefined;
  if (
    (method !== "password" && method !== "shares") || row.recoveryUploaderId === null ||
    row.recoveryBackupEpoch === null || row.recoveryBlobDigest === null || row.recoveryVerifierPublicKey === null ||
    row.recoveryKdf === null || row.recoveryBackupNonce === null || row.recoveryBackupSignature === null ||
    row.recoveryVerifierScheme === null
  ) return null;
  return {
    uploaderId: row.recoveryUploaderId,
    epoch: row.recoveryBackupEpoch,
    method,
    blobDigest: row.recoveryBlobDigest,
    verifierPublicKey: row.recoveryVerifierPublicKey,
    verifierScheme: storedScheme(row.recoveryVerifierScheme, `the recovery proof of sync device ${row.id}`),
    kdf: row.recoveryKdf,
    nonce: row.recoveryBackupNonce,
    signature: row.recoveryBackupSignature,
  };
}
