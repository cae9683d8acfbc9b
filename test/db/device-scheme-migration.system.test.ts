// Migration 0009 (device_signature_scheme) on a database that already holds a sync account: its
// rows, signed by scheme-1 devices and a scheme-1 verifier key exactly as before schemes existed,
// become scheme 1, and the real app and client still verify every stored statement (bootstrap
// possession, approval, backup statement, recover proof) and keep working with them.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { sql } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { deriveRecoveryKeys, Device, sealBackup, verifiedBackup, verifiedDevice } from "../../client/sync/mod.ts";
import { backupStatementOf, kdfEncoding, type Statement } from "../../src/common/sync.ts";
import { pq, random, syncHarness } from "../sync/support.ts";
import { migrationsBefore } from "./migrations-before.ts";

const TAG = "0009_device_signature_scheme";

/** What an account stored before 0009 holds: a, b approved by a, c recovered from a's shares backup. */
async function fillLegacyAccount(client: PGlite, accountId: string, devices: Record<"a" | "b" | "c", Device>) {
  const { a, b, c } = devices;
  const ids = { a: crypto.randomUUID(), b: crypto.randomUUID(), c: crypto.randomUUID() };
  const keys = (d: Device) => ({
    signingPublicKey: d.signingPublicKey,
    kemPublicKey: d.kemPublicKey,
    signatureScheme: 1 as const,
  });
  await client.query(
    `INSERT INTO sync_accounts (id, owner, name, custodial, bootstrap_hash, bootstrap_expires_at, bootstrap_used_at)
     VALUES ($1, '', 'legacy', false, $2, now(), now())`,
    [accountId, random(32)],
  );
  const insertDevice = async (
    device: Device,
    id: string,
    approverId: string,
    statement: Statement,
    by: { sign(s: Statement): Uint8Array },
    proof: unknown[] = [null, null, null, null, null, null, null],
  ) => {
    await client.query(
      `INSERT INTO sync_devices (id, account_id, name, status, signing_public_key, kem_public_key, fingerprint,
         approver_id, approval_epoch, approval_nonce, approval_signature, recovery_uploader_id, recovery_backup_epoch,
         recovery_blob_digest, recovery_verifier_public_key, recovery_kdf, recovery_backup_nonce, recovery_backup_signature)
       VALUES ($1, $2, $3, 'trusted', $4, $5, $6, $7, 1, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        id,
        accountId,
        device.name,
        device.signingPublicKey,
        device.kemPublicKey,
        device.fingerprint,
        approverId,
        statement.nonce,
        by.sign(statement),
        ...proof,
      ],
    );
  };
  const possession: Statement = { kind: "possession", nonce: random(32), accountId, deviceId: ids.a, ...keys(a) };
  await insertDevice(a, ids.a, "bootstrap", possession, a);
  const approve: Statement = {
    kind: "approve",
    nonce: random(32),
    accountId,
    epoch: 1,
    approverId: ids.a,
    deviceId: ids.b,
    ...keys(b),
  };
  await insertDevice(b, ids.b, ids.a, approve, a);

  const r = random(32);
  const shares = pq.shamirSplit(r, 2, 2);
  using recovery = deriveRecoveryKeys(pq, r, accountId, 1);
  const blob = sealBackup(pq, recovery.backupKey, accountId, "shares", 1, new Uint8Array([1, 2, 3]));
  const backup = {
    uploaderId: ids.a,
    epoch: 1,
    method: "shares" as const,
    blobDigest: pq.hash("SHA-256", blob),
    verifierPublicKey: recovery.verifier.publicKey,
    verifierScheme: 1 as const,
    kdf: kdfEncoding({ method: "shares", threshold: 2, shareCount: 2 }),
    nonce: random(32),
  };
  const backupSignature = a.sign(backupStatementOf(accountId, { ...backup, signature: new Uint8Array() }));
  await client.query(
    `INSERT INTO sync_backups (account_id, method, blob, verifier_public_key, threshold, share_count, device_id, epoch,
       statement_nonce, statement_signature)
     VALUES ($1, 'shares', $2, $3, 2, 2, $4, 1, $5, $6)`,
    [accountId, blob, backup.verifierPublicKey, ids.a, backup.nonce, backupSignature],
  );
  const recover: Statement = {
    kind: "recover",
    nonce: random(32),
    accountId,
    method: "shares",
    deviceId: ids.c,
    ...keys(c),
  };
  await insertDevice(c, ids.c, "recovery:shares", recover, recovery.verifier, [
    ids.a,
    1,
    backup.blobDigest,
    backup.verifierPublicKey,
    backup.kdf,
    backup.nonce,
    backupSignature,
  ]);
  return { ids, shares };
}

test("migration 0009: stored scheme-1 statements still verify, in the gateway and in the client", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pqgate-device-scheme-migration-"));
  const dataDir = join(dir, "pg");
  const accountId = crypto.randomUUID();
  using a = Device.generate(pq, "a", { signatureScheme: 1 });
  using b = Device.generate(pq, "b", { signatureScheme: 1 });
  using c = Device.generate(pq, "c", { signatureScheme: 1 });
  try {
    const client = await PGlite.create(dataDir);
    let stored: Awaited<ReturnType<typeof fillLegacyAccount>>;
    try {
      await migrate(drizzle({ client }), { migrationsFolder: migrationsBefore(dir, TAG) });
      stored = await fillLegacyAccount(client, accountId, { a, b, c });
    } finally {
      await client.close();
    }
    // The app migrates the database to the latest schema as it opens it.
    await using h = await syncHarness({ dataDir });
    [a.id, b.id, c.id] = [stored.ids.a, stored.ids.b, stored.ids.c];
    const account = await h.client.account(accountId);
    assert.deepEqual(account.devices.map((d) => [d.name, d.signatureScheme]), [["a", 1], ["b", 1], ["c", 1]]);
    assert.equal(account.devices.find((d) => d.name === "c")?.approval?.backup?.verifierScheme, 1);
    for (const id of Object.values(stored.ids)) verifiedDevice(pq, account, id);
    assert.equal(verifiedBackup(pq, account, "shares").statement.verifierScheme, 1);

    // The migrated devices keep signing scheme 1, and the gateway keeps accepting it.
    a.bundle = new Uint8Array([7, 7]);
    await h.client.sendBundle(accountId, a, c.registeredId, a.bundle);
    assert.deepEqual(await h.client.fetchBundle(accountId, c), a.bundle);
    // A scheme-2 device joins: approved by a scheme-1 one, then recovered through the old backup too.
    const d = h.device("d");
    await h.client.register(accountId, d);
    await h.client.approve(accountId, b, d.registeredId, d.fingerprint);
    await h.client.sendBundle(accountId, d, b.registeredId, new Uint8Array([8]));
    assert.deepEqual(await h.client.fetchBundle(accountId, b), new Uint8Array([8]));
    const e = h.device("e");
    await h.client.register(accountId, e);
    assert.deepEqual(await h.client.recoverWithShares(accountId, e, stored.shares), new Uint8Array([1, 2, 3]));
    await h.client.sendBundle(accountId, c, e.registeredId, new Uint8Array([9]));
    assert.deepEqual(await h.client.fetchBundle(accountId, e), new Uint8Array([9]));
    await assert.rejects(
      h.t.db.execute(sql`UPDATE sync_devices SET signature_scheme = 3`),
      "only schemes 1 and 2",
    );
    assert.deepEqual(h.t.faults, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 120_000 });
