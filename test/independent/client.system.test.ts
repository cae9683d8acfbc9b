// The independent minimal client (test/independent/client.ts: written from
// docs/sync-protocol.md and its vectors, on @noble only) drives the whole device-sync flow
// against the real gateway app over HTTP: register, possession with the bootstrap token,
// possession and approval of a second device, a bundle checked through the chain, revocation
// (epoch 2), a password backup and a 3-of-5 Shamir backup, and recovery of two new devices.
// Only the gateway is set up with project code (test/routes/support.ts); the client imports none.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { testApp } from "../routes/support.ts";
import { chainVerifies, Http, IndependentClient, IndependentDevice, Refused } from "./client.ts";

const SLOW = { timeoutMs: 300_000 };
const utf8 = (s: string) => new TextEncoder().encode(s);

test("an independent client completes register, approval, bundles, revocation, backups and recovery", async () => {
  await using t = await testApp();
  const token = async (scopes: ("sync:admin" | "sync:device")[]) =>
    (await t.tokens.create("", { name: scopes.join(","), scopes, keyPattern: "*" })).secret;
  const send = async (url: string, init: RequestInit) => await t.app.request(url, init);
  const admin = new Http("http://gateway", await token(["sync:admin"]), send);
  const client = new IndependentClient(new Http("http://gateway", await token(["sync:device"]), send));

  const account = await admin.call("POST", "", { name: "alice" });
  const laptop = new IndependentDevice("laptop");
  const phone = new IndependentDevice("phone", 1); // a scheme-1 device too
  assert.equal(await client.register(account.id, laptop, account.bootstrapToken), "trusted");
  assert.equal(await client.register(account.id, phone), "verified");
  assert.equal(await client.approve(account.id, laptop, phone.id, phone.fingerprint), "trusted");
  let listing = await client.account(account.id);
  assert.ok(chainVerifies(listing, laptop.id) && chainVerifies(listing, phone.id));

  const bundle = utf8("account key v1");
  await client.send(account.id, laptop, phone.id, bundle);
  assert.deepEqual(await client.fetch(account.id, phone), bundle);
  await client.send(account.id, phone, laptop.id, bundle);
  assert.deepEqual(await client.fetch(account.id, laptop), bundle);

  // Revocation: epoch 2, the old epoch's bundle is gone, the revoked device is refused.
  assert.equal(await client.revoke(account.id, laptop, phone.id), 2);
  await assert.rejects(client.fetch(account.id, phone), (e: unknown) => {
    assert.ok(e instanceof Refused);
    assert.equal(e.kind, "sync-device-revoked");
    return true;
  });
  listing = await client.account(account.id);
  assert.equal(listing.epoch, 2);
  assert.equal(chainVerifies(listing, phone.id), false);

  // Backups at epoch 2 and recovery onto new devices.
  const rotated = utf8("account key v2");
  await client.backupWithPassword(account.id, laptop, "correct horse battery staple", rotated);
  const shares = await client.backupWithShares(account.id, laptop, 3, 5, rotated);
  const desk = new IndependentDevice("desk");
  assert.equal(await client.register(account.id, desk), "verified");
  await assert.rejects(client.recover(account.id, desk, "password", "wrong"), (e: unknown) => {
    assert.ok(e instanceof Refused);
    assert.equal(e.kind, "sync-recovery-proof-invalid");
    return true;
  });
  assert.deepEqual(await client.recover(account.id, desk, "password", "correct horse battery staple"), rotated);
  const tablet = new IndependentDevice("tablet");
  assert.equal(await client.register(account.id, tablet), "verified");
  assert.deepEqual(await client.recover(account.id, tablet, "shares", [shares[4]!, shares[0]!, shares[2]!]), rotated);

  // Devices trusted through recovery verify through their backup statements; a bundle to one.
  listing = await client.account(account.id);
  assert.ok(chainVerifies(listing, desk.id) && chainVerifies(listing, tablet.id));
  await client.send(account.id, desk, tablet.id, rotated);
  assert.deepEqual(await client.fetch(account.id, tablet), rotated);
  assert.deepEqual(t.faults, []);
}, SLOW);
