// The key routes end to end through app.request(): real PGlite, real keystore, real
// cryptography. Happy paths, then each kind of bad input as its own 4xx problem; no 5xx.

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { expectProblem, testApp } from "./support.ts";
import { asc, eq } from "drizzle-orm";
import { auditLog } from "../../src/db/schema/index.ts";

const message = toBase64Url(new TextEncoder().encode("ship 3 crates"));

test("create, read, list, rotate, sign and verify an ML-DSA-65 key", async () => {
  await using t = await testApp();
  const created = await t.call("POST", "/v1/keys", { name: "orders-signer", algorithm: "ML-DSA-65" });
  assert.equal(created.status, 201, await created.clone().text());
  const key = await created.json();
  assert.equal(key.purpose, "signature");
  assert.equal(key.protection, "software");
  assert.equal(key.latestVersion, 1);
  assert.equal(fromBase64Url(key.versions[0].publicKey)?.length, 1952);
  assert.equal(JSON.stringify(key).includes("envelope"), false);

  const signed = await (await t.call("POST", "/v1/keys/orders-signer/sign", { message })).json();
  assert.equal(signed.version, 1);
  const verdict = await t.call("POST", "/v1/keys/orders-signer/verify", { message, signature: signed.signature });
  assert.deepEqual(await verdict.json(), { valid: true, version: 1 });

  const rotated = await (await t.call("POST", "/v1/keys/orders-signer/rotate")).json();
  assert.equal(rotated.latestVersion, 2);
  assert.equal(rotated.versions.length, 2);
  const signed2 = await (await t.call("POST", "/v1/keys/orders-signer/sign", { message })).json();
  assert.equal(signed2.version, 2);
  const old = await t.call("POST", "/v1/keys/orders-signer/verify", {
    message,
    signature: signed.signature,
    version: 1,
  });
  assert.deepEqual(await old.json(), { valid: true, version: 1 });
  const wrongVersion = await t.call("POST", "/v1/keys/orders-signer/verify", { message, signature: signed.signature });
  assert.deepEqual(await wrongVersion.json(), { valid: false, version: 2 });

  await t.call("POST", "/v1/keys", { name: "b-kem", algorithm: "X-Wing" });
  const page1 = await (await t.call("GET", "/v1/keys?limit=1")).json();
  assert.deepEqual(page1.keys.map((k: { name: string }) => k.name), ["b-kem"]);
  assert.equal(page1.next, "b-kem");
  const page2 = await (await t.call("GET", `/v1/keys?limit=1&after=${page1.next}`)).json();
  assert.deepEqual(page2.keys.map((k: { name: string }) => k.name), ["orders-signer"]);
  assert.equal(page2.next, null);
  // A listed key carries its versions, as a read does.
  const read = await (await t.call("GET", "/v1/keys/orders-signer")).json();
  assert.deepEqual(page2.keys[0].versions, read.versions);
  assert.deepEqual(page2.keys[0].versions.map((v: { version: number }) => v.version), [1, 2]);
  const all = await (await t.call("GET", "/v1/keys")).json();
  assert.deepEqual(all.keys.map((k: { versions: unknown[] }) => k.versions.length), [1, 2]);
  const signs = await t.db.select().from(auditLog).where(eq(auditLog.action, "keys.sign")).orderBy(asc(auditLog.seq));
  assert.deepEqual(signs.map((row) => row.keyVersion), [1, 2], "the audit trail records which version signed");
  assert.deepEqual(t.faults, []);
});

test("gateway ML-DSA signatures verify with @noble/post-quantum, an independent implementation", async () => {
  await using t = await testApp();
  const key = await (await t.call("POST", "/v1/keys", { name: "interop", algorithm: "ML-DSA-65" })).json();
  const context = toBase64Url(new TextEncoder().encode("orders/v1"));
  const signed = await (await t.call("POST", "/v1/keys/interop/sign", { message, context })).json();
  const publicKey = fromBase64Url(key.versions[0].publicKey) ?? new Uint8Array();
  const ok = ml_dsa65.verify(
    fromBase64Url(signed.signature) ?? new Uint8Array(),
    fromBase64Url(message) ?? new Uint8Array(),
    publicKey,
    {
      context: fromBase64Url(context) ?? new Uint8Array(),
    },
  );
  assert.ok(ok);
});

test("minDecryptionVersion disables old versions for signing but not for verifying", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "k", algorithm: "Ed25519" });
  const v1 = await (await t.call("POST", "/v1/keys/k/sign", { message })).json();
  await t.call("POST", "/v1/keys/k/rotate");
  const configured = await (await t.call("PATCH", "/v1/keys/k/config", { minDecryptionVersion: 2 })).json();
  assert.equal(configured.minDecryptionVersion, 2);
  assert.deepEqual(configured.versions.map((v: { enabled: boolean }) => v.enabled), [false, true]);
  await expectProblem(await t.call("POST", "/v1/keys/k/sign", { message, version: 1 }), 409, "version-disabled");
  const verdict = await t.call("POST", "/v1/keys/k/verify", { message, signature: v1.signature, version: 1 });
  assert.deepEqual(await verdict.json(), { valid: true, version: 1 });
  await expectProblem(await t.call("PATCH", "/v1/keys/k/config", { minDecryptionVersion: 3 }), 422, "invalid-config");
});

test("bad input is a specific 4xx problem, never a 5xx", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "signer", algorithm: "ML-DSA-44" });
  await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" });
  const cases: [string, string, unknown, number, string][] = [
    ["POST", "/v1/keys", "{not json", 400, "http-error"],
    ["POST", "/v1/keys", { name: "x", algorithm: "RSA-2048" }, 400, "validation"],
    ["POST", "/v1/keys", { name: "../etc", algorithm: "Ed25519" }, 400, "validation"],
    ["POST", "/v1/keys", { name: "x", algorithm: "Ed25519", extra: 1 }, 400, "validation"],
    ["POST", "/v1/keys", { name: 7, algorithm: "Ed25519" }, 400, "validation"],
    ["POST", "/v1/keys", { name: "signer", algorithm: "Ed25519" }, 409, "key-exists"],
    ["POST", "/v1/keys", { name: "p256", algorithm: "ECDSA-P256" }, 422, "unsupported-algorithm"],
    ["GET", "/v1/keys/missing", undefined, 404, "key-not-found"],
    ["GET", "/v1/keys?limit=0", undefined, 400, "validation"],
    ["POST", "/v1/keys/missing/sign", { message }, 404, "key-not-found"],
    ["POST", "/v1/keys/signer/sign", { message: "not base64url!" }, 400, "validation"],
    ["POST", "/v1/keys/signer/sign", { message: "QQ==" }, 400, "validation"],
    ["POST", "/v1/keys/signer/sign", { message, version: 9 }, 404, "version-not-found"],
    ["POST", "/v1/keys/signer/sign", { message, context: toBase64Url(new Uint8Array(256)) }, 400, "validation"],
    ["POST", "/v1/keys/kem/sign", { message }, 422, "wrong-key-purpose"],
    [
      "POST",
      "/v1/keys/signer/verify",
      { message, signature: toBase64Url(new Uint8Array(10)) },
      422,
      "invalid-crypto-input",
    ],
    ["PATCH", "/v1/keys/signer/config", { minDecryptionVersion: 0 }, 400, "validation"],
  ];
  for (const [method, path, body, status, type] of cases) {
    await expectProblem(await t.call(method, path, body), status, type);
  }
  assert.deepEqual(t.faults, [], "no request produced an internal fault");
});

test("the OpenAPI 3.1 document describes the key routes; /docs renders it", async () => {
  await using t = await testApp();
  const doc = await (await t.call("GET", "/openapi.json")).json();
  assert.equal(doc.openapi, "3.1.0");
  for (const path of ["/v1/keys", "/v1/keys/{name}", "/v1/keys/{name}/rotate", "/v1/keys/{name}/sign"]) {
    assert.ok(doc.paths[path] !== undefined, path);
  }
  assert.ok(doc.components.schemas.SignRequest !== undefined);
  const docs = await t.call("GET", "/docs");
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /openapi\.json/);
});
