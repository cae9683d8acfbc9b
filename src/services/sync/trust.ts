/**
 * The one way a verified device becomes trusted, whether a trusted device approved it or it
 * recovered with a backup: under the account lock, check the statement's epoch, spend the
 * challenge, move the device verified → trusted with the approval that justifies it, and (for
 * custodial accounts) store the account key sealed to it, all in one transaction.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import { consumeChallenge, requireEpoch } from "./challenges.ts";
import { custodialBundles, isLatestAccountKey } from "./custodial.ts";
import type { SyncDeps } from "./deps.ts";
import { SyncError } from "./errors.ts";

/** Sealing rounds before giving up (each lost round means the account key was rotated meanwhile). */
const SEAL_ROUNDS = 5;

/** What recovery adds: a check under the account lock, and the proof stored with the device. */
export interface RecoveryTrust {
  /** Runs inside the transaction, after the account lock; throws to refuse. */
  readonly guard: (tx: Database, locked: repo.AccountRow) => Promise<void>;
  /** The backup statement the recover proof was checked against. */
  readonly proof: repo.RecoveryProof;
}

/**
 * Makes `device` trusted on the strength of `challenge`, answered with `signature` by `approverId`
 * (a device id, or a recovery method's pseudo-approver, then with `recovery`).
 *
 * @throws {SyncError} `sync-stale-epoch` (the account moved on), `sync-challenge-used` /
 * `sync-challenge-expired`, `sync-device-state` (the device changed state concurrently).
 */
export async function trustDevice(
  deps: SyncDeps,
  account: repo.AccountRow,
  device: repo.DeviceRow,
  challenge: repo.ChallengeRow,
  approverId: string,
  signature: Uint8Array,
  recovery?: RecoveryTrust,
): Promise<void> {
  for (let round = 0; round < SEAL_ROUNDS; round++) {
    // Sealed before the transaction: PGlite runs one statement at a time, so no query may run beside it.
    const sealed = account.custodial ? await custodialBundles(deps, account, [device], challenge.epoch) : undefined;
    const stored = await deps.db.transaction(async (tx: Database) => {
      const locked = await repo.lockAccount(tx, account.id);
      requireEpoch(locked.epoch, challenge.epoch);
      await recovery?.guard(tx, locked);
      // A revocation's re-seal rotated the account key meanwhile: seal the new version instead.
      if (sealed !== undefined && !(await isLatestAccountKey(deps, tx, account, sealed.version))) return false;
      await consumeChallenge(deps, tx, challenge);
      const approval = {
        approverId,
        approvalEpoch: challenge.epoch,
        approvalNonce: challenge.nonce,
        approvalSignature: signature,
        ...recovery?.proof,
      };
      if (!(await repo.transitionDevice(tx, device.id, "verified", "trusted", approval))) {
        throw new SyncError("sync-device-state", "the device changed state concurrently");
      }
      for (const bundle of sealed?.bundles ?? []) await repo.upsertBundle(tx, bundle);
      return true;
    });
    if (stored) return;
  }
  throw new SyncError("sync-stale-epoch", "the account key kept rotating; ask for a new challenge");
}
