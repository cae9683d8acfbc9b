// The whole sync protocol through the device client against the real app: three devices
// linked by an approval chain, bundle sync, revocation with re-sealing for the new epoch,
// backups, and recovery from exactly t shares and from the password; then every row of every
// table is searched for device seeds, bundle plaintexts, the password, R, K and the shares.
// Once on PGlite, once on PostgreSQL; and a custodial account.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { and, eq } from "drizzle-orm";
import { ChainError } from "../../client/sync/mod.ts";
import { auditLog, syncBackups, syncDevices } from "../../src/db/schema/index.ts";
import { Postgres } from "../support/postgres.ts";
import { dumpDatabase, findSecrets } from "../support/scan.ts";
import { pq, random, recoveryMaterial, refused, type SyncHarness, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 120_000 };

/** The three-device scenario; returns what the scan must not find. */
async function threeDevices(h: SyncHarness): Promise<Record<string, Uint8Array>> {
  const { admin, client } = h;
  const account = await admin.createAccount("alice");
  assert.equal(account.epoch, 1);
  assert.match(account.bootstrapToken, /^pqb_[A-Za-z0-9_-]{43}$/);

  // Linking: the laptop is trusted through the bootstrap token, the phone approved by the
  // laptop, the tablet by the phone.
  const laptop = h.device("laptop");
  const phone = h.device("phone");
  const tablet = h.device("tablet");
  assert.equal(await client.register(account.id, laptop, account.bootstrapToken), "trusted");
  assert.equal(await client.register(account.id, phone), "verified");
  await client.approve(account.id, laptop, phone.registeredId, phone.fingerprint);
  assert.equal(await client.register(account.id, tablet), "verified");
  await client.approve(account.id, phone, tablet.registeredId, tablet.fingerprint);
  const linked = await client.account(account.id);
  assert.deepEqual(linked.devices.map((d) => [d.name, d.status, d.approval?.approverId]), [
    ["laptop", "trusted", "bootstrap"],
    ["phone", "trusted", laptop.id],
    ["tablet", "trusted", phone.id],
  ]);
  assert.match(laptop.fingerprint, /^[0-9A-F]{4}(-[0-9A-F]{4}){7}$/);

  // Bundle sync along the chain.
  const bundleV1 = random(96);
  laptop.bundle = bundleV1.slice();
  await client.sendBundle(account.id, laptop, phone.registeredId, bundleV1);
  assert.deepEqual(await client.fetchBundle(account.id, phone), bundleV1);
  await client.sendBundle(account.id, phone, tablet.registeredId, bundleV1);
  assert.deepEqual(await client.fetchBundle(account.id, tablet), bundleV1);

  // Revoke the phone: epoch 2, its bundles and its access gone; the laptop re-seals a new
  // bundle for the tablet, whose approval (epoch 1, before the phone's revocation) still holds.
  assert.equal(await client.revoke(account.id, laptop, phone.registeredId), 2);
  await refused(client.fetchBundle(account.id, phone), 403, "sync-device-revoked");
  await refused(client.fetchBundle(account.id, tablet), 404, "sync-bundle-not-found");
  const bundleV2 = random(96);
  laptop.bundle = bundleV2.slice();
  await client.sendBundle(account.id, laptop, tablet.registeredId, bundleV2);
  assert.deepEqual(await client.fetchBundle(account.id, tablet), bundleV2);
  // The client refuses to seal to a revoked device (the gateway would refuse too: bundles.test.ts).
  await assert.rejects(client.sendBundle(account.id, laptop, phone.registeredId, bundleV2), ChainError);

  // Backups of the current bundle, then recovery onto new devices.
  const shares = await client.backupWithShares(account.id, laptop, 3, 5);
  assert.equal(shares.length, 5);
  await client.backupWithPassword(account.id, laptop, PASSWORD);
  const spare = h.device("spare");
  assert.equal(await client.register(account.id, spare), "verified");
  const exactlyT = [shares[4], shares[1], shares[2]] as Uint8Array[];
  assert.deepEqual(await client.recoverWithShares(account.id, spare, exactlyT), bundleV2);
  const desk = h.device("desk");
  await client.register(account.id, desk);
  assert.deepEqual(await client.recoverWithPassword(account.id, desk, PASSWORD), bundleV2);
  const final = await client.account(account.id);
  assert.equal(final.epoch, 2);
  assert.deepEqual(final.devices.map((d) => [d.name, d.status, d.approval?.approverId ?? null]), [
    ["laptop", "trusted", "bootstrap"],
    ["phone", "revoked", laptop.id],
    ["tablet", "trusted", phone.id],
    ["spare", "trusted", "recovery:shares"],
    ["desk", "trusted", "recovery:password"],
  ]);
  // A recovered device is a full member: it can send to and receive from the others.
  await client.sendBundle(account.id, spare, desk.registeredId, bundleV2);
  assert.deepEqual(await client.fetchBundle(account.id, desk), bundleV2);

  assert.deepEqual(h.t.faults, []);
  // The audit trail names the account and device of every sync call, and its chain holds.
  const approvals = await h.t.db.select().from(auditLog).where(eq(auditLog.action, "sync.devices.approve"));
  assert.deepEqual(
    approvals.map((r) => [r.syncAccountId, r.syncDeviceId, r.outcome]),
    [[account.id, phone.id, "ok"], [account.id, tablet.id, "ok"]],
  );
  const [created] = await h.t.db.select().from(auditLog).where(eq(auditLog.action, "sync.accounts.create"));
  assert.equal(created?.syncAccountId, account.id);
  const verdict = await h.t.audit.verify();
  assert.ok(verdict.ok, JSON.stringify(verdict));
  return {
    bundleV1,
    bundleV2,
    password: new TextEncoder().encode(PASSWORD),
    bootstrapToken: new TextEncoder().encode(account.bootstrapToken),
    deviceToken: new TextEncoder().encode(h.deviceToken),
    ...Object.fromEntries(shares.map((share, i) => [`share${i}`, share])),
    ...Object.fromEntries(
      h.seeds.flatMap((
        s,
        i,
      ) => [[`mlDsaSeed${i}`, s.mlDsa], [`ed25519Seed${i}`, s.ed25519], [`xWingSeed${i}`, s.xWing]]),
    ),
    ...(await recoveryFromDatabase(h, account.id, shares)),
  };
}

const PASSWORD = "correct horse battery staple";

/** R, K and what they derive, with the password backup's KDF settings read from the database. */
async function recoveryFromDatabase(
  h: SyncHarness,
  accountId: string,
  shares: Uint8Array[],
): Promise<Record<string, Uint8Array>> {
  const [backup] = await h.t.db.select().from(syncBackups)
    .where(and(eq(syncBackups.accountId, accountId), eq(syncBackups.method, "password")));
  assert.ok(backup?.kdfSalt, "the password backup stores its salt");
  const params = {
    memoryKiB: backup.kdfMemoryKib ?? 0,
    iterations: backup.kdfIterations ?? 0,
    parallelism: backup.kdfParallelism ?? 0,
  };
  return recoveryMaterial(accountId, shares.slice(0, 3), PASSWORD, { salt: backup.kdfSalt, params });
}

/** Runs the scenario, then searches every row of every table for its secrets. */
async function scenarioAndScan(h: SyncHarness): Promise<void> {
  const secrets = await threeDevices(h);
  const cells = await dumpDatabase(h.t.db);
  assert.ok(cells.length > 100, `only ${cells.length} cells`);
  assert.deepEqual(findSecrets(cells, secrets), [], "no secret in the database");
  // The scan does find what is stored: a device's public key (positive control).
  const [device] = await h.t.db.select().from(syncDevices).limit(1);
  assert.ok(device !== undefined);
  assert.ok(findSecrets(cells, { publicKey: device.signingPublicKey }).length > 0);
  assert.ok(findSecrets(cells, { fingerprint: new TextEncoder().encode(device.fingerprint) }).length > 0);
}

test(
  "three devices: chain, bundles, revocation, re-seal, backup, recovery from t shares and password; no secret in the database",
  async () => {
    await using h = await syncHarness();
    await scenarioAndScan(h);
  },
  SLOW,
);

test("the same scenario and scan on PostgreSQL", async () => {
  await using server = await Postgres.start();
  await using h = await syncHarness({ databaseUrl: await server.createDatabase() });
  await scenarioAndScan(h);
}, SLOW);

test(
  "custodial account: the gateway seals its account key to each trusted device and rotates it on revocation",
  async () => {
    await using h = await syncHarness();
    const { admin, client } = h;
    const account = await admin.createAccount("family", { custodial: true });
    assert.equal(account.custodial, true);
    const a = h.device("a");
    const b = h.device("b");
    await client.register(account.id, a, account.bootstrapToken);
    const seedA = await client.fetchBundle(account.id, a);
    assert.equal(seedA.length, 32, "the bundle is the X-Wing seed of the account key");
    await client.register(account.id, b);
    await client.approve(account.id, a, b.registeredId, b.fingerprint);
    assert.deepEqual(await client.fetchBundle(account.id, b), seedA);
    // The sealed seed is the key the key service holds: its public key matches version 1.
    // It lives in the internal sync namespace, out of the key API's reach (issue 16 item 6).
    const key = await h.t.keys.internal("sync").get("", `sync-account-${account.id}`);
    using fromSeed = pq.keyFromSeed("X-Wing", seedA);
    assert.deepEqual(fromSeed.publicKey(), key.versions[0]?.publicKey);

    assert.equal(await admin.adminRevoke(account.id, b.registeredId), 2);
    await refused(client.fetchBundle(account.id, b), 403, "sync-device-revoked");
    const seedA2 = await client.fetchBundle(account.id, a);
    assert.notDeepEqual(seedA2, seedA, "a new epoch brings a new account key");
    const rotated = await h.t.keys.internal("sync").get("", `sync-account-${account.id}`);
    assert.equal(rotated.latestVersion, 2);
    assert.deepEqual(h.t.faults, []);
  },
  SLOW,
);
