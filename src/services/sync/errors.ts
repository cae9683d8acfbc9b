/**
 * What the sync services refuse, as {@link DomainError}s of the sync kinds (problem types
 * `urn:pqgate:problem:sync-…`). They carry ids and reasons only: never keys, signatures,
 * ciphertexts or secrets.
 *
 * @module
 */

import { DomainError } from "../errors.ts";

/** Why a sync operation was refused. Stable: each is a problem type of the same name. */
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
  | "sync-backup-stale"
  | "sync-kdf-too-weak"
  | "sync-recovery-proof-invalid"
  | "sync-recovery-rate-limited"
  | "sync-token-not-enrolled"
  | "sync-token-wrong-account";

/** A refused sync operation; `sync-recovery-rate-limited` carries `retryAfterSeconds`. */
export class SyncError extends DomainError<SyncErrorKind> {
  override readonly name = "SyncError";
}
