// Data keys (envelope encryption) end to end: generate → unwrap for every KEM, rotation and
// minDecryptionVersion, every tampered byte, and each refusal as its own 4xx problem.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { b64, bytes, expectJson, KEMS, utf8 } from "../sessions/support.ts";

/** HTTP round trips on a shared CI machine: well above Bun's 5 s default. */
const SLOW = { timeoutMs: 30_000 };

const CIPHERTEXT_BYTES = { "ML-KEM-512": 768, "ML-KEM-768": 1088, "ML-KEM-1024": 1568, "X-Wing": 1120 } as const;

async function generate(t: TestApp, name: string, body: Record<string, unknown> = {}) {
  const res = await expectJson(await t.call("POST", `/v1/keys/${name}/data-key`, body), 200);
  return { plaintext: bytes(res.plaintext), wrapped: bytes(res.wrapped), version: res.version as number };
}

function unwrap(t: TestApp, name: string, wrapped: Uint8Array, aad?: Uint8Array): Promise<Response> {
  return t.call("POST", `/v1/keys/${name}/data-key/unwrap`, {
    wrapped: b64(wrapped),
    ...(aad ? { aad: b64(aad) } : {}),
  });
}

test("generate then unwrap gives the same data key, for every KEM and size", async () => {
  await using t = await testApp();
  for (const algorithm of KEMS) {
    const name = `dk-${algorithm.toLowerCase()}`;
    await expectJson(await t.call("POST", "/v1/keys", { name, algorithm }), 201);
    for (const size of [16, 24, 32, undefined]) {
      const aad = utf8(`tenant=a;size=${size}`);
      const key = await generate(t, name, { ...(size ? { bytes: size } : {}), aad: b64(aad) });
      assert.equal(key.plaintext.length, size ?? 32);
      assert.equal(key.version, 1);
      // format ‖ u32be(version) ‖ KEM ciphertext ‖ nonce ‖ sealed key ‖ tag
      assert.equal(key.wrapped[0], 1);
      assert.deepEqual([...key.wrapped.subarray(1, 5)], [0, 0, 0, 1]);
      assert.equal(key.wrapped.length, 5 + CIPHERTEXT_BYTES[algorithm] + 12 + (size ?? 32) + 16);
      const opened = await expectJson(await unwrap(t, name, key.wrapped, aad), 200);
      assert.deepEqual(bytes(opened.plaintext), key.plaintext, `${algorithm}/${size}`);
    }
  }
  const a = await generate(t, "dk-ml-kem-768");
  const b = await generate(t, "dk-ml-kem-768");
  assert.notDeepEqual(a.plaintext, b.plaintext, "fresh randomness each time");
  assert.deepEqual(t.faults, []);
}, SLOW);

test(
  "after rotation old blobs still unwrap (the blob names its version) until minDecryptionVersion excludes them",
  async () => {
    await using t = await testApp();
    await t.call("POST", "/v1/keys", { name: "dk", algorithm: "ML-KEM-768" });
    const v1 = await generate(t, "dk");
    await expectJson(await t.call("POST", "/v1/keys/dk/rotate"), 200);
    const v2 = await generate(t, "dk");
    assert.equal(v2.version, 2);
    assert.deepEqual([...v2.wrapped.subarray(1, 5)], [0, 0, 0, 2]);
    const pinned = await generate(t, "dk", { version: 1 });
    assert.equal(pinned.version, 1);
    for (const key of [v1, v2, pinned]) {
      assert.deepEqual(bytes((await expectJson(await unwrap(t, "dk", key.wrapped), 200)).plaintext), key.plaintext);
    }
    await expectJson(await t.call("PATCH", "/v1/keys/dk/config", { minDecryptionVersion: 2 }), 200);
    await expectProblem(await unwrap(t, "dk", v1.wrapped), 409, "version-disabled");
    await expectProblem(await t.call("POST", "/v1/keys/dk/data-key", { version: 1 }), 409, "version-disabled");
    assert.deepEqual(bytes((await expectJson(await unwrap(t, "dk", v2.wrapped), 200)).plaintext), v2.plaintext);
    assert.deepEqual(t.faults, []);
  },
  SLOW,
);

test("flipping any bit of any byte of a wrapped key is a 422", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "dk", algorithm: "ML-KEM-512" });
  const aad = utf8("ctx");
  const key = await generate(t, "dk", { bytes: 16, aad: b64(aad) });
  const seen = new Set<string>();
  // Every byte of the header and of the sealed data key; every 7th of the KEM ciphertext (all
  // of whose bytes act alike: implicit rejection gives an unrelated secret), plus its last.
  const ctEnd = 5 + 768;
  const positions = [...Array(key.wrapped.length).keys()].filter((i) => i < 5 || i >= ctEnd - 1 || i % 7 === 0);
  for (const i of positions) {
    const tampered = key.wrapped.slice();
    tampered[i] = (tampered[i] ?? 0) ^ (1 << (i % 8));
    const res = await unwrap(t, "dk", tampered, aad);
    assert.equal(res.status, 422, `byte ${i}: ${await res.clone().text()}`);
    seen.add(String((await res.json()).type));
  }
  assert.deepEqual([...seen].sort(), [
    "urn:pqgate:problem:decryption-failed",
    "urn:pqgate:problem:wrapped-key-malformed",
  ]);
  // Truncated, extended, wrong aad, no aad: all 422.
  await expectProblem(
    await unwrap(t, "dk", key.wrapped.subarray(0, key.wrapped.length - 1), aad),
    422,
    "wrapped-key-malformed",
  );
  await expectProblem(await unwrap(t, "dk", Uint8Array.of(...key.wrapped, 0), aad), 422, "wrapped-key-malformed");
  await expectProblem(await unwrap(t, "dk", key.wrapped.subarray(0, 3), aad), 422, "wrapped-key-malformed");
  await expectProblem(await unwrap(t, "dk", key.wrapped, utf8("CTX")), 422, "decryption-failed");
  await expectProblem(await unwrap(t, "dk", key.wrapped), 422, "decryption-failed");
  // The untouched blob still unwraps.
  assert.equal((await unwrap(t, "dk", key.wrapped, aad)).status, 200);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("bad data-key requests are specific 4xx problems, never a 5xx", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "dk", algorithm: "ML-KEM-768" });
  await t.call("POST", "/v1/keys", { name: "dk2", algorithm: "ML-KEM-768" });
  await t.call("POST", "/v1/keys", { name: "dk-1024", algorithm: "ML-KEM-1024" });
  await t.call("POST", "/v1/keys", { name: "signer", algorithm: "ML-DSA-44" });
  const wrapped = b64((await generate(t, "dk")).wrapped);
  const cases: [string, string, unknown, number, string][] = [
    ["POST", "/v1/keys/dk/data-key", { bytes: 20 }, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key", { bytes: "32" }, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key", { aad: "not base64url!" }, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key", { extra: true }, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key", { version: 0 }, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key/unwrap", { wrapped: "QQ==" }, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key/unwrap", {}, 400, "validation"],
    ["POST", "/v1/keys/dk/data-key/unwrap", { wrapped: b64(new Uint8Array(2000)) }, 400, "validation"],
    ["POST", "/v1/keys/missing/data-key", {}, 404, "key-not-found"],
    ["POST", "/v1/keys/missing/data-key/unwrap", { wrapped }, 404, "key-not-found"],
    ["POST", "/v1/keys/dk/data-key", { version: 9 }, 404, "version-not-found"],
    ["POST", "/v1/keys/signer/data-key", {}, 422, "wrong-key-purpose"],
    ["POST", "/v1/keys/signer/data-key/unwrap", { wrapped }, 422, "wrong-key-purpose"],
    // Another key of the same algorithm: the KEM secret (and name) differ.
    ["POST", "/v1/keys/dk2/data-key/unwrap", { wrapped }, 422, "decryption-failed"],
    // Another algorithm: the lengths do not fit.
    ["POST", "/v1/keys/dk-1024/data-key/unwrap", { wrapped }, 422, "wrapped-key-malformed"],
    ["POST", "/v1/keys/dk/data-key/unwrap", { wrapped: "" }, 422, "wrapped-key-malformed"],
  ];
  for (const [method, path, body, status, type] of cases) {
    await expectProblem(await t.call(method, path, body), status, type);
  }
  assert.deepEqual(t.faults, [], "no request produced an internal fault");
}, SLOW);

test("data-key scopes and key-name patterns are enforced", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "orders-dk", algorithm: "X-Wing" });
  await t.call("POST", "/v1/keys", { name: "billing-dk", algorithm: "X-Wing" });
  const generator = (await t.tokens.create("", {
    name: "g",
    scopes: ["data-keys:generate"],
    keyPattern: "orders-*",
  })).secret;
  const unwrapper = (await t.tokens.create("", { name: "u", scopes: ["data-keys:unwrap"], keyPattern: "orders-*" }))
    .secret;
  const made = await expectJson(await t.call("POST", "/v1/keys/orders-dk/data-key", {}, generator), 200);
  await expectProblem(await t.call("POST", "/v1/keys/billing-dk/data-key", {}, generator), 403, "forbidden");
  const body = { wrapped: made.wrapped };
  await expectProblem(await t.call("POST", "/v1/keys/orders-dk/data-key/unwrap", body, generator), 403, "forbidden");
  const opened = await expectJson(await t.call("POST", "/v1/keys/orders-dk/data-key/unwrap", body, unwrapper), 200);
  assert.equal(opened.plaintext, made.plaintext);
  await expectProblem(await t.call("POST", "/v1/keys/orders-dk/data-key", {}, unwrapper), 403, "forbidden");
  // Another tenant has no key of that name.
  const other = (await t.tokens.create("tenant-b", { name: "b", scopes: ["data-keys:unwrap"], keyPattern: "*" }))
    .secret;
  await expectProblem(await t.call("POST", "/v1/keys/orders-dk/data-key/unwrap", body, other), 404, "key-not-found");
  assert.deepEqual(t.faults, []);
}, SLOW);
