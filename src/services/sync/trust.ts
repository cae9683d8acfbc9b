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
import { custodialBundle } from "./custodial.ts";
import type { SyncDeps } from "./deps.ts";
import { SyncError } from "./errors.ts";

/**
 * Makes `device` trusted on the strength of `challenge`, answered with `signature` by `approverId`
 * (a device id, or a recovery method's pseudo-approver).
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
): Promise<void> {
  // Sealed before the transaction: PGlite runs one statement at a time, so no query may run beside it.
  const bundle = account.custodial ? await custodialBundle(deps, account, device, challenge.epoch) : undefined;
  await deps.db.transaction(async (tx: Database) => {
    requireEpoch((await repo.lockAccount(tx, account.id)).epoch, challenge.epoch);
    await consumeChallenge(deps, tx, challenge);
    const approval = {
      approverId,
      approvalEpoch: challenge.epoch,
      approvalNonce: challenge.nonce,
      approvalSignature: signature,
    };
    if (!(await repo.transitionDevice(tx, device.id, "verified", "trusted", approval))) {
      throw new SyncError("sync-device-state", "the device changed state concurrently");
    }
    if (bundle !== undefined) await repo.upsertBundle(tx, bundle);
  });
}
