// Key lifecycle beyond create/rotate: BYOK import, scheduled deletion with a grace period
// (private use refused meanwhile, cancel restores it, the sweep deletes), and batches with
// per-item results.

import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { freshPglite } from "../support/database.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { KeyError } from "../../src/services/keys/errors.ts";
import { KeyCache } from "../../src/services/keys/key-cache.ts";
import { KeyService } from "../../src/services/keys/key-service.ts";
import { expectProblem, testApp } from "./support.ts";

const pq = loadPqgate();
const message = toBase64Url(new TextEncoder().encode("batch me"));

test("BYOK: an imported seed becomes version 1 with the matching public key; bad keys are 422", async () => {
  await using t = await testApp({ allowPlaintextImport: true });
  const seed = pq.randomBytes(32);
  using expected = pq.keyFromSeed("ML-DSA-44", seed);
  const res = await t.call("POST", "/v1/keys/import", {
    name: "byok",
    algorithm: "ML-DSA-44",
    privateKey: toBase64Url(seed),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const key = await res.json();
  assert.deepEqual(fromBase64Url(key.versions[0].publicKey), expected.publicKey());
  const signed = await (await t.call("POST", "/v1/keys/byok/sign", { message })).json();
  assert.ok(
    expected.verify(fromBase64Url(message) ?? new Uint8Array(), fromBase64Url(signed.signature) ?? new Uint8Array()),
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/import", {
      name: "bad",
      algorithm: "ML-DSA-44",
      privateKey: toBase64Url(new Uint8Array(31)),
    }),
    422,
    "invalid-crypto-input",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/import", { name: "p256", algorithm: "ECDSA-P256", privateKey: toBase64Url(seed) }),
    422,
    "unsupported-algorithm",
  );
  assert.deepEqual(t.faults, []);
});

test("scheduled deletion: refused unless allowed; private use stops, verify goes on; cancel restores", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "temp", algorithm: "Ed25519" });
  const signed = await (await t.call("POST", "/v1/keys/temp/sign", { message })).json();
  await expectProblem(await t.call("POST", "/v1/keys/temp/deletion", {}), 409, "deletion-not-allowed");
  await t.call("PATCH", "/v1/keys/temp/config", { deletionAllowed: true });
  const scheduled = await (await t.call("POST", "/v1/keys/temp/deletion", { graceSeconds: 3600 })).json();
  assert.ok(Date.parse(scheduled.deletionAfter) > Date.now() + 3500_000);
  await expectProblem(await t.call("POST", "/v1/keys/temp/sign", { message }), 409, "key-pending-deletion");
  const verdict = await t.call("POST", "/v1/keys/temp/verify", { message, signature: signed.signature });
  assert.deepEqual(await verdict.json(), { valid: true, version: 1 });
  const cancelled = await (await t.call("DELETE", "/v1/keys/temp/deletion")).json();
  assert.equal(cancelled.deletionAfter, null);
  assert.equal((await t.call("POST", "/v1/keys/temp/sign", { message })).status, 200);
});

test("the deletion sweep removes keys whose grace period is over, and only those", async () => {
  using dir = tempDir();
  const database = await freshPglite();
  using keystore = pq.openKeystore({ backend: "software", dir: join(dir.path, "keys") });
  let now = new Date();
  using cache = new KeyCache(8);
  const keys = new KeyService({ db: database.db, pq, keystore, clock: { now: () => now }, cache });
  try {
    for (const name of ["doomed", "kept"]) {
      await keys.create({ owner: "", name, algorithm: "X25519", deletionAllowed: true });
    }
    await keys.scheduleDeletion("", "doomed", 600);
    assert.equal((await keys.purgeDue()).deleted, 0, "not before the grace period ends");
    now = new Date(now.getTime() + 601_000);
    assert.equal((await keys.purgeDue()).deleted, 1);
    await assert.rejects(keys.get("", "doomed"), (e: unknown) => e instanceof KeyError && e.kind === "key-not-found");
    assert.equal((await keys.get("", "kept")).name, "kept");
  } finally {
    await database.close();
  }
});

test("batches report each item on its own: one bad item does not fail the others", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "batch", algorithm: "ML-DSA-65" });
  const res = await t.call("POST", "/v1/keys/batch/sign-batch", {
    items: [{ message }, { message, version: 7 }, { message, deterministic: true }],
  });
  assert.equal(res.status, 200);
  const { results } = await res.json();
  assert.equal(results.length, 3);
  assert.equal(results[0].ok, true);
  assert.equal(results[1].ok, false);
  assert.equal(results[1].problem.type, "urn:pqgate:problem:version-not-found");
  assert.equal(results[2].ok, true);
  const verified = await (await t.call("POST", "/v1/keys/batch/verify-batch", {
    items: [
      { message, signature: results[0].signature },
      { message, signature: toBase64Url(new Uint8Array(3309)) },
      { message, signature: toBase64Url(new Uint8Array(5)) },
    ],
  })).json();
  assert.deepEqual(verified.results.slice(0, 2), [{ ok: true, valid: true, version: 1 }, {
    ok: true,
    valid: false,
    version: 1,
  }]);
  assert.equal(verified.results[2].problem.type, "urn:pqgate:problem:invalid-crypto-input");
  const tooMany = { items: Array.from({ length: 101 }, () => ({ message })) };
  await expectProblem(await t.call("POST", "/v1/keys/batch/sign-batch", tooMany), 400, "validation");
  assert.deepEqual(t.faults, []);
});

test("auto-rotation: keys whose latest version outlived their period get a new version", async () => {
  using dir = tempDir();
  const database = await freshPglite();
  using keystore = pq.openKeystore({ backend: "software", dir: join(dir.path, "keys") });
  let now = new Date();
  using cache = new KeyCache(8);
  const keys = new KeyService({ db: database.db, pq, keystore, clock: { now: () => now }, cache });
  try {
    await keys.create({ owner: "", name: "hourly", algorithm: "ML-KEM-512", autoRotateSeconds: 3600 });
    await keys.create({ owner: "", name: "manual", algorithm: "ML-KEM-512" });
    assert.equal(await keys.rotateDue(), 0, "not yet due");
    now = new Date(now.getTime() + 3601_000);
    assert.equal(await keys.rotateDue(), 1);
    assert.equal((await keys.get("", "hourly")).latestVersion, 2);
    assert.equal((await keys.get("", "manual")).latestVersion, 1);
    now = new Date(); // versions are stamped by the database clock: back to real time
    assert.equal(await keys.rotateDue(), 0, "the new version restarts the period");
  } finally {
    await database.close();
  }
});

test("BYOK: the service wipes the caller's private-key buffer once imported, and when it refuses", async () => {
  using dir = tempDir();
  const database = await freshPglite();
  using keystore = pq.openKeystore({ backend: "software", dir: join(dir.path, "keys") });
  using cache = new KeyCache(8);
  const keys = new KeyService({ db: database.db, pq, keystore, clock: { now: () => new Date() }, cache });
  try {
    const seed = pq.randomBytes(32);
    using expected = pq.keyFromSeed("ML-DSA-44", seed);
    const imported = await keys.import({ owner: "", name: "wiped", algorithm: "ML-DSA-44", privateKey: seed });
    assert.deepEqual(imported.versions[0]?.publicKey, expected.publicKey());
    assert.deepEqual(seed, new Uint8Array(32), "the seed buffer is zeroed");
    for (const [algorithm, bytes] of [["ML-DSA-44", 31], ["ECDSA-P256", 32]] as const) {
      const refused = pq.randomBytes(bytes);
      await assert.rejects(keys.import({ owner: "", name: `bad-${bytes}`, algorithm, privateKey: refused }));
      assert.deepEqual(refused, new Uint8Array(bytes), `${algorithm}: a refused key is zeroed too`);
    }
  } finally {
    await database.close();
  }
});
