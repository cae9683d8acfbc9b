// Attack replays on key bindings (issue 16, item 9) against the real HTTP API (PGlite, software
// keystore, real crypto): a database writer copies or swaps a column of a key's rows. Before
// the binding MAC, /verify trusted a swapped public key, GET showed it (clients would encrypt to
// it), a moved owner or swapped name signed with another key. Each now gets
// `key-integrity-failed`, never a result from the wrong key. Device references (PKCS#11) are in
// bindings-native.system.test.ts.

import { asc, eq, sql } from "drizzle-orm";
import { loadPqgate } from "../../ffi/mod.ts";
import { composeServices } from "../../src/bootstrap/compose.ts";
import { createApp } from "../../src/app.ts";
import { keyBindingKey, keys, keyVersions } from "../../src/db/schema/index.ts";
import { sqlState } from "../../src/db/errors.ts";
import { auditRowsAfter } from "../../src/db/audit.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { systemClock } from "../../src/common/clock.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";

const SLOW = { timeoutMs: 120_000 };
const pq = loadPqgate();
const message = toBase64Url(new TextEncoder().encode("pay 100 to mallory"));
type Json = Record<string, unknown>;

async function create(t: TestApp, name: string, algorithm = "Ed25519", extra: Json = {}): Promise<Json> {
  const res = await t.call("POST", "/v1/keys", { name, algorithm, ...extra });
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json() as Json;
}

async function sign(t: TestApp, name: string, token?: string): Promise<Response> {
  return await t.call("POST", `/v1/keys/${name}/sign`, { message }, token);
}

/** Asserts `res` is the integrity refusal naming `name`'s `version`; never a result. */
async function refused(res: Response, name: string, version = 1): Promise<void> {
  const body = await expectProblem(res, 409, "key-integrity-failed");
  assert.match(String(body.detail), new RegExp(`version ${version} of key ${name} `));
  assert.equal(body.signature, undefined);
}

async function keyId(t: TestApp, name: string): Promise<string> {
  const [row] = await t.db.select({ id: keys.id }).from(keys).where(eq(keys.name, name));
  assert.ok(row !== undefined);
  return row.id;
}

async function versionOf(t: TestApp, name: string) {
  const [row] = await t.db.select().from(keyVersions).where(eq(keyVersions.keyId, await keyId(t, name)));
  assert.ok(row !== undefined);
  return row;
}

/** A second process on the same database and keystore: fresh key bindings, cache and app. */
async function restart(t: TestApp) {
  const services = composeServices({
    db: t.db,
    pq,
    keystore: t.keystore,
    clock: systemClock,
    rate: { perSecond: 1000, burst: 1000 },
    anonymousRate: { perSecond: 1000, burst: 1000 },
    keyCacheCapacity: 16,
  });
  const admin = (await services.tokens.create("", { name: "restart-admin", scopes: SCOPES, keyPattern: "*" })).secret;
  const app = createApp({ native: pq, keystore: t.keystore, api: services, keyBindings: services.keys.bindings });
  const call = (method: string, path: string, body?: unknown) =>
    Promise.resolve(app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
  return { services, app, call, [Symbol.dispose]: () => services[Symbol.dispose]() };
}

test("attack: a public key copied from another key is refused by verify, GET, list and private use", async () => {
  await using t = await testApp();
  await create(t, "victim");
  await create(t, "forged");
  const victimSignature = (await (await sign(t, "victim")).json() as Json).signature;
  await t.db.update(keyVersions).set({ publicKey: (await versionOf(t, "victim")).publicKey })
    .where(eq(keyVersions.keyId, await keyId(t, "forged")));

  await refused(await t.call("POST", "/v1/keys/forged/verify", { message, signature: victimSignature }), "forged");
  await refused(await t.call("GET", "/v1/keys/forged"), "forged");
  await refused(await t.call("GET", "/v1/keys"), "forged");
  await refused(await sign(t, "forged"), "forged");
  // The victim is untouched.
  assert.equal((await t.call("GET", "/v1/keys/victim")).status, 200);
  const verified = await t.call("POST", "/v1/keys/victim/verify", { message, signature: victimSignature });
  assert.equal((await verified.json() as Json).valid, true);

  // A KEM key's public key swapped: clients would encrypt to the wrong key; data keys are refused.
  await create(t, "kem-a", "ML-KEM-768");
  await create(t, "kem-b", "ML-KEM-768");
  await t.db.update(keyVersions).set({ publicKey: (await versionOf(t, "kem-a")).publicKey })
    .where(eq(keyVersions.keyId, await keyId(t, "kem-b")));
  await refused(await t.call("GET", "/v1/keys/kem-b"), "kem-b");
  await refused(await t.call("POST", "/v1/keys/kem-b/data-key", {}), "kem-b");
  assert.equal((await t.call("POST", "/v1/keys/kem-a/data-key", {})).status, 200);
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("attack: a changed algorithm, a moved owner and swapped names are refused, cached handles included", async () => {
  await using t = await testApp();
  await create(t, "alg", "ML-DSA-44");
  await t.db.update(keys).set({ algorithm: "ML-DSA-65" }).where(eq(keys.name, "alg"));
  await refused(await sign(t, "alg"), "alg");
  await refused(await t.call("GET", "/v1/keys/alg"), "alg");

  // The owner moved to another tenant after the key's handle was cached.
  await create(t, "moved");
  assert.equal((await sign(t, "moved")).status, 200);
  await t.db.update(keys).set({ owner: "tenant-b" }).where(eq(keys.name, "moved"));
  const tenantB = (await t.tokens.create("tenant-b", { name: "b", scopes: SCOPES, keyPattern: "*" })).secret;
  await refused(await sign(t, "moved", tenantB), "moved");
  await refused(await t.call("GET", "/v1/keys/moved", undefined, tenantB), "moved");

  // Two keys' names swapped, both handles cached: neither signs as the other.
  await create(t, "alice");
  await create(t, "bob");
  assert.equal((await sign(t, "alice")).status, 200);
  assert.equal((await sign(t, "bob")).status, 200);
  const [aliceId, bobId] = [await keyId(t, "alice"), await keyId(t, "bob")];
  await t.db.update(keys).set({ name: "swap" }).where(eq(keys.id, aliceId));
  await t.db.update(keys).set({ name: "alice" }).where(eq(keys.id, bobId));
  await t.db.update(keys).set({ name: "bob" }).where(eq(keys.id, aliceId));
  for (const name of ["alice", "bob"]) {
    await refused(await sign(t, name), name);
    await refused(await t.call("POST", `/v1/keys/${name}/verify`, { message, signature: "AA" }), name);
    await refused(await t.call("GET", `/v1/keys/${name}`), name);
    await refused(await t.call("POST", `/v1/keys/${name}/deletion`, {}), name);
  }
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("attack: a hybrid version turned back from scheme 2 to scheme 1 is refused, cached parts included", async () => {
  await using t = await testApp();
  await create(t, "composite", "ML-DSA-65+Ed25519");
  assert.equal((await sign(t, "composite")).status, 200); // both parts are now cached
  const id = await keyId(t, "composite");
  assert.equal((await versionOf(t, "composite")).hybridScheme, 2);
  await t.db.update(keyVersions).set({ hybridScheme: 1 }).where(eq(keyVersions.keyId, id));
  await refused(await sign(t, "composite"), "composite");
  await refused(
    await t.call("POST", "/v1/keys/composite/verify", { message, signature: toBase64Url(new Uint8Array(3373)) }),
    "composite",
  );
  await refused(await t.call("GET", "/v1/keys/composite"), "composite");
  await t.db.update(keyVersions).set({ hybridScheme: null }).where(eq(keyVersions.keyId, id));
  await refused(await sign(t, "composite"), "composite");
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("attack: a nulled binding MAC is refused; the refusal changes nothing", async () => {
  await using t = await testApp();
  await create(t, "stripped", "Ed25519", { deletionAllowed: true });
  await t.db.update(keyVersions).set({ bindingMac: null }).where(eq(keyVersions.keyId, await keyId(t, "stripped")));
  await refused(await sign(t, "stripped"), "stripped");
  await refused(await t.call("GET", "/v1/keys/stripped"), "stripped");
  await refused(await t.call("POST", "/v1/keys/stripped/rotate"), "stripped");
  await refused(await t.call("POST", "/v1/keys/stripped/deletion", {}), "stripped");
  const [row] = await t.db.select().from(keys).where(eq(keys.name, "stripped"));
  assert.deepStrictEqual([row?.latestVersion, row?.deletionAfter], [1, null]);
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("attack: the binding key row deleted is not made again; readiness fails and keys are refused", async () => {
  await using t = await testApp();
  await create(t, "k");
  assert.equal((await sign(t, "k")).status, 200);
  // The guard refuses it outright…
  await assert.rejects(t.db.execute(sql`delete from key_binding_key`), (e: unknown) => sqlState(e) === "42501");
  // …so the owner disables it first.
  await t.db.execute(sql`alter table key_binding_key disable trigger key_binding_key_no_delete`);
  await t.db.execute(sql`delete from key_binding_key`);

  using next = await restart(t);
  // No binding can be checked at all: the refusal says so rather than naming a version.
  const res = await next.call("POST", "/v1/keys/k/sign", { message });
  const body = await expectProblem(res, 409, "key-integrity-failed");
  assert.match(String(body.detail), /cannot be checked/);
  await expectProblem(await next.call("GET", "/v1/keys/k"), 409, "key-integrity-failed");
  const ready = await next.app.request("/readyz");
  const report = await expectProblem(ready, 503, "not-ready");
  assert.deepStrictEqual(report.keyBindings, { checkable: false });
  assert.match(String(report.detail), /Key bindings cannot be checked/);
  assert.equal((await t.db.select().from(keyBindingKey)).length, 0, "no new binding key was made");
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("root rotation re-wraps the binding key; a restarted gateway still checks every binding", async () => {
  await using t = await testApp();
  await create(t, "k");
  const res = await t.call("POST", "/v1/keystore/root/rotate");
  assert.equal(res.status, 200, await res.clone().text());
  const report = await res.json() as Json;
  assert.deepStrictEqual([report.keyBindingKeyRewrapped, report.failed, report.retired], [true, 0, 1]);
  using next = await restart(t);
  assert.equal((await next.call("POST", "/v1/keys/k/sign", { message })).status, 200);
  assert.equal((await next.app.request("/readyz")).status, 200);
}, SLOW);

test(
  "upgrade: existing versions are bound once, after proving them; a tampered legacy row is not laundered",
  async () => {
    await using t = await testApp();
    await create(t, "ed");
    await create(t, "kem", "ML-KEM-768");
    await create(t, "hybrid", "ML-DSA-65+Ed25519");
    await create(t, "rotated", "ML-DSA-44");
    assert.equal((await t.call("POST", "/v1/keys/rotated/rotate")).status, 200);
    await create(t, "tampered");
    const edSignature = (await (await sign(t, "ed")).json() as Json).signature;
    // The database as the previous release left it: no binding key, no MACs. Before the upgrade,
    // someone copied ed's public key into tampered's row.
    await t.db.execute(sql`alter table key_binding_key disable trigger key_binding_key_no_delete`);
    await t.db.execute(sql`delete from key_binding_key`);
    await t.db.update(keyVersions).set({ bindingMac: null });
    await t.db.update(keyVersions).set({ publicKey: (await versionOf(t, "ed")).publicKey })
      .where(eq(keyVersions.keyId, await keyId(t, "tampered")));

    using next = await restart(t);
    await next.services.keys.bindings.ensure();
    const upgrade = next.services.keys.bindings.upgrade;
    assert.ok(upgrade !== undefined);
    assert.deepStrictEqual(upgrade.refused, [{ keyId: await keyId(t, "tampered"), version: 1 }]);
    assert.equal(upgrade.bound, 5);
    assert.equal(upgrade.recorded, true);

    const versions = await t.db.select().from(keyVersions).orderBy(asc(keyVersions.keyId));
    assert.equal(versions.filter((v) => v.bindingMac === null).length, 1);
    assert.equal((await next.call("POST", "/v1/keys/ed/verify", { message, signature: edSignature })).status, 200);
    for (const name of ["ed", "hybrid", "rotated"]) {
      assert.equal((await next.call("POST", `/v1/keys/${name}/sign`, { message })).status, 200, name);
    }
    assert.equal((await next.call("POST", "/v1/keys/kem/data-key", {})).status, 200);
    await refused(await next.call("GET", "/v1/keys/tampered"), "tampered");
    await refused(await next.call("POST", "/v1/keys/tampered/verify", { message, signature: edSignature }), "tampered");
    assert.equal((await next.app.request("/readyz")).status, 200);

    // The upgrade (which refused a row) is in the audit trail, the fresh database's key is not
    // (nothing to bind); a third start binds nothing again.
    const rows = (await auditRowsAfter(t.db, 0, 1000)).filter((r) => r.action === "keys.bind-existing");
    assert.deepStrictEqual(rows.map((r) => [r.actor, r.outcome]), [["gateway", "key-integrity-failed"]]);
    using third = await restart(t);
    await third.services.keys.bindings.ensure();
    assert.equal(third.services.keys.bindings.upgrade, undefined);
    await refused(await third.call("GET", "/v1/keys/tampered"), "tampered");
    assert.deepStrictEqual(t.faults, []);
  },
  SLOW,
);
