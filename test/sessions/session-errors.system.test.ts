// Every way a session request can be refused is its own 4xx problem; none is a 5xx.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, testApp } from "../routes/support.ts";
import type { Clock } from "../../src/common/clock.ts";
import { b64, bytes, expectJson, NOBLE, utf8 } from "./support.ts";

/** HTTP round trips on a shared CI machine: well above Bun's 5 s default. */
const SLOW = { timeoutMs: 30_000 };

/** A clock the test moves by hand. */
function manualClock(): Clock & { advance(seconds: number): void } {
  let now = Date.now();
  return { now: () => new Date(now), advance: (seconds) => void (now += seconds * 1000) };
}

const plaintext = b64(utf8("secret"));

test("bad session requests are specific 4xx problems, never a 5xx", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" });
  await t.call("POST", "/v1/keys", { name: "signer", algorithm: "ML-DSA-44" });
  const { publicKey } = NOBLE["ML-KEM-768"].keygen();
  const made = await t.call("POST", "/v1/sessions", {
    mode: "client-key",
    algorithm: "ML-KEM-768",
    clientPublicKey: b64(publicKey),
  });
  const id = String((await expectJson(made, 201)).sessionId);
  const sealed = String(
    (await expectJson(await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext, aad: "YQ" }), 200)).sealed,
  );
  const tampered = bytes(sealed);
  tampered[20] = (tampered[20] ?? 0) ^ 1;
  const unknown = b64(new Uint8Array(16));
  const ct768 = b64(new Uint8Array(1088));
  const cases: [string, string, unknown, number, string][] = [
    // Contract violations.
    ["POST", "/v1/sessions", { mode: "psk", algorithm: "ML-KEM-768" }, 400, "validation"],
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-DSA-65", clientPublicKey: b64(publicKey) },
      400,
      "validation",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: "not base64!" },
      400,
      "validation",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: "QQ==" },
      400,
      "validation",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(publicKey), ttlSeconds: 901 },
      400,
      "validation",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(publicKey), extra: 1 },
      400,
      "validation",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "gateway-key", keyName: "kem", ciphertext: ct768, clientPublicKey: b64(publicKey) },
      400,
      "validation",
    ],
    ["POST", "/v1/sessions/abc/seal", { plaintext }, 400, "validation"],
    ["POST", "/v1/sessions/AAAAAAAAAAAAAAAAAAAAAB/seal", { plaintext }, 400, "validation"],
    ["POST", `/v1/sessions/${id}/seal`, { plaintext: "***" }, 400, "validation"],
    ["POST", `/v1/sessions/${id}/open`, { sealed: "a=b" }, 400, "validation"],
    // Wrong sizes and invalid keys.
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-1024", clientPublicKey: b64(publicKey) },
      422,
      "invalid-crypto-input",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(new Uint8Array(1184).fill(0xff)) },
      422,
      "invalid-crypto-input",
    ],
    [
      "POST",
      "/v1/sessions",
      { mode: "gateway-key", keyName: "kem", ciphertext: b64(new Uint8Array(768)) },
      422,
      "invalid-crypto-input",
    ],
    // Stored keys.
    ["POST", "/v1/sessions", { mode: "gateway-key", keyName: "missing", ciphertext: ct768 }, 404, "key-not-found"],
    [
      "POST",
      "/v1/sessions",
      { mode: "gateway-key", keyName: "kem", version: 9, ciphertext: ct768 },
      404,
      "version-not-found",
    ],
    ["POST", "/v1/sessions", { mode: "gateway-key", keyName: "signer", ciphertext: ct768 }, 422, "wrong-key-purpose"],
    // Sessions.
    ["POST", `/v1/sessions/${unknown}/seal`, { plaintext }, 404, "session-not-found"],
    ["DELETE", `/v1/sessions/${unknown}`, undefined, 404, "session-not-found"],
    ["POST", `/v1/sessions/${id}/open`, { sealed: b64(tampered), aad: "YQ" }, 422, "decryption-failed"],
    ["POST", `/v1/sessions/${id}/open`, { sealed, aad: "Yg" }, 422, "decryption-failed"],
    ["POST", `/v1/sessions/${id}/open`, { sealed }, 422, "decryption-failed"],
    ["POST", `/v1/sessions/${id}/open`, { sealed: b64(new Uint8Array(5)) }, 422, "decryption-failed"],
  ];
  for (const [method, path, body, status, type] of cases) {
    const problem = await expectProblem(await t.call(method, path, body), status, type);
    if (type === "invalid-crypto-input") assert.ok(["INVALID_LENGTH", "INVALID_KEY"].includes(String(problem.code)));
  }
  // The session survived every refused open.
  assert.equal((await t.call("POST", `/v1/sessions/${id}/open`, { sealed, aad: "YQ" })).status, 200);
  assert.deepEqual(t.faults, [], "no request produced an internal fault");
}, SLOW);

test("sessions belong to their owner; scopes and key patterns apply", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-512" });
  const { publicKey } = NOBLE["ML-KEM-512"].keygen();
  const body = { mode: "client-key", algorithm: "ML-KEM-512", clientPublicKey: b64(publicKey) };
  const id = String((await expectJson(await t.call("POST", "/v1/sessions", body), 201)).sessionId);
  const other = (await t.tokens.create("tenant-b", { name: "b", scopes: ["sessions:use"], keyPattern: "*" })).secret;
  await expectProblem(await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext }, other), 404, "session-not-found");
  await expectProblem(await t.call("DELETE", `/v1/sessions/${id}`, undefined, other), 404, "session-not-found");
  const noScope = (await t.tokens.create("", { name: "r", scopes: ["keys:read"], keyPattern: "*" })).secret;
  await expectProblem(await t.call("POST", "/v1/sessions", body, noScope), 403, "forbidden");
  await expectProblem(await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext }, noScope), 403, "forbidden");
  const narrow = (await t.tokens.create("", { name: "n", scopes: ["sessions:use"], keyPattern: "orders-*" })).secret;
  const gatewayKey = { mode: "gateway-key", keyName: "kem", ciphertext: b64(new Uint8Array(768)) };
  await expectProblem(await t.call("POST", "/v1/sessions", gatewayKey, narrow), 403, "forbidden");
  await expectProblem(await t.call("POST", "/v1/sessions", body, null), 401, "unauthorized");
  // The owner's session is untouched by all of that.
  assert.equal((await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext })).status, 200);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("sessions expire (default 15 minutes, or sooner on request) and are then purged", async () => {
  const clock = manualClock();
  await using t = await testApp({ sessionClock: clock });
  const { publicKey } = NOBLE["ML-KEM-768"].keygen();
  const body = { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(publicKey) };
  const long = await expectJson(await t.call("POST", "/v1/sessions", body), 201);
  const short = await expectJson(await t.call("POST", "/v1/sessions", { ...body, ttlSeconds: 60 }), 201);
  assert.equal(Date.parse(String(long.expiresAt)) - clock.now().getTime(), 900_000);
  assert.equal(Date.parse(String(short.expiresAt)) - clock.now().getTime(), 60_000);
  clock.advance(59);
  assert.equal((await t.call("POST", `/v1/sessions/${short.sessionId}/seal`, { plaintext })).status, 200);
  clock.advance(1);
  await expectProblem(
    await t.call("POST", `/v1/sessions/${short.sessionId}/seal`, { plaintext }),
    410,
    "session-expired",
  );
  await expectProblem(
    await t.call("POST", `/v1/sessions/${short.sessionId}/seal`, { plaintext }),
    404,
    "session-not-found",
  );
  assert.equal((await t.call("POST", `/v1/sessions/${long.sessionId}/seal`, { plaintext })).status, 200);
  clock.advance(900);
  await expectProblem(
    await t.call("POST", `/v1/sessions/${long.sessionId}/open`, { sealed: "" }),
    410,
    "session-expired",
  );
  await expectProblem(await t.call("DELETE", `/v1/sessions/${long.sessionId}`), 404, "session-not-found");
  assert.deepEqual(t.faults, []);
}, SLOW);
