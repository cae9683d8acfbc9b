// Root-key rotation over the database: every stored envelope moves to the new root, the old
// root is destroyed, every key still works; an interrupted rotation is finished later.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { keyVersions } from "../../src/db/schema/index.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { expectProblem, testApp } from "./support.ts";

const message = toBase64Url(new TextEncoder().encode("after the rotation"));
/** A rotation waits ROOT_SETTLE_MS (1 s) for late writers: more than Bun's default 5 s in all under load. */
const ROTATION = { timeoutMs: 30_000 };

async function rootIds(db: import("../../src/db/client.ts").Database): Promise<string[]> {
  const rows = await db.select({ rootId: keyVersions.rootId }).from(keyVersions);
  return rows.map((r) => toBase64Url(r.rootId ?? new Uint8Array()));
}

test("rotating the root re-wraps every stored key, retires the old root, and keys keep working", async () => {
  await using t = await testApp();
  for (const [name, algorithm] of [["s", "ML-DSA-65"], ["k", "X-Wing"], ["e", "Ed25519"]] as const) {
    assert.equal((await t.call("POST", "/v1/keys", { name, algorithm })).status, 201);
  }
  await t.call("POST", "/v1/keys/s/rotate");
  const before = t.keystore.currentRoot();
  const res = await t.call("POST", "/v1/keystore/root/rotate");
  assert.equal(res.status, 200, await res.clone().text());
  const report = await res.json();
  assert.equal(report.rewrapped, 4);
  assert.equal(report.failed, 0);
  assert.equal(report.retired, 1);
  assert.equal(report.root.sequence, before.sequence + 1);
  assert.deepEqual(t.keystore.roots().map((r) => r.idHex), [report.root.id]);
  const newRoot = toBase64Url(t.keystore.currentRoot().id);
  assert.ok((await rootIds(t.db)).every((id) => id === newRoot));
  for (const version of [1, 2]) {
    assert.equal((await t.call("POST", "/v1/keys/s/sign", { message, version })).status, 200);
  }
  assert.equal((await t.call("POST", "/v1/keys/e/sign", { message })).status, 200);
  const finished = await (await t.call("POST", "/v1/keystore/root/finish")).json();
  assert.deepEqual([finished.rewrapped, finished.retired], [0, 0], "finishing again changes nothing");
  assert.deepEqual(t.faults, []);
}, ROTATION);

test("an interrupted rotation (new root, nothing re-wrapped) is finished by /finish", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "a", algorithm: "ML-KEM-768" });
  t.keystore.rotateRoot(); // the crash happened right after the device made the new root
  const report = await (await t.call("POST", "/v1/keystore/root/finish")).json();
  assert.deepEqual([report.rewrapped, report.retired], [1, 1]);
  assert.equal(t.keystore.roots().length, 1);
}, ROTATION);

test("root administration needs keystore:admin", async () => {
  await using t = await testApp();
  const token = await (await t.call("POST", "/v1/tokens", { name: "ops", scopes: ["keys:read"] })).json();
  await expectProblem(await t.call("POST", "/v1/keystore/root/rotate", undefined, token.secret), 403, "forbidden");
});
