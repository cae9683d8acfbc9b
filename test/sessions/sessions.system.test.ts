// Session keys end to end, against an independent client: @noble/post-quantum for the KEM,
// WebCrypto for SHA-256, HKDF and AES-256-GCM, and the key schedule as docs/SESSIONS.md states it
// (examples/session-protocol.ts). Both modes, every KEM.

import { loadPqgate } from "../../ffi/mod.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { derive, open, seal } from "../../examples/session-protocol.ts";
import { b64, bytes, expectJson, KEMS, NOBLE, utf8 } from "./support.ts";

/** HTTP round trips on a shared CI machine: well above Bun's 5 s default. */
const SLOW = { timeoutMs: 30_000 };

const pq = loadPqgate();

/** Seals and opens in both directions under an established session; confirms; ends it. */
async function exercise(t: TestApp, sessionId: string, sessionKey: Uint8Array, clientTag: Uint8Array): Promise<void> {
  const aad = utf8("order 42");
  // Gateway seals, the client opens with WebCrypto.
  const sealed = await expectJson(
    await t.call("POST", `/v1/sessions/${sessionId}/seal`, { plaintext: b64(utf8("from the gateway")), aad: b64(aad) }),
    200,
  );
  assert.deepEqual(await open(sessionKey, aad, bytes(sealed.sealed)), utf8("from the gateway"));
  // The client seals with the binding's AES-GCM and with WebCrypto; the gateway opens both.
  for (
    const mine of [
      pq.aeadSeal("AES-256-GCM", sessionKey, aad, utf8("from the client")),
      await seal(sessionKey, aad, utf8("from the client")),
    ]
  ) {
    const opened = await expectJson(
      await t.call("POST", `/v1/sessions/${sessionId}/open`, { sealed: b64(mine), aad: b64(aad) }),
      200,
    );
    assert.deepEqual(bytes(opened.plaintext), utf8("from the client"));
  }
  // No aad on either side is the empty aad.
  const bare = await expectJson(
    await t.call("POST", `/v1/sessions/${sessionId}/seal`, { plaintext: b64(utf8("x")) }),
    200,
  );
  assert.deepEqual(await open(sessionKey, new Uint8Array(0), bytes(bare.sealed)), utf8("x"));
  // The client proves its key; then ends the session.
  const confirmed = await t.call("POST", `/v1/sessions/${sessionId}/confirm`, { confirmation: b64(clientTag) });
  assert.deepEqual(await expectJson(confirmed, 200), { confirmed: true });
  assert.equal((await t.call("DELETE", `/v1/sessions/${sessionId}`)).status, 204);
  await expectProblem(
    await t.call("POST", `/v1/sessions/${sessionId}/seal`, { plaintext: b64(utf8("x")) }),
    404,
    "session-not-found",
  );
}

test("client-key mode: a noble client key, every KEM, derived and confirmed by the client", async () => {
  await using t = await testApp();
  for (const algorithm of KEMS) {
    const kem = NOBLE[algorithm];
    const { publicKey, secretKey } = kem.keygen();
    const before = Date.now();
    const session = await expectJson(
      await t.call("POST", "/v1/sessions", { mode: "client-key", algorithm, clientPublicKey: b64(publicKey) }),
      201,
    );
    assert.equal(session.mode, "client-key");
    assert.equal(session.algorithm, algorithm);
    const expiresIn = Date.parse(String(session.expiresAt)) - before;
    assert.ok(expiresIn > 899_000 && expiresIn <= 901_000, `default TTL 15 min, got ${expiresIn} ms`);
    const sessionId = bytes(session.sessionId);
    assert.equal(sessionId.length, 16);
    const ciphertext = bytes(session.ciphertext);
    const sharedSecret = kem.decapsulate(ciphertext, secretKey);
    const secrets = await derive(sharedSecret, {
      mode: "client-key",
      algorithm,
      clientPublicKey: publicKey,
      ciphertext,
      sessionId,
    });
    assert.deepEqual(bytes(session.confirmation), secrets.gatewayConfirmation, `${algorithm}: confirmation`);
    await exercise(t, String(session.sessionId), secrets.sessionKey, secrets.clientConfirmation);
  }
  assert.deepEqual(t.faults, []);
}, SLOW);

test("gateway-key mode: a noble client encapsulates to a key made through /v1/keys, every KEM", async () => {
  await using t = await testApp();
  for (const algorithm of KEMS) {
    const keyName = `session-${algorithm.toLowerCase()}`;
    const key = await expectJson(await t.call("POST", "/v1/keys", { name: keyName, algorithm }), 201);
    const [v1] = key.versions as { publicKey: string; version: number }[];
    assert.ok(v1 !== undefined);
    const gatewayPublicKey = bytes(v1.publicKey);
    const { cipherText, sharedSecret } = NOBLE[algorithm].encapsulate(gatewayPublicKey);
    const session = await expectJson(
      await t.call("POST", "/v1/sessions", { mode: "gateway-key", keyName, ciphertext: b64(cipherText) }),
      201,
    );
    assert.equal(session.ciphertext, undefined);
    assert.equal(session.version, 1);
    assert.equal(session.keyName, keyName);
    const secrets = await derive(sharedSecret, {
      mode: "gateway-key",
      algorithm,
      keyName,
      keyVersion: 1,
      gatewayPublicKey,
      ciphertext: cipherText,
      sessionId: bytes(session.sessionId),
    });
    assert.deepEqual(bytes(session.confirmation), secrets.gatewayConfirmation, `${algorithm}: confirmation`);
    await exercise(t, String(session.sessionId), secrets.sessionKey, secrets.clientConfirmation);
  }
  assert.deepEqual(t.faults, []);
}, SLOW);

test("gateway-key mode with an explicit older version, after a rotation", async () => {
  await using t = await testApp();
  const v1 = await expectJson(await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" }), 201);
  await t.call("POST", "/v1/keys/kem/rotate");
  const publicKey = bytes((v1.versions as { publicKey: string }[])[0]?.publicKey);
  const { cipherText, sharedSecret } = NOBLE["ML-KEM-768"].encapsulate(publicKey);
  const body = { mode: "gateway-key", keyName: "kem", version: 1, ciphertext: b64(cipherText) };
  const session = await expectJson(await t.call("POST", "/v1/sessions", body), 201);
  assert.equal(session.version, 1);
  const secrets = await derive(sharedSecret, {
    mode: "gateway-key",
    algorithm: "ML-KEM-768",
    keyName: "kem",
    keyVersion: 1,
    gatewayPublicKey: publicKey,
    ciphertext: cipherText,
    sessionId: bytes(session.sessionId),
  });
  assert.deepEqual(bytes(session.confirmation), secrets.gatewayConfirmation);
  // Without `version` the latest (2) is used, so a ciphertext for version 1 fails confirmation.
  const latest = await expectJson(
    await t.call("POST", "/v1/sessions", { ...body, version: undefined }),
    201,
  );
  assert.equal(latest.version, 2);
  const wrong = await derive(sharedSecret, {
    mode: "gateway-key",
    algorithm: "ML-KEM-768",
    keyName: "kem",
    keyVersion: 2,
    gatewayPublicKey: publicKey,
    ciphertext: cipherText,
    sessionId: bytes(latest.sessionId),
  });
  assert.notDeepEqual(bytes(latest.confirmation), wrong.gatewayConfirmation);
  assert.deepEqual(t.faults, []);
}, SLOW);

test(
  "a corrupted ciphertext still gives a session (implicit rejection); the client's confirmation check catches it",
  async () => {
    await using t = await testApp();
    const key = await expectJson(await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" }), 201);
    const gatewayPublicKey = bytes((key.versions as { publicKey: string }[])[0]?.publicKey);
    const { cipherText, sharedSecret } = NOBLE["ML-KEM-768"].encapsulate(gatewayPublicKey);
    const corrupted = cipherText.slice();
    corrupted[100] = (corrupted[100] ?? 0) ^ 0x01;
    const session = await expectJson(
      await t.call("POST", "/v1/sessions", { mode: "gateway-key", keyName: "kem", ciphertext: b64(corrupted) }),
      201,
    );
    // Same transcript as the gateway's (the corrupted ciphertext): only the secret differs.
    const secrets = await derive(sharedSecret, {
      mode: "gateway-key",
      algorithm: "ML-KEM-768",
      keyName: "kem",
      keyVersion: 1,
      gatewayPublicKey,
      ciphertext: corrupted,
      sessionId: bytes(session.sessionId),
    });
    assert.notDeepEqual(bytes(session.confirmation), secrets.gatewayConfirmation, "the client detects the mismatch");
    // Data sealed by the client does not open at the gateway...
    const sealed = pq.aeadSeal("AES-256-GCM", secrets.sessionKey, new Uint8Array(0), utf8("hello"));
    const id = String(session.sessionId);
    await expectProblem(
      await t.call("POST", `/v1/sessions/${id}/open`, { sealed: b64(sealed) }),
      422,
      "decryption-failed",
    );
    // ...and the client's confirmation is refused, which ends the session.
    const confirm = await t.call("POST", `/v1/sessions/${id}/confirm`, {
      confirmation: b64(secrets.clientConfirmation),
    });
    await expectProblem(confirm, 422, "session-confirmation-failed");
    await expectProblem(await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext: "" }), 404, "session-not-found");
    assert.deepEqual(t.faults, []);
  },
  SLOW,
);

test("the gateway's own confirmation reflected back is not accepted as the client's", async () => {
  await using t = await testApp();
  const { publicKey } = NOBLE["ML-KEM-512"].keygen();
  const session = await expectJson(
    await t.call("POST", "/v1/sessions", {
      mode: "client-key",
      algorithm: "ML-KEM-512",
      clientPublicKey: b64(publicKey),
    }),
    201,
  );
  const confirm = await t.call("POST", `/v1/sessions/${session.sessionId}/confirm`, {
    confirmation: session.confirmation,
  });
  await expectProblem(confirm, 422, "session-confirmation-failed");
  assert.deepEqual(t.faults, []);
}, SLOW);

test("the OpenAPI document describes the session and data-key routes", async () => {
  await using t = await testApp();
  const doc = await expectJson(await t.call("GET", "/openapi.json"), 200);
  const paths = doc.paths as Record<string, unknown>;
  for (
    const path of [
      "/v1/sessions",
      "/v1/sessions/{id}",
      "/v1/sessions/{id}/confirm",
      "/v1/sessions/{id}/seal",
      "/v1/sessions/{id}/open",
      "/v1/keys/{name}/data-key",
      "/v1/keys/{name}/data-key/unwrap",
    ]
  ) {
    assert.ok(paths[path] !== undefined, path);
  }
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  for (
    const name of ["CreateSession", "ClientKeySession", "GatewayKeySession", "Session", "GenerateDataKey", "DataKey"]
  ) {
    assert.ok(schemas[name] !== undefined, name);
  }
}, SLOW);
