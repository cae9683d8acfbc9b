/**
 * What clients see of accounts and devices: public keys, statuses and the approval record of
 * each trusted device, so devices can check the cross-signing chain themselves.
 *
 * @module
 */

import type * as repo from "../../db/sync.ts";

/** How a device became trusted: by a device's approve statement, the bootstrap token or recovery. */
export interface ApprovalView {
  readonly approverId: string;
  readonly epoch: number;
  /** The nonce and signature of the approving statement (approve, possession or recover). */
  readonly nonce: Uint8Array | null;
  readonly signature: Uint8Array | null;
}

/** A device as clients see it. */
export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly status: repo.DeviceStatus;
  readonly fingerprint: string;
  readonly signingPublicKey: Uint8Array;
  readonly kemPublicKey: Uint8Array;
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
}

/** The view of a device row. */
export function deviceView(row: repo.DeviceRow): DeviceView {
  const approval = row.approverId === null || row.approvalEpoch === null ? null : {
    approverId: row.approverId,
    epoch: row.approvalEpoch,
    nonce: row.approvalNonce,
    signature: row.approvalSignature,
  };
  return {
    id: row.id,
    name: row.name,
    status: row.status as repo.DeviceStatus,
    fingerprint: row.fingerprint,
    signingPublicKey: row.signingPublicKey,
    kemPublicKey: row.kemPublicKey,
    approval,
    revokedEpoch: row.revokedEpoch,
    createdAt: row.createdAt,
  };
}

/** The view of an account and its devices. */
export function accountView(row: repo.AccountRow, devices: readonly repo.DeviceRow[]): AccountView {
  return { id: row.id, name: row.name, epoch: row.epoch, custodial: row.custodial, devices: devices.map(deviceView) };
}
