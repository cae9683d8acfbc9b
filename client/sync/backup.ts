/**
 * Backup blobs and recovery material on the device. From recovery material K (32 bytes: an
 * Argon2id output of the password, or the random secret R the Shamir shares reconstruct),
 * HKDF-SHA-256 derives the backup AES-256-GCM key and the seeds of the hybrid recovery
 * verifier key. The gateway only ever sees the blob and the verifier's public key.
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import {
  backupAad,
  backupHeader,
  type KdfParams,
  parseBackupBlob,
  RECOVERY_KEY_BYTES,
  recoveryInfo,
  type RecoveryMethod,
} from "../../src/common/sync.ts";
import { concat } from "../../src/common/bytes.ts";
import { CURRENT_HYBRID_SCHEME, type HybridScheme } from "../../src/common/hybrid.ts";
import { HybridSigner } from "./signer.ts";

const NO_SALT = new Uint8Array(0);

/** What K yields; dispose to free the verifier key and wipe the backup key. */
export interface RecoveryKeys extends Disposable {
  readonly backupKey: Uint8Array;
  readonly verifier: HybridSigner;
}

/**
 * Derives the backup key and the recovery verifier from K, bound to the account. The verifier
 * signs with `verifierScheme`: the current one for a new backup, and for recovery the one the
 * backup statement records (its uploader signed it).
 */
export function deriveRecoveryKeys(
  pq: Pqgate,
  k: Uint8Array,
  accountId: string,
  verifierScheme: HybridScheme = CURRENT_HYBRID_SCHEME,
): RecoveryKeys {
  if (k.length !== RECOVERY_KEY_BYTES) throw new RangeError(`recovery material must be ${RECOVERY_KEY_BYTES} bytes`);
  const derive = (what: Parameters<typeof recoveryInfo>[0]) =>
    pq.hkdf("SHA-256", k, NO_SALT, recoveryInfo(what, accountId), 32);
  const mlDsaSeed = derive("recovery-ml-dsa");
  const edSeed = derive("recovery-ed25519");
  try {
    const verifier = HybridSigner.fromSeeds(pq, mlDsaSeed, edSeed, verifierScheme);
    const backupKey = derive("backup-key");
    return {
      backupKey,
      verifier,
      [Symbol.dispose]: () => {
        verifier[Symbol.dispose]();
        backupKey.fill(0);
      },
    };
  } finally {
    mlDsaSeed.fill(0);
    edSeed.fill(0);
  }
}

/** K of the password method: Argon2id(password, salt, params), 32 bytes. */
export function passwordRecoveryKey(pq: Pqgate, password: string, salt: Uint8Array, params: KdfParams): Uint8Array {
  const bytes = new TextEncoder().encode(password);
  try {
    return pq.passwordDerive(bytes, salt, params, RECOVERY_KEY_BYTES);
  } finally {
    bytes.fill(0);
  }
}

/** Backup blob v1: `"PQBK" ‖ 1 ‖ method ‖ u64be(epoch) ‖ AES-256-GCM(backupKey, aad = header ‖ accountId)`. */
export function sealBackup(
  pq: Pqgate,
  backupKey: Uint8Array,
  accountId: string,
  method: RecoveryMethod,
  epoch: number,
  plaintext: Uint8Array,
): Uint8Array {
  const header = backupHeader(method, epoch);
  return concat([header, pq.aeadSeal("AES-256-GCM", backupKey, backupAad(header, accountId), plaintext)]);
}

/**
 * Opens a blob of `method` for `accountId`.
 *
 * @throws {Error} for a malformed blob or another method; {PqError} `DECRYPTION_FAILED`
 * for a wrong key (wrong password or shares), another account, or tampering.
 */
export function openBackup(
  pq: Pqgate,
  backupKey: Uint8Array,
  accountId: string,
  method: RecoveryMethod,
  blob: Uint8Array,
): Uint8Array {
  const parsed = parseBackupBlob(blob);
  if (parsed === undefined || parsed.method !== method) throw new Error(`not a ${method} backup blob v1`);
  return pq.aeadOpen("AES-256-GCM", backupKey, backupAad(parsed.header, accountId), parsed.sealed);
}
