// A key's `enabled` flag through the HTTP API: disabled, every private-key use is 409
// key-disabled (sign, each sign-batch item, data-key generate and unwrap, gateway-key
// sessions), verification goes on, rotation is allowed; enabled again, everything works. Only a
// token with keys:configure on the key flips it; the audit row names the new state. Then two
// apps on one PostgreSQL: disabling on A refuses signing on B within the invalidation bound.

import { join } from "node:path";
import { auditRowsAfter } from "../../src/db/audit.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { b64, bytes, expectJson, NOBLE, utf8 } from "../sessions/support.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";
import { INVALIDATION_BOUND_MS, within } from "../cache/support.ts";

const SLOW = { timeoutMs: 120_000 };
const message = b64(utf8("disable me"));

function configure(t: TestApp, name: string, enabled: boolean, token?: string): Promise<Response> {
  return t.call("PATCH", `/v1/keys/${name}/config`, { enabled }, token);
}

test("a disabled key refuses every private-key use with 409 key-disabled; verify and rotate go on", async () => {
  await using t = await testApp();
  const created = await expectJson(await t.call("POST", "/v1/keys", { name: "s", algorithm: "ML-DSA-65" }), 201);
  assert.equal(created.enabled, true);
  assert.equal(created.exportable, false);
  const kem = await expectJson(await t.call("POST", "/v1/keys", { name: "k", algorithm: "ML-KEM-768" }), 201);
  const { signature } = await expectJson(await t.call("POST", "/v1/keys/s/sign", { message }), 200);
  const dataKey = await expectJson(await t.call("POST", "/v1/keys/k/data-key", {}), 200);

  for (const name of ["s", "k"]) {
    const view = await expectJson(await configure(t, name, false), 200);
    assert.equal(view.enabled, false);
    assert.equal(view.exportable, false);
  }
  await expectProblem(await t.call("POST", "/v1/keys/s/sign", { message }), 409, "key-disabled");
  await expectProblem(await t.call("POST", "/v1/keys/s/sign", { message, version: 1 }), 409, "key-disabled");
  const batch = await expectJson(
    await t.call("POST", "/v1/keys/s/sign-batch", { items: [{ message }, { message, deterministic: true }] }),
    200,
  );
  for (const item of batch.results as { ok: boolean; problem?: { type: string; status: number } }[]) {
    assert.equal(item.ok, false);
    assert.equal(item.problem?.type, "urn:pqgate:problem:key-disabled");
    assert.equal(item.problem?.status, 409);
  }
  const verdict = await expectJson(await t.call("POST", "/v1/keys/s/verify", { message, signature }), 200);
  assert.equal(verdict.valid, true, "verification with the public key goes on");
  await expectProblem(await t.call("POST", "/v1/keys/k/data-key", {}), 409, "key-disabled");
  await expectProblem(
    await t.call("POST", "/v1/keys/k/data-key/unwrap", { wrapped: dataKey.wrapped }),
    409,
    "key-disabled",
  );
  const publicKey = bytes((kem.versions as { publicKey: string }[])[0]!.publicKey);
  const { cipherText } = NOBLE["ML-KEM-768"].encapsulate(publicKey);
  const session = { mode: "gateway-key", keyName: "k", ciphertext: b64(cipherText) };
  await expectProblem(await t.call("POST", "/v1/sessions", session), 409, "key-disabled");

  // Rotation of a disabled key is allowed (docs/API.md): the new version is disabled with its key.
  const rotated = await expectJson(await t.call("POST", "/v1/keys/s/rotate"), 200);
  assert.equal(rotated.latestVersion, 2);
  assert.equal(rotated.enabled, false);
  await expectProblem(await t.call("POST", "/v1/keys/s/sign", { message }), 409, "key-disabled");

  for (const name of ["s", "k"]) assert.equal((await expectJson(await configure(t, name, true), 200)).enabled, true);
  assert.equal((await expectJson(await t.call("POST", "/v1/keys/s/sign", { message }), 200)).version, 2);
  const again = await expectJson(await t.call("POST", "/v1/keys/k/data-key/unwrap", { wrapped: dataKey.wrapped }), 200);
  assert.equal(again.plaintext, dataKey.plaintext);
  await expectJson(await t.call("POST", "/v1/sessions", session), 201);

  const actions = (await auditRowsAfter(t.db, 0, 1000))
    .filter((row) => row.action.startsWith("keys.configure"))
    .map((row) => `${row.action} ${row.keyName} ${row.outcome}`);
  assert.deepEqual(actions, [
    "keys.configure.disable s ok",
    "keys.configure.disable k ok",
    "keys.configure.enable s ok",
    "keys.configure.enable k ok",
  ]);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("who may disable: keys:configure on the key; a signer, or a token for other keys, may not", async () => {
  await using t = await testApp();
  await expectJson(await t.call("POST", "/v1/keys", { name: "team-a", algorithm: "Ed25519" }), 201);
  const signer = await t.tokens.create("", { name: "signer", scopes: ["keys:sign", "keys:read"], keyPattern: "*" });
  const other = await t.tokens.create("", { name: "b", scopes: ["keys:configure"], keyPattern: "team-b*" });
  const own = await t.tokens.create("", { name: "a", scopes: ["keys:configure"], keyPattern: "team-a*" });
  await expectProblem(await configure(t, "team-a", false, signer.secret), 403, "forbidden");
  await expectProblem(await configure(t, "team-a", false, other.secret), 403, "forbidden");
  await expectJson(await t.call("POST", "/v1/keys/team-a/sign", { message }, signer.secret), 200);
  assert.equal((await expectJson(await configure(t, "team-a", false, own.secret), 200)).enabled, false);
  await expectProblem(await t.call("POST", "/v1/keys/team-a/sign", { message }, signer.secret), 409, "key-disabled");
  await expectProblem(await t.call("PATCH", "/v1/keys/team-a/config", { enabled: "no" }), 400, "validation");
}, SLOW);

test(
  "two apps on one PostgreSQL: disabling on A refuses signing on B within the bound; enabling restores",
  async () => {
    await using pg = await Postgres.start();
    const url = await pg.createDatabase();
    using keys = tempDir();
    // Replicas share the keystore (one root) and the database.
    const keystore = { backend: "software", dir: join(keys.path, "root") } as const;
    await using a = await testApp({ databaseUrl: url, keystore, cacheTtlSeconds: 300 });
    await using b = await testApp({ databaseUrl: url, keystore, cacheTtlSeconds: 300 });
    await within(5_000, "both change feeds subscribe", () => a.caches.listening && b.caches.listening);
    await expectJson(await a.call("POST", "/v1/keys", { name: "shared", algorithm: "Ed25519" }), 201);
    const signer = await a.tokens.create("", { name: "signer", scopes: ["keys:sign"], keyPattern: "*" });
    const signOnB = async () => (await b.call("POST", "/v1/keys/shared/sign", { message }, signer.secret)).status;
    await within(INVALIDATION_BOUND_MS, "B signs (key row and handle cached)", async () => await signOnB() === 200);
    assert.equal(await signOnB(), 200);

    await expectJson(await configure(a, "shared", false), 200);
    await within(INVALIDATION_BOUND_MS, "B refuses the key A disabled", async () => await signOnB() === 409);
    await expectProblem(await b.call("POST", "/v1/keys/shared/sign", { message }, signer.secret), 409, "key-disabled");

    await expectJson(await configure(a, "shared", true), 200);
    await within(INVALIDATION_BOUND_MS, "B signs again once A enabled it", async () => await signOnB() === 200);
    assert.deepEqual([...a.faults, ...b.faults], []);
  },
  SLOW,
);
