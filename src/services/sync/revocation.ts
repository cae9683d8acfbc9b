/**
 * Revocation: by a trusted device's signed `revoke` statement or by an admin token, in one
 * transaction (device revoked, epoch + 1, older bundles deleted, the device's unused
 * challenges voided), then a custodial account key is rotated and re-sealed for the new epoch.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import type { SignedAnswer } from "./account-service.ts";
import { consumeChallenge, openChallenge, requireEpoch, verifyStatement } from "./challenges.ts";
import { resealCustodial } from "./custodial.ts";
import { deviceSigner, requireAccount, requireDevice, requireTrusted, type SyncDeps } from "./deps.ts";
import { SyncError } from "./errors.ts";

/** Who revokes: a trusted device's signed statement, or an admin token. */
export type Revoker = ({ readonly revokerId: string } & SignedAnswer) | "admin";

/** The revocation use case. */
export class RevocationService {
  readonly #deps: SyncDeps;

  constructor(deps: SyncDeps) {
    this.#deps = deps;
  }

  /**
   * Revokes a device in one transaction (status, epoch + 1, older bundles deleted, its unused
   * challenges voided), then re-seals a custodial account key for the new epoch.
   *
   * @throws {SyncError} `sync-device-state` (already revoked), revoker and challenge errors.
   */
  async revoke(owner: string, accountId: string, deviceId: string, by: Revoker): Promise<{ epoch: number }> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, deviceId);
    if (device.status === "revoked") throw new SyncError("sync-device-state", "the device is already revoked");
    let challenge: repo.ChallengeRow | undefined;
    if (by !== "admin") {
      const revoker = await requireDevice(deps, account.id, by.revokerId);
      requireTrusted(revoker);
      challenge = await openChallenge(deps, account, by.challengeId, revoker.id, "revoke");
      const statement = {
        kind: "revoke",
        nonce: challenge.nonce,
        accountId: account.id,
        epoch: challenge.epoch,
        revokerId: revoker.id,
        deviceId: device.id,
      } as const;
      verifyStatement(deps, deviceSigner(revoker), statement, by.signature);
    }
    const epoch = await deps.db.transaction(async (tx: Database) => {
      const locked = await repo.lockAccount(tx, account.id);
      if (challenge !== undefined) {
        requireEpoch(locked.epoch, challenge.epoch);
        await consumeChallenge(deps, tx, challenge);
      }
      if (!(await repo.revokeDevice(tx, account.id, device.id, locked.epoch, deps.clock.now()))) {
        throw new SyncError("sync-device-state", "the device is already revoked");
      }
      return locked.epoch + 1;
    });
    await resealCustodial(deps, account, epoch);
    return { epoch };
  }
}
