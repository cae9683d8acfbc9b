/**
 * What the sync services share: their dependencies and settings, and the lookups every
 * use case starts with (account of the caller's tenant, device of the account, its status).
 *
 * @module
 */

import type { Pqgate } from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import type { KeyService } from "../keys/key-service.ts";
import type { Clock } from "../../common/clock.ts";
import { SyncError } from "./errors.ts";
import { type HYBRID, HYBRID_PARTS, type HybridScheme, isHybridScheme } from "../../common/hybrid.ts";

/** Tunable limits of the sync protocol. */
export interface SyncSettings {
  /** How long a challenge may be answered (default 120 s). */
  readonly challengeTtlSeconds: number;
  /** How long an account's bootstrap token is valid (default 24 h). */
  readonly bootstrapTtlSeconds: number;
  /** Recovery challenges per account and window (default 5 per 15 min). */
  readonly recoveryAttempts: number;
  readonly recoveryWindowSeconds: number;
}

/** The defaults of {@link SyncSettings}. */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  challengeTtlSeconds: 120,
  bootstrapTtlSeconds: 24 * 3600,
  recoveryAttempts: 5,
  recoveryWindowSeconds: 15 * 60,
};

/** What the sync services are built from. */
export interface SyncDeps {
  readonly db: Database;
  readonly pq: Pqgate;
  /** Holds the account keys of custodial accounts. */
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly settings: SyncSettings;
}

/** The account `id` of `owner`. @throws {SyncError} `sync-account-not-found`. */
export async function requireAccount(deps: SyncDeps, owner: string, id: string): Promise<repo.AccountRow> {
  const account = await repo.findAccount(deps.db, owner, id);
  if (account === undefined) throw new SyncError("sync-account-not-found", "no such sync account");
  return account;
}

/** Device `id` of the account. @throws {SyncError} `sync-device-not-found`. */
export async function requireDevice(deps: SyncDeps, accountId: string, id: string): Promise<repo.DeviceRow> {
  const device = await repo.findDevice(deps.db, accountId, id);
  if (device === undefined) throw new SyncError("sync-device-not-found", "no such device in this account");
  return device;
}

/**
 * Refuses a `sync:device` token (`tokenId`) acting through a device another token registered:
 * a device token reaches an account only through devices it registered itself. Devices stored
 * before the registering token was recorded (null) are open to every device token of the owner.
 *
 * @throws {SyncError} `sync-token-not-enrolled`.
 */
export function requireRegisteredBy(device: repo.DeviceRow, tokenId: string): void {
  if (device.registeredBy !== null && device.registeredBy !== tokenId) {
    throw new SyncError("sync-token-not-enrolled", `device ${device.id} was registered with another token`);
  }
}

/**
 * Refuses a `sync:device` token (`tokenId`) that registered no device of the account still
 * in it (not revoked): such a token may register one, nothing else (it cannot read the device
 * graph). `undefined` is a `sync:admin` caller, who reads every account of the owner.
 *
 * @throws {SyncError} `sync-token-not-enrolled`.
 */
export async function requireEnrolledToken(
  deps: SyncDeps,
  accountId: string,
  tokenId: string | undefined,
): Promise<void> {
  if (tokenId === undefined || await repo.tokenHasDevice(deps.db, accountId, tokenId)) return;
  throw new SyncError("sync-token-not-enrolled", "this token registered no device of this account");
}

/** Refuses a revoked device, whatever it asks. @throws {SyncError} `sync-device-revoked`. */
export function requireNotRevoked(device: repo.DeviceRow): void {
  if (device.status === "revoked") throw new SyncError("sync-device-revoked", `device ${device.id} is revoked`);
}

/** Requires a trusted device. @throws {SyncError} `sync-device-revoked`, `sync-device-not-trusted`. */
export function requireTrusted(device: repo.DeviceRow): void {
  requireNotRevoked(device);
  if (device.status !== "trusted") {
    throw new SyncError("sync-device-not-trusted", `device ${device.id} is ${device.status}, not trusted`);
  }
}

/** A key that signs statements, with the one scheme it signs them with. */
export interface StatementSigner {
  readonly publicKey: Uint8Array;
  readonly scheme: HybridScheme;
}

/**
 * A stored device as the signer of its statements: its key and the scheme it declared at
 * registration (`sync_devices.signature_scheme`).
 *
 * @throws {Error} for a stored scheme other than 1 or 2 (the column refuses them: an internal fault, never a guess).
 */
export function deviceSigner(device: repo.DeviceRow): StatementSigner {
  return {
    publicKey: device.signingPublicKey,
    scheme: storedScheme(device.signatureScheme, `sync device ${device.id}`),
  };
}

/** A stored scheme column's value. @throws {Error} for anything but 1 or 2 (an internal fault). */
export function storedScheme(value: number, what: string): HybridScheme {
  if (!isHybridScheme(value)) throw new Error(`${what} has no valid signature scheme`);
  return value;
}

/** `seconds` after the clock's now. */
export function later(deps: SyncDeps, seconds: number): Date {
  return new Date(deps.clock.now().getTime() + seconds * 1000);
}

/**
 * Imports a public key once, so a key the library refuses (an ML-KEM modulus or Ed25519
 * point check) is refused when it is stored rather than when it is first used. Sizes were
 * checked by the route contract before this reaches the library.
 *
 * @throws {PqError} `INVALID_KEY` / `INVALID_LENGTH` (422).
 */
export function requireValidPublicKey(deps: SyncDeps, algorithm: typeof HYBRID | "X-Wing", key: Uint8Array): void {
  if (algorithm === "X-Wing") {
    using _ = deps.pq.importPublicKey("X-Wing", key);
    return;
  }
  const [mlDsa, ed25519] = HYBRID_PARTS;
  const split = key.length - 32;
  using _mlDsa = deps.pq.importPublicKey(mlDsa, key.subarray(0, split));
  using _ed25519 = deps.pq.importPublicKey(ed25519, key.subarray(split));
}
