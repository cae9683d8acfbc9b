/**
 * The device-side client of pqgate's multi-device key sync (docs/SYNC.md).
 *
 * @module
 */

export { Device, type DeviceOptions, type DeviceSeeds } from "./device.ts";
export { type CreatedAccount, SyncClient, type SyncClientOptions } from "./sync-client.ts";
export {
  type AccountInfo,
  type BackupInfo,
  ChainError,
  type DeviceInfo,
  signedKdf,
  verifiedBackup,
  verifiedDevice,
} from "./chain.ts";
export { SyncHttpError } from "./http.ts";
export { deriveRecoveryKeys, openBackup, passwordRecoveryKey, sealBackup } from "./backup.ts";
export { HybridSigner } from "./signer.ts";
