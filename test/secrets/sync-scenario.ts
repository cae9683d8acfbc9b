/**
 * The sync half of the hygiene scenario, through the device client over HTTP: an account, a
 * device trusted by the bootstrap token and one approved by it, a bundle between them, backups
 * under a password and under Shamir shares, and recovery onto two new devices from each. Device
 * seeds, bundles, the password, shares, R and K stay on the client: the gateway never sees them.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { Device, SyncClient } from "../../client/sync/mod.ts";
import { GatewayHttp, unb64 } from "../../client/sync/http.ts";
import { recoveryChallenge } from "../../client/sync/requests.ts";
import assert from "../support/assert.ts";
import { pq, random, recoveryMaterial } from "../sync/support.ts";
import { createToken } from "./keys-scenario.ts";
import type { SecretLedger } from "./ledger.ts";
import type { RecordingClient } from "./recorder.ts";

/** Runs the sync scenario. */
export async function syncScenario(http: RecordingClient, ledger: SecretLedger): Promise<void> {
  const admin = new SyncClient(pq, http.url, await createToken(http, ledger, "sync-admin", ["sync:admin"]), http.send);
  const deviceToken = await createToken(http, ledger, "sync-device", ["sync:device"]);
  const client = new SyncClient(pq, http.url, deviceToken, http.send);
  const account = await admin.createAccount("alice");
  // The account creation, the last response so far, is the one that hands the bootstrap token out.
  ledger.addToken("bootstrap token", account.bootstrapToken, [http.responses.at(-1)?.where ?? ""]);

  const devices: Device[] = [];
  const device = (name: string) => {
    const seeds = { mlDsa: random(32), ed25519: random(32), xWing: random(32) };
    for (const [kind, seed] of Object.entries(seeds)) ledger.add(`${name} ${kind} seed`, seed, { clientOnly: true });
    devices.push(Device.fromSeeds(pq, name, seeds));
    return devices.at(-1) as Device;
  };
  try {
    const laptop = device("laptop");
    const phone = device("phone");
    assert.equal(await client.register(account.id, laptop, account.bootstrapToken), "trusted");
    assert.equal(await client.register(account.id, phone), "verified");
    await client.approve(account.id, laptop, phone.registeredId, phone.fingerprint);

    const bundle = random(96);
    ledger.add("bundle", bundle, { clientOnly: true });
    laptop.bundle = bundle.slice();
    await client.sendBundle(account.id, laptop, phone.registeredId, bundle);
    assert.deepEqual(await client.fetchBundle(account.id, phone), bundle);

    const password = `pw-${Buffer.from(random(12)).toString("base64url")}`;
    ledger.add("password", password, { clientOnly: true });
    const shares = await client.backupWithShares(account.id, laptop, 3, 5);
    shares.forEach((share, i) => ledger.add(`share ${i}`, share, { clientOnly: true }));
    await client.backupWithPassword(account.id, laptop, password);

    const spare = device("spare");
    assert.equal(await client.register(account.id, spare), "verified");
    assert.deepEqual(
      await client.recoverWithShares(account.id, spare, [shares[4], shares[1], shares[2]] as Uint8Array[]),
      bundle,
    );
    const desk = device("desk");
    await client.register(account.id, desk);
    assert.deepEqual(await client.recoverWithPassword(account.id, desk, password), bundle);

    // R, K and the keys they derive, with the password backup's salt as a recovering device sees it.
    const tablet = device("tablet");
    await client.register(account.id, tablet);
    const challenge = await recoveryChallenge(
      new GatewayHttp(http.url, deviceToken, http.send),
      account.id,
      "password",
      tablet.registeredId,
    );
    assert.ok(challenge.kdf !== null);
    const { salt, ...params } = challenge.kdf;
    const material = recoveryMaterial(account.id, shares.slice(0, 3), password, { salt: unb64(salt), params });
    for (const [label, secret] of Object.entries(material)) ledger.add(label, secret, { clientOnly: true });
  } finally {
    for (const d of devices) d[Symbol.dispose]();
  }
}
