// Device signature schemes against the real HTTP API: a client from before schemes (declares
// none, signs scheme 1 with the old bytes, backs up with a scheme-1 verifier) still completes
// every flow; a mixed account (a scheme-1 device approves a scheme-2 one and the reverse) syncs,
// revokes, backs up and recovers; registration defaults to scheme 1 and refuses other values.

import { eq } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { deriveRecoveryKeys, type Device, sealBackup, SyncClient } from "../../client/sync/mod.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { fingerprint, kdfEncoding } from "../../src/common/sync.ts";
import { syncBackups, syncDevices } from "../../src/db/schema/index.ts";
import { expectProblem } from "../routes/support.ts";
import { pq, random, raw, refused, registration, type SyncHarness, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };

/**
 * A client as it was before schemes: the shipped client with every `signatureScheme` removed
 * from what it sends (its scheme-1 devices then sign exactly the old bytes).
 */
function oldClient(h: SyncHarness): SyncClient {
  const send = (url: string, init: RequestInit) => {
    if (typeof init.body !== "string") return h.t.app.request(url, init);
    const { signatureScheme: _, ...body } = JSON.parse(init.body);
    return h.t.app.request(url, { ...init, body: JSON.stringify(body) });
  };
  return new SyncClient(pq, "http://gateway", h.deviceToken, send);
}

/** A shares backup as an old client stored it: a scheme-1 verifier key, no `verifierScheme` sent. */
async function oldSharesBackup(h: SyncHarness, accountId: string, device: Device): Promise<Uint8Array[]> {
  const r = random(32);
  const shares = pq.shamirSplit(r, 2, 3);
  const challenge = await raw(h).challenge(accountId, device, "backup");
  using keys = deriveRecoveryKeys(pq, r, accountId, 1);
  const blob = sealBackup(pq, keys.backupKey, accountId, "shares", challenge.epoch, device.bundle ?? new Uint8Array());
  const signature = device.sign({
    kind: "backup",
    nonce: challenge.nonce,
    accountId,
    epoch: challenge.epoch,
    deviceId: device.registeredId,
    method: "shares",
    blobDigest: pq.hash("SHA-256", blob),
    verifierPublicKey: keys.verifier.publicKey,
    kdf: kdfEncoding({ method: "shares", threshold: 2, shareCount: 3 }),
    verifierScheme: 1,
  });
  const res = await h.t.call("PUT", `/v1/sync/accounts/${accountId}/backups/shares`, {
    deviceId: device.registeredId,
    challengeId: challenge.id,
    signature: toBase64Url(signature),
    blob: toBase64Url(blob),
    verifierPublicKey: toBase64Url(keys.verifier.publicKey),
    threshold: 2,
    shareCount: 3,
  }, h.deviceToken);
  assert.equal(res.status, 200, await res.text());
  return shares;
}

test("a client from before schemes: scheme-1 devices link, sync, revoke, back up and recover", async () => {
  await using h = await syncHarness();
  const client = oldClient(h);
  const account = await h.admin.createAccount("old");
  const [a, b, c, spare] = ["a", "b", "c", "spare"].map((name) => h.device(name, { signatureScheme: 1 })) as [
    Device,
    Device,
    Device,
    Device,
  ];
  assert.equal(await client.register(account.id, a, account.bootstrapToken), "trusted");
  await client.register(account.id, b);
  await client.approve(account.id, a, b.registeredId, b.fingerprint);
  await client.register(account.id, c);
  await client.approve(account.id, b, c.registeredId, c.fingerprint);
  a.bundle = random(48);
  await client.sendBundle(account.id, a, b.registeredId, a.bundle);
  assert.deepEqual(await client.fetchBundle(account.id, b), a.bundle);
  await client.sendBundle(account.id, b, c.registeredId, a.bundle);
  assert.deepEqual(await client.fetchBundle(account.id, c), a.bundle);
  assert.equal(await client.revoke(account.id, a, c.registeredId), 2);
  await refused(client.fetchBundle(account.id, c), 403, "sync-device-revoked");

  const shares = await oldSharesBackup(h, account.id, a);
  await client.register(account.id, spare);
  assert.deepEqual(await client.recoverWithShares(account.id, spare, shares.slice(1)), a.bundle);
  // The recovered device's chain runs through the scheme-1 verifier and a's backup statement.
  await client.sendBundle(account.id, b, spare.registeredId, new Uint8Array([9]));
  assert.deepEqual(await client.fetchBundle(account.id, spare), new Uint8Array([9]));

  // Every row says scheme 1, and the fingerprints are those of before schemes.
  const rows = await h.t.db.select().from(syncDevices).where(eq(syncDevices.accountId, account.id));
  assert.deepEqual(rows.map((r) => r.signatureScheme), [1, 1, 1, 1]);
  assert.deepEqual(rows.find((r) => r.id === spare.id)?.recoveryVerifierScheme, 1);
  const [backup] = await h.t.db.select().from(syncBackups).where(eq(syncBackups.accountId, account.id));
  assert.equal(backup?.verifierScheme, 1);
  const listed = await client.account(account.id);
  for (const device of [a, b, c, spare]) {
    const shown = listed.devices.find((d) => d.id === device.id);
    assert.equal(shown?.signatureScheme, 1);
    const old = fingerprint((d) => pq.hash("SHA-256", d), device.signingPublicKey, device.kemPublicKey, 1);
    assert.equal(shown?.fingerprint, old);
  }
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("a mixed account: scheme 1 approves 2, 2 approves 1; sync, revoke, backup, recovery onto both", async () => {
  await using h = await syncHarness();
  const { client } = h;
  const account = await h.admin.createAccount("mixed");
  const a = h.device("a", { signatureScheme: 1 });
  const b = h.device("b");
  const c = h.device("c", { signatureScheme: 1 });
  const d = h.device("d");
  assert.equal(await client.register(account.id, a, account.bootstrapToken), "trusted");
  await client.register(account.id, b);
  await client.approve(account.id, a, b.registeredId, b.fingerprint);
  await client.register(account.id, c);
  await client.approve(account.id, b, c.registeredId, c.fingerprint);
  await client.register(account.id, d);
  await client.approve(account.id, c, d.registeredId, d.fingerprint);
  a.bundle = random(32);
  for (const [from, to] of [[a, b], [b, c], [c, d], [d, a]] as const) {
    await client.sendBundle(account.id, from, to.registeredId, a.bundle);
    assert.deepEqual(await client.fetchBundle(account.id, to), a.bundle, `${from.name} → ${to.name}`);
  }
  // Revoking c (scheme 1) leaves d, which c approved at epoch 1, trusted.
  assert.equal(await client.revoke(account.id, b, c.registeredId), 2);
  await client.sendBundle(account.id, a, d.registeredId, a.bundle);
  assert.deepEqual(await client.fetchBundle(account.id, d), a.bundle);

  // A scheme-1 device backs up (with a scheme-2 verifier, as the client now makes them); devices
  // of both schemes recover from it and trust each other through it.
  const shares = await client.backupWithShares(account.id, a, 2, 3);
  await client.backupWithPassword(account.id, b, "mixed password");
  const e = h.device("e");
  const f = h.device("f", { signatureScheme: 1 });
  await client.register(account.id, e);
  await client.register(account.id, f);
  assert.deepEqual(await client.recoverWithShares(account.id, e, shares.slice(0, 2)), a.bundle);
  assert.deepEqual(await client.recoverWithPassword(account.id, f, "mixed password"), a.bundle);
  await client.sendBundle(account.id, e, f.registeredId, new Uint8Array([4]));
  assert.deepEqual(await client.fetchBundle(account.id, f), new Uint8Array([4]));
  await client.sendBundle(account.id, f, e.registeredId, new Uint8Array([5]));
  assert.deepEqual(await client.fetchBundle(account.id, e), new Uint8Array([5]));

  const listed = await client.account(account.id);
  assert.deepEqual(listed.devices.map((x) => [x.name, x.status, x.signatureScheme]), [
    ["a", "trusted", 1],
    ["b", "trusted", 2],
    ["c", "revoked", 1],
    ["d", "trusted", 2],
    ["e", "trusted", 2],
    ["f", "trusted", 1],
  ]);
  assert.deepEqual(listed.backups.map((x) => [x.method, x.statement?.verifierScheme]), [["password", 2], [
    "shares",
    2,
  ]]);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("registration: signatureScheme absent is 1, shown in the device view; anything but 1 or 2 is 400", async () => {
  await using h = await syncHarness();
  const account = await h.admin.createAccount("acct");
  const api = raw(h);
  const device = h.device("d");
  const { signatureScheme: _, ...body } = registration(device);
  const sha256 = (x: Uint8Array) => pq.hash("SHA-256", x);
  const absent = await api.post(`${account.id}/devices`, body);
  assert.equal(absent.status, 201);
  const registered = await absent.json();
  assert.equal(registered.signatureScheme, 1);
  assert.equal(registered.fingerprint, fingerprint(sha256, device.signingPublicKey, device.kemPublicKey, 1));
  const two = await (await api.post(`${account.id}/devices`, { ...body, signatureScheme: 2 })).json();
  assert.equal(two.signatureScheme, 2);
  assert.equal(two.fingerprint, device.fingerprint);
  for (const signatureScheme of [0, 3, "2", null]) {
    await expectProblem(await api.post(`${account.id}/devices`, { ...body, signatureScheme }), 400, "validation");
  }
  const view = await (await h.t.call("GET", `/v1/sync/accounts/${account.id}`, undefined, h.deviceToken)).json();
  assert.deepEqual(view.devices.map((x: { signatureScheme: number }) => x.signatureScheme), [1, 2]);
  assert.deepEqual(h.t.faults, []);
}, SLOW);
