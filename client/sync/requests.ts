/**
 * The requests behind the client's backup and recovery flows, and the challenge requests
 * every flow starts with.
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import {
  type BackupStatement,
  type KdfDescription,
  kdfEncoding,
  type KdfParams,
  type RecoveryMethod,
} from "../../src/common/sync.ts";
import { ChainError } from "./chain.ts";
import { deriveRecoveryKeys, openBackup, sealBackup } from "./backup.ts";
import type { Device } from "./device.ts";
import { b64, type GatewayHttp, unb64 } from "./http.ts";

/** A challenge as the client uses it. */
export interface Challenge {
  readonly id: string;
  readonly nonce: Uint8Array;
  readonly epoch: number;
}

/** A recovery challenge, with the password method's KDF parameters. */
export type RecoveryChallenge = Challenge & { kdf: ({ salt: string } & KdfParams) | null };

/** Asks for a challenge issued to `device`. */
export async function deviceChallenge(
  http: GatewayHttp,
  accountId: string,
  device: Device,
  purpose: string,
): Promise<Challenge> {
  const c = await http.call<{ id: string; nonce: string; epoch: number }>(
    "POST",
    `/v1/sync/accounts/${accountId}/devices/${device.registeredId}/challenges`,
    { purpose },
  );
  return { id: c.id, nonce: unb64(c.nonce), epoch: c.epoch };
}

/** Asks for a recovery challenge for the verified `deviceId` (bound to it; rate limited per account). */
export async function recoveryChallenge(
  http: GatewayHttp,
  accountId: string,
  method: RecoveryMethod,
  deviceId: string,
): Promise<RecoveryChallenge> {
  const c = await http.call<{ id: string; nonce: string; epoch: number; kdf: RecoveryChallenge["kdf"] }>(
    "POST",
    `/v1/sync/accounts/${accountId}/recovery/challenges`,
    { method, deviceId },
  );
  return { id: c.id, nonce: unb64(c.nonce), epoch: c.epoch, kdf: c.kdf };
}

/** Seals `device.bundle` under K, signs the backup statement and stores the blob with the verifier key. */
export async function storeBackup(
  pq: Pqgate,
  http: GatewayHttp,
  accountId: string,
  device: Device,
  k: Uint8Array,
  kdf: KdfDescription,
): Promise<void> {
  if (device.bundle === undefined) throw new Error(`device ${device.name} holds no bundle to back up`);
  const challenge = await deviceChallenge(http, accountId, device, "backup");
  using keys = deriveRecoveryKeys(pq, k, accountId);
  const blob = sealBackup(pq, keys.backupKey, accountId, kdf.method, challenge.epoch, device.bundle);
  const signature = device.sign({
    kind: "backup",
    nonce: challenge.nonce,
    accountId,
    epoch: challenge.epoch,
    deviceId: device.registeredId,
    method: kdf.method,
    blobDigest: pq.hash("SHA-256", blob),
    verifierPublicKey: keys.verifier.publicKey,
    kdf: kdfEncoding(kdf),
    verifierScheme: keys.verifier.scheme,
  });
  const parameters = kdf.method === "password"
    ? { kdf: { salt: b64(kdf.salt), ...kdf.params } }
    : { threshold: kdf.threshold, shareCount: kdf.shareCount };
  await http.call("PUT", `/v1/sync/accounts/${accountId}/backups/${kdf.method}`, {
    deviceId: device.registeredId,
    challengeId: challenge.id,
    signature: b64(signature),
    blob: b64(blob),
    verifierPublicKey: b64(keys.verifier.publicKey),
    verifierScheme: keys.verifier.scheme,
    ...parameters,
  });
}

/**
 * Proves knowledge of K with the verifier key (under the scheme the verified backup statement
 * records) and opens the returned blob into `device.bundle`; the blob must be the one the
 * verified backup statement names.
 */
export async function recoverBundle(
  pq: Pqgate,
  http: GatewayHttp,
  accountId: string,
  device: Device,
  method: RecoveryMethod,
  k: Uint8Array,
  challenge: Challenge,
  expected: BackupStatement,
): Promise<Uint8Array> {
  using keys = deriveRecoveryKeys(pq, k, accountId, expected.verifierScheme);
  const signature = keys.verifier.sign({
    kind: "recover",
    nonce: challenge.nonce,
    accountId,
    method,
    deviceId: device.registeredId,
    signingPublicKey: device.signingPublicKey,
    kemPublicKey: device.kemPublicKey,
    signatureScheme: device.signatureScheme,
  });
  const recovered = await http.call<{ blob: string }>("POST", `/v1/sync/accounts/${accountId}/recovery`, {
    method,
    challengeId: challenge.id,
    deviceId: device.registeredId,
    signature: b64(signature),
  });
  const blob = unb64(recovered.blob);
  const digest = pq.hash("SHA-256", blob);
  if (digest.length !== expected.blobDigest.length || digest.some((b, i) => b !== expected.blobDigest[i])) {
    throw new ChainError("the recovered blob is not the one the backup statement names");
  }
  const plaintext = openBackup(pq, keys.backupKey, accountId, method, blob);
  device.bundle?.fill(0);
  device.bundle = plaintext;
  return plaintext;
}
