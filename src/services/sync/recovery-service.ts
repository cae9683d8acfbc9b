/**
 * Backup and recovery. A trusted device stores a backup blob (sealed under a key derived
 * from recovery material K the gateway never sees) with the public half of a recovery
 * verifier key derived from the same K. A new device that proved possession asks for a
 * recovery challenge (rate limited per account, persisted) and signs a `recover` statement
 * with the verifier key: only a holder of K (the password, or t shares) can. It then becomes
 * trusted and receives the blob to open locally.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import {
  type BackupStatement,
  type KdfDescription,
  kdfEncoding,
  type KdfParams,
  kdfWithinBounds,
  MAX_KDF,
  MIN_KDF,
  parseBackupBlob,
  recoveryApprover,
  type RecoveryMethod,
} from "../../common/sync.ts";
import type { SignedAnswer } from "./account-service.ts";
import {
  type ChallengeView,
  consumeChallenge,
  issueChallenge,
  openChallenge,
  requireEpoch,
  verifyStatement,
} from "./challenges.ts";
import {
  deviceSigner,
  requireAccount,
  requireDevice,
  requireNotRevoked,
  requireRegisteredBy,
  requireTrusted,
  requireValidPublicKey,
  storedScheme,
  type SyncDeps,
} from "./deps.ts";
import type { HybridScheme } from "../../common/hybrid.ts";
import { SyncError } from "./errors.ts";
import { trustDevice } from "./trust.ts";

/** The password method's stored parameters. */
export interface PasswordKdf extends KdfParams {
  readonly salt: Uint8Array;
}

/** What a trusted device uploads. */
export interface BackupUpload extends SignedAnswer {
  readonly deviceId: string;
  readonly blob: Uint8Array;
  readonly verifierPublicKey: Uint8Array;
  /** The scheme the verifier key signs `recover` statements with (signed in the backup statement). */
  readonly verifierScheme: HybridScheme;
  readonly kdf?: PasswordKdf | undefined;
  readonly threshold?: number | undefined;
  readonly shareCount?: number | undefined;
}

/** A recovery challenge, with the password method's KDF parameters. */
export interface RecoveryChallenge extends ChallengeView {
  readonly kdf: PasswordKdf | null;
}

/** The backup and recovery use cases. */
export class RecoveryService {
  readonly #deps: SyncDeps;

  constructor(deps: SyncDeps) {
    this.#deps = deps;
  }

  /**
   * Stores (replaces) the account's backup of `method`, for the current epoch.
   *
   * @throws {SyncError} `sync-backup-malformed`, `sync-kdf-too-weak`, device, epoch, challenge
   * and signature errors.
   */
  async store(owner: string, accountId: string, method: RecoveryMethod, upload: BackupUpload): Promise<void> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, upload.deviceId);
    requireTrusted(device);
    const blob = parseBackupBlob(upload.blob);
    if (blob === undefined || blob.method !== method) {
      throw new SyncError("sync-backup-malformed", `the blob is not a ${method} backup v1`);
    }
    const kdf = methodParameters(method, upload);
    requireValidPublicKey(deps, "ML-DSA-65+Ed25519", upload.verifierPublicKey);
    const challenge = await openChallenge(deps, account, upload.challengeId, device.id, "backup");
    requireEpoch(challenge.epoch, blob.epoch);
    verifyStatement(deps, deviceSigner(device), {
      kind: "backup",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: blob.epoch,
      deviceId: device.id,
      method,
      blobDigest: deps.pq.hash("SHA-256", upload.blob),
      verifierPublicKey: upload.verifierPublicKey,
      kdf: kdfEncoding(kdf),
      verifierScheme: upload.verifierScheme,
    }, upload.signature);
    await deps.db.transaction(async (tx: Database) => {
      requireEpoch((await repo.lockAccount(tx, account.id)).epoch, blob.epoch);
      await consumeChallenge(deps, tx, challenge);
      await repo.upsertBackup(tx, {
        accountId: account.id,
        method,
        blob: upload.blob,
        verifierPublicKey: upload.verifierPublicKey,
        verifierScheme: upload.verifierScheme,
        kdfSalt: kdf.method === "password" ? kdf.salt : null,
        kdfMemoryKib: kdf.method === "password" ? kdf.params.memoryKiB : null,
        kdfIterations: kdf.method === "password" ? kdf.params.iterations : null,
        kdfParallelism: kdf.method === "password" ? kdf.params.parallelism : null,
        threshold: kdf.method === "shares" ? kdf.threshold : null,
        shareCount: kdf.method === "shares" ? kdf.shareCount : null,
        deviceId: device.id,
        epoch: blob.epoch,
        statementNonce: challenge.nonce,
        statementSignature: upload.signature,
        invalidatedAt: null,
        invalidatedBy: null,
        updatedAt: deps.clock.now(),
      });
    });
  }

  /**
   * A recovery challenge for a verified device of the account that the token `tokenId`
   * registered, bound to that device: at most `recoveryAttempts` per account per window,
   * counted in the database. Each recovery attempt needs its own challenge (a failed proof
   * burns it). A token with no such device spends nothing of the account's budget.
   *
   * @throws {SyncError} `sync-device-not-found`, `sync-token-not-enrolled`, `sync-device-revoked`,
   * `sync-device-state`, `sync-backup-not-found`, `sync-backup-stale`, `sync-recovery-rate-limited`
   * (with Retry-After).
   */
  async challenge(
    owner: string,
    accountId: string,
    input: { method: RecoveryMethod; deviceId: string },
    tokenId: string,
  ): Promise<RecoveryChallenge> {
    const deps = this.#deps;
    const { method } = input;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, input.deviceId);
    requireRegisteredBy(device, tokenId);
    requireVerified(device);
    const backup = await this.#backup(account.id, method);
    await requireUsableBackup(deps, deps.db, account, backup);
    const now = deps.clock.now();
    const windowMs = deps.settings.recoveryWindowSeconds * 1000;
    const oldest = await repo.takeRecoveryAttempt(deps.db, account.id, now, windowMs, deps.settings.recoveryAttempts);
    if (oldest !== undefined) {
      const wait = Math.max(1, Math.ceil((oldest.getTime() + windowMs - now.getTime()) / 1000));
      throw new SyncError("sync-recovery-rate-limited", "too many recovery attempts for this account", {
        retryAfterSeconds: wait,
      });
    }
    const view = await issueChallenge(deps, account, device.id, `recover-${method}`);
    return { ...view, kdf: storedKdf(backup) };
  }

  /**
   * Recovers onto a verified device: the backup must be usable (of the current epoch, its
   * uploader still trusted, its statement stored, not invalidated by a revocation — checked
   * again under the account lock) and the `recover` statement must verify with its verifier
   * key. Success makes the device trusted, records the backup statement with it (so devices
   * can check the chain through it) and returns the blob.
   *
   * @throws {SyncError} `sync-backup-stale` (a new backup is needed), `sync-recovery-proof-invalid`
   * (wrong password or secret), device, challenge and epoch errors.
   */
  async recover(
    owner: string,
    accountId: string,
    input: SignedAnswer & { method: RecoveryMethod; deviceId: string },
    tokenId: string,
  ): Promise<{ status: "trusted"; blob: Uint8Array; epoch: number }> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, input.deviceId);
    requireRegisteredBy(device, tokenId);
    requireVerified(device);
    const backup = await this.#backup(account.id, input.method);
    const signed = await requireUsableBackup(deps, deps.db, account, backup);
    const challenge = await openChallenge(deps, account, input.challengeId, device.id, `recover-${input.method}`);
    const statement = {
      kind: "recover",
      nonce: challenge.nonce,
      accountId: account.id,
      method: input.method,
      deviceId: device.id,
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
      signatureScheme: deviceSigner(device).scheme,
    } as const;
    const verifier = { publicKey: backup.verifierPublicKey, scheme: signed.verifierScheme };
    try {
      verifyStatement(deps, verifier, statement, input.signature, "sync-recovery-proof-invalid");
    } catch (error) {
      // A wrong guess costs the challenge, so online guessing is bounded by the rate limit.
      await deps.db.transaction((tx: Database) => consumeChallenge(deps, tx, challenge));
      throw error;
    }
    const guard = async (tx: Database, locked: repo.AccountRow) => {
      // A revocation or a new upload may have landed since: recover only with this very backup, still usable.
      const now = await repo.findBackup(tx, account.id, input.method);
      if (now === undefined || !sameBackup(now, backup)) {
        throw new SyncError("sync-backup-stale", "the backup was replaced meanwhile; ask for a new recovery challenge");
      }
      await requireUsableBackup(deps, tx, locked, now);
    };
    const proof: repo.RecoveryProof = {
      recoveryUploaderId: backup.deviceId,
      recoveryBackupEpoch: backup.epoch,
      recoveryBlobDigest: signed.blobDigest,
      recoveryVerifierPublicKey: backup.verifierPublicKey,
      recoveryVerifierScheme: signed.verifierScheme,
      recoveryKdf: signed.kdf,
      recoveryBackupNonce: signed.nonce,
      recoveryBackupSignature: signed.signature,
    };
    await trustDevice(deps, account, device, challenge, recoveryApprover(input.method), input.signature, {
      guard,
      proof,
    });
    return { status: "trusted", blob: backup.blob, epoch: challenge.epoch };
  }

  async #backup(accountId: string, method: RecoveryMethod): Promise<repo.BackupRow> {
    const backup = await repo.findBackup(this.#deps.db, accountId, method);
    if (backup === undefined) throw new SyncError("sync-backup-not-found", `the account has no ${method} backup`);
    return backup;
  }
}

/**
 * The signed backup statement of a stored backup; `undefined` for a backup stored before
 * statements were kept (migration 0004).
 */
export function backupStatementOfRow(
  hash: (data: Uint8Array) => Uint8Array,
  row: repo.BackupRow,
): BackupStatement | undefined {
  if (row.statementNonce === null || row.statementSignature === null) return undefined;
  const description = storedDescription(row);
  if (description === undefined) return undefined;
  return {
    uploaderId: row.deviceId,
    epoch: row.epoch,
    method: description.method,
    blobDigest: hash(row.blob),
    verifierPublicKey: row.verifierPublicKey,
    verifierScheme: storedScheme(row.verifierScheme, `the ${row.method} backup of sync account ${row.accountId}`),
    kdf: kdfEncoding(description),
    nonce: row.statementNonce,
    signature: row.statementSignature,
  };
}

/**
 * Why a stored backup cannot be recovered from now, or `undefined` if it can: it must carry
 * its signed statement, be of the account's current epoch, not be invalidated by a
 * revocation, have been uploaded by a device that is still trusted, and (password) have
 * parameters within the bounds.
 */
export async function backupStaleness(
  db: Database,
  account: repo.AccountRow,
  backup: repo.BackupRow,
): Promise<string | undefined> {
  if (backup.statementNonce === null || backup.statementSignature === null) {
    return "the backup was stored before backup statements were kept";
  }
  if (backup.invalidatedAt !== null) {
    return `the revocation of device ${backup.invalidatedBy ?? "?"} invalidated the backup`;
  }
  if (backup.epoch !== account.epoch) {
    return `the backup is of epoch ${backup.epoch}; the account is at ${account.epoch}`;
  }
  const uploader = await repo.findDevice(db, account.id, backup.deviceId);
  if (uploader?.status !== "trusted") return `the backup's uploader ${backup.deviceId} is no longer trusted`;
  const kdf = storedKdf(backup);
  if (kdf !== null && !kdfWithinBounds(kdf)) return "the backup's Argon2id parameters are below the minimum";
  return undefined;
}

/** The stored statement of a usable backup. @throws {SyncError} `sync-backup-stale`. */
async function requireUsableBackup(
  deps: SyncDeps,
  db: Database,
  account: repo.AccountRow,
  backup: repo.BackupRow,
): Promise<BackupStatement> {
  const why = await backupStaleness(db, account, backup);
  const signed = backupStatementOfRow((d) => deps.pq.hash("SHA-256", d), backup);
  if (why !== undefined || signed === undefined) {
    throw new SyncError(
      "sync-backup-stale",
      `${why ?? "the backup has no statement"}: a trusted device must upload a new ${backup.method} backup`,
    );
  }
  return signed;
}

/** Whether two reads are of the same upload. */
function sameBackup(a: repo.BackupRow, b: repo.BackupRow): boolean {
  return a.epoch === b.epoch && a.deviceId === b.deviceId && a.updatedAt.getTime() === b.updatedAt.getTime() &&
    equalBytes(a.verifierPublicKey, b.verifierPublicKey);
}

function equalBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The method's parameters from an upload, checked against the gateway's bounds. */
function methodParameters(method: RecoveryMethod, upload: BackupUpload) {
  if (method === "password") {
    const { kdf } = upload;
    if (kdf === undefined || upload.threshold !== undefined || upload.shareCount !== undefined) {
      throw new SyncError("sync-backup-malformed", "a password backup needs kdf and no threshold or shareCount");
    }
    if (!kdfWithinBounds(kdf)) {
      throw new SyncError(
        "sync-kdf-too-weak",
        `Argon2id needs memoryKiB ${MIN_KDF.memoryKiB}..${MAX_KDF.memoryKiB}, iterations ${MIN_KDF.iterations}..${MAX_KDF.iterations}, parallelism 1..${MAX_KDF.parallelism}`,
      );
    }
    const { salt, ...params } = kdf;
    return { method, salt, params } as const;
  }
  const { threshold, shareCount } = upload;
  if (upload.kdf !== undefined || threshold === undefined || shareCount === undefined) {
    throw new SyncError("sync-backup-malformed", "a shares backup needs threshold and shareCount and no kdf");
  }
  if (threshold < 2 || threshold > shareCount || shareCount > 255) {
    throw new SyncError("sync-backup-malformed", "shares need 2 <= threshold <= shareCount <= 255");
  }
  return { method, threshold, shareCount } as const;
}

/** The stored parameters of a backup as its statement encodes them. */
function storedDescription(row: repo.BackupRow): KdfDescription | undefined {
  if (row.method === "password") {
    const kdf = storedKdf(row);
    if (kdf === null) return undefined;
    const { salt, ...params } = kdf;
    return { method: "password", salt, params };
  }
  if (row.threshold === null || row.shareCount === null) return undefined;
  return { method: "shares", threshold: row.threshold, shareCount: row.shareCount };
}

/** The stored password parameters of a backup, or null for shares. */
function storedKdf(backup: repo.BackupRow): PasswordKdf | null {
  if (backup.kdfSalt === null) return null;
  return {
    salt: backup.kdfSalt,
    memoryKiB: backup.kdfMemoryKib ?? 0,
    iterations: backup.kdfIterations ?? 0,
    parallelism: backup.kdfParallelism ?? 0,
  };
}

/** A device that may recover: verified (possession proved), not revoked. @throws {SyncError} `sync-device-revoked`, `sync-device-state`. */
function requireVerified(device: repo.DeviceRow): void {
  requireNotRevoked(device);
  if (device.status !== "verified") {
    throw new SyncError("sync-device-state", `device is ${device.status}; recovery needs a verified device`);
  }
}
