/**
 * Custodial accounts: the gateway holds the account key (an X-Wing key of the key service,
 * wrapped by the keystore like every other key) and seals it itself to each device that
 * becomes trusted, with sender id `gateway` and the same associated data as device-sent
 * bundles. Each epoch bump rotates the key and re-seals the new version to the devices that
 * remain trusted, so a revoked device never sees a later account key.
 *
 * @module
 */

import { KemPrivateKey } from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import { bundleAad, GATEWAY_SENDER } from "../../common/sync.ts";
import { KeyError } from "../keys/errors.ts";
import type { SyncDeps } from "./deps.ts";

/** The key-service name of an account's custodial key. */
export function custodialKeyName(accountId: string): string {
  return `sync-account-${accountId}`;
}

/** Creates the custodial key of a new account; returns its name. */
export async function createCustodialKey(deps: SyncDeps, owner: string, accountId: string): Promise<string> {
  const name = custodialKeyName(accountId);
  await deps.keys.create({ owner, name, algorithm: "X-Wing" });
  return name;
}

/** The account key sealed to some devices for one epoch, and which version of it was sealed. */
export interface SealedAccountKey {
  readonly version: number;
  readonly bundles: repo.NewBundle[];
}

/** The gateway's bundles for `devices` at `epoch`: the latest account key, sealed to each device's X-Wing key. */
export async function custodialBundles(
  deps: SyncDeps,
  account: repo.AccountRow,
  devices: readonly repo.DeviceRow[],
  epoch: number,
): Promise<SealedAccountKey> {
  if (account.accountKeyName === null) throw new Error(`sync account ${account.id} has no custodial key`);
  const { key, version } = await deps.keys.privateKey(account.owner, account.accountKeyName, "kem");
  if (!(key instanceof KemPrivateKey)) throw new Error(`custodial key of ${account.id} is not a KEM key`);
  // No await between getting the cached handle and using it (see KeyCache).
  const bundles = devices.map((device) => {
    using recipient = deps.pq.importPublicKey("X-Wing", device.kemPublicKey);
    const sealed = deps.pq.sealPrivateKey(key, recipient, bundleAad(account.id, GATEWAY_SENDER, device.id, epoch));
    return { accountId: account.id, recipientId: device.id, epoch, senderId: GATEWAY_SENDER, sealed };
  });
  return { version, bundles };
}

/**
 * Whether `version` is still the latest account key, read inside the caller's transaction
 * after {@link repo.lockAccount}. Bundles are sealed before their transaction (PGlite runs one
 * statement at a time, so no query may run beside it), so a re-seal may rotate the key in
 * between: a bundle of the older version must then not be stored as this epoch's.
 */
export async function isLatestAccountKey(
  deps: SyncDeps,
  tx: Database,
  account: repo.AccountRow,
  version: number,
): Promise<boolean> {
  return (await deps.keys.latestVersion(account.owner, account.accountKeyName ?? "", tx)) === version;
}

/** Re-seal rounds before giving up (each lost round means another device became trusted meanwhile). */
const RESEAL_ROUNDS = 20;

/**
 * After an epoch bump: rotates the custodial key and stores the new version sealed to every
 * device still trusted. Runs after the revocation committed; if it fails, the next revocation
 * or an operator retry re-seals (devices then find no bundle for the epoch: 404, never an old key).
 *
 * Concurrent revocations each run this: the bundles are stored only while `epoch` is still the
 * account's (a later revocation's own re-seal covers the later epoch, and an older epoch's
 * bundles must not come back after that revocation deleted them), only for the exact set of
 * devices trusted at that moment, and only with the latest key version; else it seals again.
 */
export async function resealCustodial(deps: SyncDeps, account: repo.AccountRow, epoch: number): Promise<void> {
  if (account.accountKeyName === null) return;
  try {
    await deps.keys.rotate(account.owner, account.accountKeyName);
  } catch (error) {
    // Another re-seal's rotation won. Ours read the latest version after this revocation
    // committed, so the winner's version is newer than that commit too: it never reached the
    // revoked device (bundles are stored only for devices trusted at the epoch they are for).
    if (!(error instanceof KeyError && error.kind === "conflict")) throw error;
  }
  for (let round = 0; round < RESEAL_ROUNDS; round++) {
    const trusted = await trustedDevices(deps.db, account.id);
    const sealed = await custodialBundles(deps, account, trusted, epoch);
    const settled = await deps.db.transaction(async (tx: Database) => {
      if ((await repo.lockAccount(tx, account.id)).epoch !== epoch) return true;
      const now = await trustedDevices(tx, account.id);
      const same = now.length === trusted.length && now.every((d, i) => d.id === trusted[i]?.id);
      if (!same || !(await isLatestAccountKey(deps, tx, account, sealed.version))) return false;
      for (const bundle of sealed.bundles) await repo.upsertBundle(tx, bundle);
      return true;
    });
    if (settled) return;
  }
  throw new Error(`the account key of sync account ${account.id} could not be re-sealed: its devices kept changing`);
}

async function trustedDevices(db: Database, accountId: string): Promise<repo.DeviceRow[]> {
  return (await repo.listDevices(db, accountId)).filter((d) => d.status === "trusted");
}
