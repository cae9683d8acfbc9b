/**
 * The cross-signing chain, checked on the device: before trusting a sender's key (to open its
 * bundle) or a recipient's key (to seal to it), the device walks that device's approvals back
 * to the account's first device and verifies every signature itself, so a gateway that
 * inserts a device of its own cannot make other devices trust it.
 *
 * One root: `bootstrap` (the first device; its possession statement must verify with its own
 * key). A device trusted through recovery (`recovery:<method>`) is not a root: its recover
 * proof must verify with the verifier key of the backup statement recorded with it, that
 * statement must verify with its uploader's key (trusted at the backup's epoch, with KDF
 * parameters within the bounds), and the walk continues from the uploader. A recovery
 * approval without that proof is refused.
 *
 * Each device's hybrid scheme, like each verifier key's, is a claim of the gateway until the
 * statement that vouches for it verifies with it: a scheme-2 device's approval (or, for the
 * bootstrap device, its own possession statement; for a recovered device, its recover proof)
 * signs the scheme as a field and a backup statement signs its verifier's scheme, while a
 * scheme-1 device's voucher has no such field. So a gateway that presents a scheme-2 device as
 * scheme 1 (or the reverse) breaks the very signature that would admit it, and the device is
 * refused; a key is then only ever verified under the scheme its voucher signed.
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import {
  type BackupStatement,
  backupStatementOf,
  BOOTSTRAP_APPROVER,
  fingerprint,
  type KdfDescription,
  kdfWithinBounds,
  parseKdfEncoding,
  RECOVERY_METHODS,
  type RecoveryMethod,
  type Statement,
  statementContext,
  statementMessage,
} from "../../src/common/sync.ts";
import { type HybridScheme, hybridVerify, isHybridScheme } from "../../src/common/hybrid.ts";
import { unb64 } from "./http.ts";

/** A device as the account listing describes it, bytes decoded. */
export interface DeviceInfo {
  readonly id: string;
  readonly name: string;
  readonly status: "pending" | "verified" | "trusted" | "revoked";
  readonly fingerprint: string;
  readonly signingPublicKey: Uint8Array;
  readonly kemPublicKey: Uint8Array;
  /** As the gateway claims it; {@link verifiedDevice} checks it against the vouching statements. */
  readonly signatureScheme: HybridScheme;
  readonly approval: {
    approverId: string;
    epoch: number;
    nonce: Uint8Array;
    signature: Uint8Array;
    /** For `recovery:<method>`: the backup statement the recover proof answers to. */
    backup: BackupStatement | null;
  } | null;
  readonly revokedEpoch: number | null;
}

/** A stored backup as the account listing describes it. */
export interface BackupInfo {
  readonly method: RecoveryMethod;
  /** The gateway's word that recovery would refuse it (a new backup is needed). */
  readonly stale: boolean;
  readonly statement: BackupStatement | null;
}

/** An account as `GET /v1/sync/accounts/{id}` describes it. */
export interface AccountInfo {
  readonly id: string;
  readonly name: string;
  readonly epoch: number;
  readonly custodial: boolean;
  readonly devices: readonly DeviceInfo[];
  readonly backups: readonly BackupInfo[];
}

/** The chain does not verify. */
export class ChainError extends Error {
  override readonly name = "ChainError";
}

interface StatementJson {
  uploaderId: string;
  epoch: number;
  method: RecoveryMethod;
  blobDigest: string;
  verifierPublicKey: string;
  verifierScheme?: number;
  kdf: string;
  nonce: string;
  signature: string;
}

interface DeviceJson {
  id: string;
  name: string;
  status: DeviceInfo["status"];
  fingerprint: string;
  signingPublicKey: string;
  kemPublicKey: string;
  signatureScheme?: number;
  approval: {
    approverId: string;
    epoch: number;
    nonce: string | null;
    signature: string | null;
    backup?: StatementJson | null;
  } | null;
  revokedEpoch: number | null;
}

/**
 * A scheme as the gateway lists it (absent: 1, as a gateway from before schemes would list every
 * device). Only a claim: the chain check verifies the vouching statement with it.
 *
 * @throws {ChainError} for anything but 1 or 2.
 */
function parseScheme(value: number | undefined, what: string): HybridScheme {
  const scheme = value ?? 1;
  if (!isHybridScheme(scheme)) throw new ChainError(`${what} has an unknown signature scheme ${String(value)}`);
  return scheme;
}

function parseStatement(json: StatementJson | null | undefined): BackupStatement | null {
  if (json === null || json === undefined) return null;
  return {
    uploaderId: json.uploaderId,
    epoch: json.epoch,
    method: json.method,
    blobDigest: unb64(json.blobDigest),
    verifierPublicKey: unb64(json.verifierPublicKey),
    verifierScheme: parseScheme(json.verifierScheme, `the backup statement of ${json.uploaderId}`),
    kdf: unb64(json.kdf),
    nonce: unb64(json.nonce),
    signature: unb64(json.signature),
  };
}

/** Decodes the account JSON. */
export function parseAccount(
  json: {
    id: string;
    name: string;
    epoch: number;
    custodial: boolean;
    devices: DeviceJson[];
    backups?: { method: RecoveryMethod; stale: boolean; statement: StatementJson | null }[];
  },
): AccountInfo {
  return {
    id: json.id,
    name: json.name,
    epoch: json.epoch,
    custodial: json.custodial,
    backups: (json.backups ?? []).map((b) => ({
      method: b.method,
      stale: b.stale,
      statement: parseStatement(b.statement),
    })),
    devices: json.devices.map((d) => ({
      ...d,
      signingPublicKey: unb64(d.signingPublicKey),
      kemPublicKey: unb64(d.kemPublicKey),
      signatureScheme: parseScheme(d.signatureScheme, `device ${d.id}`),
      approval: d.approval === null ? null : {
        approverId: d.approval.approverId,
        epoch: d.approval.epoch,
        nonce: unb64(d.approval.nonce ?? ""),
        signature: unb64(d.approval.signature ?? ""),
        backup: parseStatement(d.approval.backup),
      },
    })),
  };
}

/**
 * The device `deviceId`, after checking that it is trusted now, that its fingerprint matches
 * its keys and scheme, and that every approval on its chain verifies (each with the approver's
 * scheme, over the approved device's keys and scheme).
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
    const { signingPublicKey, kemPublicKey, signatureScheme } = current;
    const print = fingerprint((d) => pq.hash("SHA-256", d), signingPublicKey, kemPublicKey, signatureScheme);
    if (print !== current.fingerprint) {
      throw new ChainError(`fingerprint of ${current.id} does not match its keys and scheme`);
    }
    const approval = current.approval;
    if (approval === null) throw new ChainError(`device ${current.id} has no approval`);
    if (approval.approverId === BOOTSTRAP_APPROVER) {
      const statement: Statement = {
        kind: "possession",
        nonce: approval.nonce,
        accountId: account.id,
        deviceId: current.id,
        signingPublicKey,
        kemPublicKey,
        signatureScheme,
      };
      // The root vouches for itself: its own key, under the scheme its statement names.
      const what = `bootstrap possession of ${current.id}`;
      check(pq, signingPublicKey, signatureScheme, statement, approval.signature, what);
      return device;
    }
    if (approval.approverId.startsWith("recovery:")) {
      current = recoveryUploader(pq, account, current);
      continue;
    }
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
      signatureScheme,
    };
    // The approver's scheme is checked in turn by the next link (its own voucher).
    check(
      pq,
      approver.signingPublicKey,
      approver.signatureScheme,
      statement,
      approval.signature,
      `approval of ${current.id}`,
    );
    current = approver;
  }
}

/**
 * The uploader of the backup a device was recovered from, after checking the device's recover
 * proof against the backup statement's verifier key and that statement against the uploader's
 * key (the caller goes on to check the uploader's own chain).
 *
 * @throws {ChainError} for a recovery approval without a backup statement or any link that fails.
 */
function recoveryUploader(pq: Pqgate, account: AccountInfo, device: DeviceInfo): DeviceInfo {
  const approval = device.approval;
  const method = approval?.approverId.slice("recovery:".length) as RecoveryMethod;
  if (approval === null || !Object.hasOwn(RECOVERY_METHODS, method)) {
    throw new ChainError(`device ${device.id} has an unknown recovery approval`);
  }
  const backup = approval.backup;
  if (backup === null) {
    throw new ChainError(`device ${device.id} was trusted by recovery without a signed backup statement`);
  }
  if (backup.method !== method) throw new ChainError(`device ${device.id} was recovered with another method's backup`);
  if (backup.epoch !== approval.epoch) {
    throw new ChainError(
      `device ${device.id} was recovered at epoch ${approval.epoch} from a backup of ${backup.epoch}`,
    );
  }
  const recover: Statement = {
    kind: "recover",
    nonce: approval.nonce,
    accountId: account.id,
    method,
    deviceId: device.id,
    signingPublicKey: device.signingPublicKey,
    kemPublicKey: device.kemPublicKey,
    signatureScheme: device.signatureScheme,
  };
  const what = `recovery proof of ${device.id}`;
  check(pq, backup.verifierPublicKey, backup.verifierScheme, recover, approval.signature, what);
  return backupUploader(pq, account, backup);
}

/**
 * The uploader of a backup statement, after checking the statement's signature with the
 * uploader's key, that the uploader was not revoked at the backup's epoch, and the signed
 * KDF parameters ({@link kdfWithinBounds}).
 */
function backupUploader(pq: Pqgate, account: AccountInfo, backup: BackupStatement): DeviceInfo {
  const uploader = find(account, backup.uploaderId);
  if (uploader.revokedEpoch !== null && backup.epoch >= uploader.revokedEpoch) {
    throw new ChainError(`${uploader.id} uploaded the backup after its revocation`);
  }
  const statement = backupStatementOf(account.id, backup);
  const what = `backup statement of ${uploader.id}`;
  check(pq, uploader.signingPublicKey, uploader.signatureScheme, statement, backup.signature, what);
  signedKdf(backup);
  return uploader;
}

/**
 * The KDF parameters of a backup statement, decoded from the signed bytes.
 *
 * @throws {ChainError} for an encoding of another method, or Argon2id parameters outside
 * [MIN_KDF, MAX_KDF] (a downgrade: a cheaper password oracle for whoever sees the proof).
 */
export function signedKdf(backup: BackupStatement): KdfDescription {
  const kdf = parseKdfEncoding(backup.kdf);
  if (kdf === undefined || kdf.method !== backup.method) {
    throw new ChainError(`the ${backup.method} backup statement has malformed KDF parameters`);
  }
  if (kdf.method === "password" && !kdfWithinBounds(kdf.params)) {
    const { memoryKiB, iterations, parallelism } = kdf.params;
    throw new ChainError(
      `the backup's Argon2id parameters (m=${memoryKiB} KiB, t=${iterations}, p=${parallelism}) are outside the accepted bounds`,
    );
  }
  return kdf;
}

/**
 * The account's current backup of `method` for a recovering device: its statement must be of
 * the account's epoch, signed by a device whose chain verifies (and that is trusted now), with
 * acceptable KDF parameters. Recovery takes the parameters from here only.
 *
 * @throws {ChainError} when there is no such statement or any check fails.
 */
export function verifiedBackup(
  pq: Pqgate,
  account: AccountInfo,
  method: RecoveryMethod,
): { statement: BackupStatement; kdf: KdfDescription } {
  const statement = account.backups.find((b) => b.method === method)?.statement ?? null;
  if (statement === null) throw new ChainError(`the account lists no signed ${method} backup statement`);
  if (statement.method !== method || statement.epoch !== account.epoch) {
    throw new ChainError(`the ${method} backup is of epoch ${statement.epoch}; the account is at ${account.epoch}`);
  }
  verifiedDevice(pq, account, statement.uploaderId);
  backupUploader(pq, account, statement);
  return { statement, kdf: signedKdf(statement) };
}

/** Verifies a statement's hybrid signature under `scheme`. @throws {ChainError} `what` when it does not verify. */
export function check(
  pq: Pqgate,
  publicKey: Uint8Array,
  scheme: HybridScheme,
  statement: Statement,
  signature: Uint8Array,
  what: string,
): void {
  const [message, context] = [statementMessage(statement), statementContext(statement.kind)];
  if (!hybridVerify(pq, scheme, publicKey, message, signature, context)) {
    throw new ChainError(`${what}: signature does not verify`);
  }
}

function find(account: AccountInfo, id: string): DeviceInfo {
  const device = account.devices.find((d) => d.id === id);
  if (device === undefined) throw new ChainError(`device ${id} is not in account ${account.id}`);
  return device;
}
