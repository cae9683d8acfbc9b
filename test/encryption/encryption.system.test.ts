// Named-key encryption end to end through the HTTP API: round trips for both AEAD key types,
// every header byte and the tag tampered, wrong aad, another key's ciphertext, rotation then
// decrypt old + rewrap, minDecryptionVersion, batches with mixed items, the message limit
// (refuse and rotate), the scope attacker, and no key material in any answer.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { b64, bytes, expectJson, utf8 } from "../sessions/support.ts";
import { auditRowsAfter } from "../../src/db/audit.ts";

const SLOW = { timeoutMs: 30_000 };
const AEADS = ["AES-256-GCM", "ChaCha20-Poly1305"] as const;

async function encrypt(t: TestApp, name: string, plaintext: Uint8Array, aad?: Uint8Array, token?: string) {
  const body = { plaintext: b64(plaintext), ...(aad ? { aad: b64(aad) } : {}) };
  const res = await expectJson(await t.call("POST", `/v1/keys/${name}/encrypt`, body, token), 200);
  return { ciphertext: bytes(res.ciphertext), version: res.version as number };
}

function decrypt(t: TestApp, name: string, ciphertext: Uint8Array, aad?: Uint8Array, token?: string) {
  return t.call("POST", `/v1/keys/${name}/decrypt`, {
    ciphertext: b64(ciphertext),
    ...(aad ? { aad: b64(aad) } : {}),
  }, token);
}

async function createKey(t: TestApp, name: string, algorithm: string) {
  return await expectJson(await t.call("POST", "/v1/keys", { name, algorithm }), 201);
}

test("encrypt then decrypt round-trips for both key types; the ciphertext names its version", async () => {
  await using t = await testApp();
  for (const algorithm of AEADS) {
    const name = `enc-${algorithm.toLowerCase()}`;
    const view = await createKey(t, name, algorithm);
    assert.equal(view.purpose, "aead");
    assert.equal(view.messageLimitAction, "rotate");
    const versions = view.versions as { publicKey: string }[];
    assert.equal(versions[0]?.publicKey, "", "no public half, and nothing secret in its place");
    for (const size of [0, 1, 1000]) {
      const plaintext = crypto.getRandomValues(new Uint8Array(size));
      const aad = utf8(`record=${size}`);
      const { ciphertext, version } = await encrypt(t, name, plaintext, aad);
      assert.equal(version, 1);
      assert.equal(ciphertext[0], 1);
      assert.deepEqual([...ciphertext.subarray(1, 5)], [0, 0, 0, 1]);
      assert.equal(ciphertext.length, 5 + 12 + size + 16);
      const opened = await expectJson(await decrypt(t, name, ciphertext, aad), 200);
      assert.deepEqual(bytes(opened.plaintext), plaintext, `${algorithm}/${size}`);
      assert.equal(opened.version, 1);
    }
    const a = await encrypt(t, name, utf8("same"));
    const b = await encrypt(t, name, utf8("same"));
    assert.notDeepEqual(a.ciphertext, b.ciphertext, "a fresh nonce each time");
  }
  assert.deepEqual(t.faults, []);
}, SLOW);

test("a tampered header byte, nonce, body or tag, wrong aad or another key's ciphertext is 422", async () => {
  await using t = await testApp();
  await createKey(t, "k", "AES-256-GCM");
  await createKey(t, "other", "AES-256-GCM");
  await expectJson(await t.call("POST", "/v1/keys/k/rotate"), 200);
  const aad = utf8("aad");
  const { ciphertext } = await encrypt(t, "k", utf8("attack at dawn"), aad);
  for (let i = 0; i < ciphertext.length; i++) {
    const bad = ciphertext.slice();
    bad[i] = (bad[i] as number) ^ (i === 0 ? 0x02 : 0x01);
    const res = await decrypt(t, "k", bad, aad);
    // Byte 0 is the format; bytes 1–4 name the version (version 3 does not exist, version 0 neither).
    await expectProblem(res, 422, i === 0 ? "ciphertext-malformed" : "decryption-failed");
  }
  // The version field edited to name the other existing version: still refused (bound in the aad).
  const v1 = ciphertext.slice();
  v1[4] = 1;
  await expectProblem(await decrypt(t, "k", v1, aad), 422, "decryption-failed");
  await expectProblem(await decrypt(t, "k", ciphertext, utf8("aae")), 422, "decryption-failed");
  await expectProblem(await decrypt(t, "k", ciphertext), 422, "decryption-failed");
  await expectProblem(await decrypt(t, "other", ciphertext, aad), 422, "decryption-failed");
  await expectProblem(await decrypt(t, "k", ciphertext.subarray(0, 32), aad), 422, "ciphertext-malformed");
  // A key deleted and re-created under the same name is another key (its id is bound).
  await createKey(t, "sig", "ML-DSA-44");
  await expectProblem(await decrypt(t, "sig", ciphertext, aad), 422, "wrong-key-purpose");
  await expectProblem(
    await t.call("POST", "/v1/keys/sig/encrypt", { plaintext: b64(utf8("x")) }),
    422,
    "wrong-key-purpose",
  );
  assert.deepEqual(t.faults, []);
}, SLOW);

test(
  "after rotation old ciphertexts decrypt and rewrap to the latest version, until minDecryptionVersion",
  async () => {
    await using t = await testApp();
    await createKey(t, "k", "ChaCha20-Poly1305");
    const aad = utf8("row 7");
    const old = await encrypt(t, "k", utf8("secret"), aad);
    await expectJson(await t.call("POST", "/v1/keys/k/rotate"), 200);
    const fresh = await encrypt(t, "k", utf8("secret"), aad);
    assert.equal(fresh.version, 2);
    assert.deepEqual(
      bytes((await expectJson(await decrypt(t, "k", old.ciphertext, aad), 200)).plaintext),
      utf8("secret"),
    );
    const rewrapped = await expectJson(
      await t.call("POST", "/v1/keys/k/rewrap", { ciphertext: b64(old.ciphertext), aad: b64(aad) }),
      200,
    );
    assert.equal(rewrapped.version, 2);
    const rewrappedBytes = bytes(rewrapped.ciphertext);
    assert.deepEqual([...rewrappedBytes.subarray(1, 5)], [0, 0, 0, 2]);
    assert.equal(JSON.stringify(rewrapped).includes(b64(utf8("secret"))), false, "rewrap never shows the plaintext");
    await expectProblem(
      await t.call("POST", "/v1/keys/k/rewrap", { ciphertext: b64(old.ciphertext), aad: b64(utf8("other")) }),
      422,
      "decryption-failed",
    );
    await expectJson(await t.call("PATCH", "/v1/keys/k/config", { minDecryptionVersion: 2 }), 200);
    await expectProblem(await decrypt(t, "k", old.ciphertext, aad), 409, "version-disabled");
    const opened = await expectJson(await decrypt(t, "k", rewrappedBytes, aad), 200);
    assert.deepEqual(bytes(opened.plaintext), utf8("secret"));
    assert.deepEqual(t.faults, []);
  },
  SLOW,
);

test("batches answer per item: good and bad items side by side", async () => {
  await using t = await testApp();
  await createKey(t, "k", "AES-256-GCM");
  const enc = await expectJson(
    await t.call("POST", "/v1/keys/k/encrypt-batch", {
      items: [{ plaintext: b64(utf8("one")) }, { plaintext: b64(utf8("two")), aad: b64(utf8("a")) }],
    }),
    200,
  );
  const [one, two] = enc.results as { ok: boolean; ciphertext: string; version: number }[];
  assert.equal(one?.ok, true);
  assert.equal(two?.version, 1);
  const dec = await expectJson(
    await t.call("POST", "/v1/keys/k/decrypt-batch", {
      items: [
        { ciphertext: one?.ciphertext },
        { ciphertext: two?.ciphertext }, // aad missing
        { ciphertext: two?.ciphertext, aad: b64(utf8("a")) },
        { ciphertext: b64(new Uint8Array(40)) },
      ],
    }),
    200,
  );
  const results = dec.results as { ok: boolean; plaintext?: string; problem?: { type: string; status: number } }[];
  assert.deepEqual(bytes(results[0]?.plaintext), utf8("one"));
  assert.equal(results[1]?.problem?.type, "urn:pqgate:problem:decryption-failed");
  assert.equal(results[1]?.problem?.status, 422);
  assert.deepEqual(bytes(results[2]?.plaintext), utf8("two"));
  assert.equal(results[3]?.problem?.type, "urn:pqgate:problem:ciphertext-malformed");
  await expectJson(await t.call("POST", "/v1/keys/k/rotate"), 200);
  const re = await expectJson(
    await t.call("POST", "/v1/keys/k/rewrap-batch", {
      items: [{ ciphertext: one?.ciphertext }, { ciphertext: two?.ciphertext, aad: b64(utf8("b")) }],
    }),
    200,
  );
  const [r1, r2] = re.results as { ok: boolean; version?: number; problem?: { type: string } }[];
  assert.equal(r1?.version, 2);
  assert.equal(r2?.problem?.type, "urn:pqgate:problem:decryption-failed");
  const tooMany = { items: Array.from({ length: 101 }, () => ({ plaintext: "" })) };
  await expectProblem(await t.call("POST", "/v1/keys/k/encrypt-batch", tooMany), 400, "validation");
  assert.deepEqual(t.faults, []);
}, SLOW);

test("at the message limit a version rotates by default, or refuses with 409 when configured", async () => {
  await using t = await testApp({ messageBudget: { messageLimit: 3, reservationBlock: 2 } });
  await createKey(t, "auto", "AES-256-GCM");
  const versions: number[] = [];
  for (let i = 0; i < 7; i++) versions.push((await encrypt(t, "auto", utf8(`m${i}`))).version);
  // Blocks of 2 under a limit of 3: one block per version fits, so each version encrypts 2.
  assert.deepEqual(versions, [1, 1, 2, 2, 3, 3, 4]);
  await createKey(t, "strict", "AES-256-GCM");
  await expectJson(await t.call("PATCH", "/v1/keys/strict/config", { messageLimitAction: "refuse" }), 200);
  const first = await encrypt(t, "strict", utf8("a"));
  await encrypt(t, "strict", utf8("b"));
  await expectProblem(
    await t.call("POST", "/v1/keys/strict/encrypt", { plaintext: b64(utf8("c")) }),
    409,
    "message-limit-reached",
  );
  // Decryption is not limited; an operator's rotation restores encryption.
  await expectJson(await decrypt(t, "strict", first.ciphertext), 200);
  await expectJson(await t.call("POST", "/v1/keys/strict/rotate"), 200);
  assert.equal((await encrypt(t, "strict", utf8("c"))).version, 2);
  assert.deepEqual(t.faults, []);
}, SLOW);

test(
  "concurrent encryptions at the limit all succeed, and no version encrypts more than the limit",
  async () => {
    await using t = await testApp({ messageBudget: { messageLimit: 4, reservationBlock: 2 } });
    await createKey(t, "busy", "ChaCha20-Poly1305");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => encrypt(t, "busy", utf8(`m${i}`))));
    const perVersion = new Map<number, number>();
    for (const { version } of results) perVersion.set(version, (perVersion.get(version) ?? 0) + 1);
    for (const [version, count] of perVersion) assert.ok(count <= 4, `version ${version} encrypted ${count} > 4`);
    const view = await expectJson(await t.call("GET", "/v1/keys/busy"), 200);
    assert.ok((view.latestVersion as number) >= 3, "at least three versions for twelve messages");
    for (const { ciphertext } of results) await expectJson(await decrypt(t, "busy", ciphertext), 200);
    assert.deepEqual(t.faults, []);
  },
  SLOW,
);

test("encrypt and decrypt are separate scopes: an encrypt-only token cannot decrypt or rewrap", async () => {
  await using t = await testApp();
  await createKey(t, "orders-k", "AES-256-GCM");
  await createKey(t, "billing-k", "AES-256-GCM");
  const mint = async (scopes: string[], keyPattern: string) =>
    (await t.tokens.create("", { name: `t-${scopes.join("-")}-${keyPattern}`, scopes: scopes as never, keyPattern }))
      .secret;
  const encryptOnly = await mint(["keys:encrypt"], "orders-*");
  const decryptOnly = await mint(["keys:decrypt"], "orders-*");
  const { ciphertext } = await encrypt(t, "orders-k", utf8("pay 5"), undefined, encryptOnly);
  await expectProblem(await decrypt(t, "orders-k", ciphertext, undefined, encryptOnly), 403, "forbidden");
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-k/rewrap", { ciphertext: b64(ciphertext) }, encryptOnly),
    403,
    "forbidden",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-k/decrypt-batch", { items: [{ ciphertext: b64(ciphertext) }] }, encryptOnly),
    403,
    "forbidden",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/billing-k/encrypt", { plaintext: b64(utf8("x")) }, encryptOnly),
    403,
    "forbidden",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-k/encrypt", { plaintext: b64(utf8("x")) }, decryptOnly),
    403,
    "forbidden",
  );
  const opened = await expectJson(await decrypt(t, "orders-k", ciphertext, undefined, decryptOnly), 200);
  assert.deepEqual(bytes(opened.plaintext), utf8("pay 5"));
  assert.deepEqual(t.faults, []);
}, SLOW);

test("every operation is audited, and no answer carries key material", async () => {
  await using t = await testApp();
  await createKey(t, "k", "AES-256-GCM");
  const { ciphertext } = await encrypt(t, "k", utf8("x"));
  await expectJson(await decrypt(t, "k", ciphertext), 200);
  await expectJson(await t.call("POST", "/v1/keys/k/rewrap", { ciphertext: b64(ciphertext) }), 200);
  await expectJson(await t.call("POST", "/v1/keys/k/encrypt-batch", { items: [{ plaintext: "" }] }), 200);
  const actions = (await auditRowsAfter(t.db, 0, 1000)).map((r) => r.action);
  for (const action of ["keys.encrypt", "keys.decrypt", "keys.rewrap", "keys.encrypt-batch"]) {
    assert.ok(actions.includes(action), action);
  }
  const view = await expectJson(await t.call("GET", "/v1/keys/k"), 200);
  const text = JSON.stringify(view);
  assert.equal(/envelope|private|secret/i.test(text), false, text);
  assert.deepEqual(t.faults, []);
}, SLOW);
