/**
 * The cross-signing chain, checked on the device: before trusting a sender's key (to open its
 * bundle) or a recipient's key (to seal to it), the device walks that device's approvals back
 * to the account's first device and verifies every signature itself, so a gateway that
 * inserts a device of its own cannot make other devices trust it.
 *
 * Roots: `bootstrap` (the first device; its possession statement must verify with its own
 * key) and `recovery:<method>` (a device trusted through recovery; its proof was checked by
 * the gateway against the recovery verifier key, which devices do not hold, so this root is
 * accepted on the gateway's word — see docs/SYNC.md "What the gateway can and cannot learn").
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import {
  BOOTSTRAP_APPROVER,
  fingerprint,
  type Statement,
  statementContext,
  statementMessage,
} from "../../src/common/sync.ts";
import { hybridVerify } from "../../src/common/hybrid.ts";
import { unb64 } from "./http.ts";

/** A device as the account listing describes it, bytes decoded. */
export interface DeviceInfo {
  readonly id: string;
  readonly name: string;
  readonly status: "pending" | "verified" | "trusted" | "revoked";
  readonly fingerprint: string;
  readonly signingPublicKey: Uint8Array;
  readonly kemPublicKey: Uint8Array;
  readonly approval: { approverId: string; epoch: number; nonce: Uint8Array; signature: Uint8Array } | null;
  readonly revokedEpoch: number | null;
}

/** An account as `GET /v1/sync/accounts/{id}` describes it. */
export interface AccountInfo {
  readonly id: string;
  readonly name: string;
  readonly epoch: number;
  readonly custodial: boolean;
  readonly devices: readonly DeviceInfo[];
}

/** The chain does not verify. */
export class ChainError extends Error {
  override readonly name = "ChainError";
}

interface DeviceJson {
  id: string;
  name: string;
  status: DeviceInfo["status"];
  fingerprint: string;
  signingPublicKey: string;
  kemPublicKey: string;
  approval: { approverId: string; epoch: number; nonce: string | null; signature: string | null } | null;
  revokedEpoch: number | null;
}

/** Decodes the account JSON. */
export function parseAccount(
  json: { id: string; name: string; epoch: number; custodial: boolean; devices: DeviceJson[] },
): AccountInfo {
  return {
    ...json,
    devices: json.devices.map((d) => ({
      ...d,
      signingPublicKey: unb64(d.signingPublicKey),
      kemPublicKey: unb64(d.kemPublicKey),
      approval: d.approval === null ? null : {
        approverId: d.approval.approverId,
        epoch: d.approval.epoch,
        nonce: unb64(d.approval.nonce ?? ""),
        signature: unb64(d.approval.signature ?? ""),
      },
    })),
  };
}

/**
 * The device `deviceId`, after checking that it is trusted now, that its fingerprint matches
 * its keys, and that every approval on its chain verifies.
 *
 * @throws {ChainError} naming the first link that fails.
 */
export function verifiedDevice(pq: Pqgate, account: AccountInfo, deviceId: string): DeviceInfo {
  const device = find(account, deviceId);
  if (device.status !== "trusted") throw new ChainError(`device ${deviceId} is ${device.status}, not trusted`);
  const seen = new Set<string>();
  for (let current = device;;) {
    if (seen.has(current.id)) throw new ChainError(`approval cycle at ${current.id}`);
    seen.add(current.id);
    const print = fingerprint((d) => pq.hash("SHA-256", d), current.signingPublicKey, current.kemPublicKey);
    if (print !== current.fingerprint) throw new ChainError(`fingerprint of ${current.id} does not match its keys`);
    const approval = current.approval;
    if (approval === null) throw new ChainError(`device ${current.id} has no approval`);
    const { signingPublicKey, kemPublicKey } = current;
    if (approval.approverId === BOOTSTRAP_APPROVER) {
      const statement: Statement = {
        kind: "possession",
        nonce: approval.nonce,
        accountId: account.id,
        deviceId: current.id,
        signingPublicKey,
        kemPublicKey,
      };
      check(pq, signingPublicKey, statement, approval.signature, `bootstrap possession of ${current.id}`);
      return device;
    }
    if (approval.approverId.startsWith("recovery:")) return device;
    const approver = find(account, approval.approverId);
    if (approver.revokedEpoch !== null && approval.epoch >= approver.revokedEpoch) {
      throw new ChainError(`${approver.id} approved ${current.id} after its revocation`);
    }
    const statement: Statement = {
      kind: "approve",
      nonce: approval.nonce,
      accountId: account.id,
      epoch: approval.epoch,
      approverId: approver.id,
      deviceId: current.id,
      signingPublicKey,
      kemPublicKey,
    };
    check(pq, approver.signingPublicKey, statement, approval.signature, `approval of ${current.id}`);
    current = approver;
  }
}

/** Verifies a statement's hybrid signature. @throws {ChainError} `what` when it does not verify. */
export function check(
  pq: Pqgate,
  publicKey: Uint8Array,
  statement: Statement,
  signature: Uint8Array,
  what: string,
): void {
  if (!hybridVerify(pq, publicKey, statementMessage(statement), signature, statementContext(statement.kind))) {
    throw new ChainError(`${what}: signature does not verify`);
  }
}

function find(account: AccountInfo, id: string): DeviceInfo {
  const device = account.devices.find((d) => d.id === id);
  if (device === undefined) throw new ChainError(`device ${id} is not in account ${account.id}`);
  return device;
}
