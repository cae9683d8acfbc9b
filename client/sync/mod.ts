/**
 * The device-side client of pqgate's multi-device key sync (docs/SYNC.md).
 *
 * @module
 */

export { Device, type DeviceSeeds } from "./device.ts";
export { type CreatedAccount, SyncClient } from "./sync-client.ts";
export { type AccountInfo, ChainError, type DeviceInfo, verifiedDevice } from "./chain.ts";
export { SyncHttpError } from "./http.ts";
export { deriveRecoveryKeys, openBackup, passwordRecoveryKey, sealBackup } from "./backup.ts";
export { HybridSigner } from "./signer.ts";
