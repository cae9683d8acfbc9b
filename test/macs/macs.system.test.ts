// HMAC keys end to end through the HTTP API: compute and verify for each algorithm, tampered
// data, tag and header, another key's MAC, rotation and minDecryptionVersion, batches with mixed
// items, the scope attacker, and no key material in any answer.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { b64, bytes, expectJson, utf8 } from "../sessions/support.ts";

const SLOW = { timeoutMs: 30_000 };
const MACS = { "HMAC-SHA-256": 32, "HMAC-SHA-512": 64, "HMAC-SHA3-256": 32 } as const;

async function mac(t: TestApp, name: string, data: Uint8Array, token?: string) {
  const res = await expectJson(await t.call("POST", `/v1/keys/${name}/hmac`, { data: b64(data) }, token), 200);
  return { mac: bytes(res.mac), version: res.version as number };
}

function verify(t: TestApp, name: string, data: Uint8Array, tag: Uint8Array, token?: string) {
  return t.call("POST", `/v1/keys/${name}/hmac/verify`, { data: b64(data), mac: b64(tag) }, token);
}

async function valid(t: TestApp, name: string, data: Uint8Array, tag: Uint8Array): Promise<boolean> {
  return (await expectJson(await verify(t, name, data, tag), 200)).valid as boolean;
}

test("each HMAC key computes a self-describing MAC that verifies, and nothing else does", async () => {
  await using t = await testApp();
  for (const [algorithm, tagBytes] of Object.entries(MACS)) {
    const name = `mac-${algorithm.toLowerCase()}`;
    const view = await expectJson(await t.call("POST", "/v1/keys", { name, algorithm }), 201);
    assert.equal(view.purpose, "mac");
    await expectJson(await t.call("POST", "/v1/keys", { name: `${name}-2`, algorithm }), 201);
    const data = utf8("invoice 17: 300 EUR");
    const { mac: tag, version } = await mac(t, name, data);
    assert.equal(version, 1);
    assert.equal(tag.length, 5 + tagBytes);
    assert.deepEqual([...tag.subarray(0, 5)], [1, 0, 0, 0, 1]);
    assert.deepEqual((await mac(t, name, data)).mac, tag, "HMAC is deterministic");
    assert.equal(await valid(t, name, data, tag), true, algorithm);
    assert.equal(await valid(t, name, utf8("invoice 17: 900 EUR"), tag), false);
    assert.equal(await valid(t, `${name}-2`, data, tag), false, "another key's MAC");
    for (const i of [5, tag.length - 1]) {
      const bad = tag.slice();
      bad[i] = (bad[i] as number) ^ 1;
      assert.equal(await valid(t, name, data, bad), false);
    }
    const v9 = tag.slice();
    v9[4] = 9;
    await expectProblem(await verify(t, name, data, v9), 404, "version-not-found");
    const badFormat = tag.slice();
    badFormat[0] = 2;
    await expectProblem(await verify(t, name, data, badFormat), 422, "mac-malformed");
    await expectProblem(await verify(t, name, data, tag.subarray(0, 20)), 422, "mac-malformed");
  }
  await expectJson(await t.call("POST", "/v1/keys", { name: "aead", algorithm: "AES-256-GCM" }), 201);
  await expectProblem(
    await t.call("POST", "/v1/keys/aead/hmac", { data: b64(utf8("x")) }),
    422,
    "wrong-key-purpose",
  );
  assert.deepEqual(t.faults, []);
}, SLOW);

test(
  "after rotation old MACs verify with their version until minDecryptionVersion; batches answer per item",
  async () => {
    await using t = await testApp();
    await expectJson(await t.call("POST", "/v1/keys", { name: "m", algorithm: "HMAC-SHA-256" }), 201);
    const data = utf8("payload");
    const old = await mac(t, "m", data);
    await expectJson(await t.call("POST", "/v1/keys/m/rotate"), 200);
    const fresh = await mac(t, "m", data);
    assert.equal(fresh.version, 2);
    assert.notDeepEqual(fresh.mac.subarray(5), old.mac.subarray(5), "a new key per version");
    assert.equal(await valid(t, "m", data, old.mac), true);
    const batch = await expectJson(
      await t.call("POST", "/v1/keys/m/hmac/verify-batch", {
        items: [
          { data: b64(data), mac: b64(old.mac) },
          { data: b64(utf8("other")), mac: b64(fresh.mac) },
          { data: b64(data), mac: b64(new Uint8Array(40)) },
        ],
      }),
      200,
    );
    const results = batch.results as { ok: boolean; valid?: boolean; problem?: { type: string } }[];
    assert.equal(results[0]?.valid, true);
    assert.equal(results[1]?.valid, false);
    assert.equal(results[2]?.problem?.type, "urn:pqgate:problem:mac-malformed");
    const macs = await expectJson(
      await t.call("POST", "/v1/keys/m/hmac-batch", { items: [{ data: b64(data) }, { data: "" }] }),
      200,
    );
    const [first] = macs.results as { ok: boolean; mac: string; version: number }[];
    assert.deepEqual(bytes(first?.mac), fresh.mac);
    await expectJson(await t.call("PATCH", "/v1/keys/m/config", { minDecryptionVersion: 2 }), 200);
    await expectProblem(await verify(t, "m", data, old.mac), 409, "version-disabled");
    assert.equal(await valid(t, "m", data, fresh.mac), true);
    assert.deepEqual(t.faults, []);
  },
  SLOW,
);

test("computing needs keys:sign and verifying keys:verify; the key never appears", async () => {
  await using t = await testApp();
  await expectJson(await t.call("POST", "/v1/keys", { name: "m", algorithm: "HMAC-SHA-512" }), 201);
  const verifier = (await t.tokens.create("", { name: "v", scopes: ["keys:verify"], keyPattern: "m" })).secret;
  const { mac: tag } = await mac(t, "m", utf8("x"));
  await expectProblem(await t.call("POST", "/v1/keys/m/hmac", { data: b64(utf8("x")) }, verifier), 403, "forbidden");
  await expectProblem(
    await t.call("POST", "/v1/keys/m/hmac-batch", { items: [{ data: b64(utf8("x")) }] }, verifier),
    403,
    "forbidden",
  );
  assert.equal((await expectJson(await verify(t, "m", utf8("x"), tag, verifier), 200)).valid, true);
  const view = JSON.stringify(await expectJson(await t.call("GET", "/v1/keys/m"), 200));
  assert.equal(/envelope|private|secret/i.test(view), false, view);
  assert.deepEqual(t.faults, []);
}, SLOW);
