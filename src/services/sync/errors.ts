/**
 * What the sync services refuse, as typed errors the sync routes map to the problem types of
 * the same names (`urn:pqgate:problem:sync-…`). They carry ids and reasons only: never keys,
 * signatures, ciphertexts or secrets.
 *
 * @module
 */

/** Why a sync operation was refused. Stable: the HTTP layer switches on it. */
export type SyncErrorKind =
  | "sync-account-not-found"
  | "sync-device-not-found"
  | "sync-challenge-not-found"
  | "sync-challenge-mismatch"
  | "sync-challenge-used"
  | "sync-challenge-expired"
  | "sync-signature-invalid"
  | "sync-device-revoked"
  | "sync-device-not-trusted"
  | "sync-device-state"
  | "sync-stale-epoch"
  | "sync-bootstrap-invalid"
  | "sync-bundle-not-found"
  | "sync-bundle-malformed"
  | "sync-backup-not-found"
  | "sync-backup-malformed"
  | "sync-kdf-too-weak"
  | "sync-recovery-proof-invalid"
  | "sync-recovery-rate-limited";

/** A refused sync operation. */
export class SyncError extends Error {
  override readonly name = "SyncError";
  readonly kind: SyncErrorKind;
  /** For `sync-recovery-rate-limited`: when a new attempt is allowed. */
  readonly retryAfterSeconds: number;

  constructor(kind: SyncErrorKind, message: string, retryAfterSeconds = 0) {
    super(message);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
