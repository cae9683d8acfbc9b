/**
 * Sealed bundles: a trusted device uploads the account bundle sealed to another trusted
 * device's X-Wing key for the current epoch, signing a statement over its SHA-256; the
 * recipient fetches the bundle of the current epoch with a signed fetch statement. The
 * gateway stores ciphertext only and checks the signatures and the epoch.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import { GATEWAY_SENDER, looksSealedToXWing } from "../../common/sync.ts";
import type { SignedAnswer } from "./account-service.ts";
import { consumeChallenge, openChallenge, requireEpoch, verifyStatement } from "./challenges.ts";
import { deviceSigner, requireAccount, requireDevice, requireTrusted, type SyncDeps } from "./deps.ts";
import { SyncError } from "./errors.ts";

/** What a sender uploads. */
export interface OutgoingBundle extends SignedAnswer {
  readonly senderId: string;
  readonly recipientId: string;
  readonly epoch: number;
  readonly sealed: Uint8Array;
}

/** A bundle as its recipient fetches it (signature and nonce null when the gateway sealed it). */
export interface IncomingBundle {
  readonly epoch: number;
  readonly senderId: string;
  readonly sealed: Uint8Array;
  readonly signature: Uint8Array | null;
  readonly nonce: Uint8Array | null;
}

/** The bundle use cases. */
export class BundleService {
  readonly #deps: SyncDeps;

  constructor(deps: SyncDeps) {
    this.#deps = deps;
  }

  /**
   * Stores a bundle for the current epoch (replacing an earlier one for the same recipient).
   *
   * @throws {SyncError} `sync-bundle-malformed`, `sync-device-not-trusted` / `sync-device-revoked`
   * (sender or recipient), `sync-stale-epoch`, challenge and signature errors.
   */
  async send(owner: string, accountId: string, bundle: OutgoingBundle): Promise<void> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    if (!looksSealedToXWing(bundle.sealed)) {
      throw new SyncError("sync-bundle-malformed", "the bundle is not a sealed box to an X-Wing key");
    }
    const sender = await requireDevice(deps, account.id, bundle.senderId);
    requireTrusted(sender);
    const recipient = await requireDevice(deps, account.id, bundle.recipientId);
    requireTrusted(recipient);
    const challenge = await openChallenge(deps, account, bundle.challengeId, sender.id, "bundle");
    requireEpoch(challenge.epoch, bundle.epoch);
    verifyStatement(deps, deviceSigner(sender), {
      kind: "bundle",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: bundle.epoch,
      senderId: sender.id,
      recipientId: recipient.id,
      sealedDigest: deps.pq.hash("SHA-256", bundle.sealed),
    }, bundle.signature);
    await deps.db.transaction(async (tx: Database) => {
      requireEpoch((await repo.lockAccount(tx, account.id)).epoch, bundle.epoch);
      await consumeChallenge(deps, tx, challenge);
      await repo.upsertBundle(tx, {
        accountId: account.id,
        recipientId: recipient.id,
        epoch: bundle.epoch,
        senderId: sender.id,
        sealed: bundle.sealed,
        signature: bundle.signature,
        nonce: challenge.nonce,
      });
    });
  }

  /**
   * The bundle sealed to `deviceId` for the current epoch.
   *
   * @throws {SyncError} `sync-device-revoked`, `sync-device-not-trusted`, `sync-stale-epoch`,
   * `sync-bundle-not-found`, challenge and signature errors.
   */
  async fetch(owner: string, accountId: string, deviceId: string, answer: SignedAnswer): Promise<IncomingBundle> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, deviceId);
    requireTrusted(device);
    const challenge = await openChallenge(deps, account, answer.challengeId, device.id, "fetch");
    const statement = {
      kind: "fetch",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: challenge.epoch,
      deviceId: device.id,
    } as const;
    verifyStatement(deps, deviceSigner(device), statement, answer.signature);
    const row = await deps.db.transaction(async (tx: Database) => {
      const locked = await repo.lockAccount(tx, account.id);
      requireEpoch(locked.epoch, challenge.epoch);
      await consumeChallenge(deps, tx, challenge);
      return await repo.findBundle(tx, account.id, device.id, locked.epoch);
    });
    if (row === undefined) {
      throw new SyncError("sync-bundle-not-found", `no bundle for this device in epoch ${challenge.epoch} yet`);
    }
    const fromGateway = row.senderId === GATEWAY_SENDER;
    return {
      epoch: row.epoch,
      senderId: row.senderId,
      sealed: row.sealed,
      signature: fromGateway ? null : row.signature,
      nonce: fromGateway ? null : row.nonce,
    };
  }
}
