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
import { bundleAad, GATEWAY_SENDER } from "../../protocol/sync.ts";
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

/** The gateway's bundle for `device` at `epoch`: the latest account key, sealed to the device's X-Wing key. */
export async function custodialBundle(
  deps: SyncDeps,
  account: repo.AccountRow,
  device: repo.DeviceRow,
  epoch: number,
): Promise<repo.NewBundle> {
  if (account.accountKeyName === null) throw new Error(`sync account ${account.id} has no custodial key`);
  const { key } = await deps.keys.privateKey(account.owner, account.accountKeyName, "kem");
  if (!(key instanceof KemPrivateKey)) throw new Error(`custodial key of ${account.id} is not a KEM key`);
  // No await between getting the cached handle and using it (see KeyCache).
  using recipient = deps.pq.importPublicKey("X-Wing", device.kemPublicKey);
  const sealed = deps.pq.sealPrivateKey(key, recipient, bundleAad(account.id, GATEWAY_SENDER, device.id, epoch));
  return { accountId: account.id, recipientId: device.id, epoch, senderId: GATEWAY_SENDER, sealed };
}

/**
 * After an epoch bump: rotates the custodial key and stores the new version sealed to every
 * device still trusted. Runs after the revocation committed; if it fails, the next revocation
 * or an operator retry re-seals (devices then find no bundle for the epoch: 404, never an old key).
 */
export async function resealCustodial(deps: SyncDeps, account: repo.AccountRow, epoch: number): Promise<void> {
  if (account.accountKeyName === null) return;
  await deps.keys.rotate(account.owner, account.accountKeyName);
  const trusted = (await repo.listDevices(deps.db, account.id)).filter((d) => d.status === "trusted");
  const bundles: repo.NewBundle[] = [];
  for (const device of trusted) bundles.push(await custodialBundle(deps, account, device, epoch));
  await deps.db.transaction(async (tx: Database) => {
    for (const bundle of bundles) await repo.upsertBundle(tx, bundle);
  });
}
