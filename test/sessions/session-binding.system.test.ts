// Issue 16 item 8, replayed over HTTP: a session belongs to the token that established it, not
// to its owner. A second token of the same owner (with sessions:use, even with a `*` pattern)
// cannot confirm, seal, open or end it; the first token still can.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, testApp } from "../routes/support.ts";
import { b64, bytes, clientKeySecrets, expectJson, NOBLE, utf8 } from "./support.ts";

const SLOW = { timeoutMs: 60_000 };

test("another token of the same owner cannot confirm, seal, open or end a token's session", async () => {
  await using t = await testApp();
  const first = await t.tokens.create("acme", { name: "a", scopes: ["sessions:use"], keyPattern: "kem-*" });
  const second = await t.tokens.create("acme", { name: "b", scopes: ["sessions:use"], keyPattern: "*" });
  const kem = NOBLE["ML-KEM-768"];
  const { publicKey, secretKey } = kem.keygen();
  const session = await expectJson(
    await t.call(
      "POST",
      "/v1/sessions",
      { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(publicKey) },
      first.secret,
    ),
    201,
  );
  const id = String(session.sessionId);
  const secrets = await clientKeySecrets(session, { publicKey, secretKey });
  const sealedByClient = await expectJson(
    await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext: b64(utf8("secret")) }, first.secret),
    200,
  );

  // The second token replays every session call: the same answer as for an unknown id.
  const attempts: [string, string, unknown][] = [
    ["POST", `/v1/sessions/${id}/confirm`, { confirmation: b64(secrets.clientConfirmation) }],
    ["POST", `/v1/sessions/${id}/seal`, { plaintext: b64(utf8("forged")) }],
    ["POST", `/v1/sessions/${id}/open`, { sealed: sealedByClient.sealed }],
    ["DELETE", `/v1/sessions/${id}`, undefined],
  ];
  for (const [method, path, body] of attempts) {
    await expectProblem(await t.call(method, path, body, second.secret), 404, "session-not-found");
  }
  // A wrong confirmation from the other token does not end the session either.
  await expectProblem(
    await t.call("POST", `/v1/sessions/${id}/confirm`, { confirmation: b64(new Uint8Array(32)) }, second.secret),
    404,
    "session-not-found",
  );

  // The session is intact for its own token.
  const confirmed = await t.call(
    "POST",
    `/v1/sessions/${id}/confirm`,
    { confirmation: b64(secrets.clientConfirmation) },
    first.secret,
  );
  assert.deepEqual(await expectJson(confirmed, 200), { confirmed: true });
  const opened = await expectJson(
    await t.call("POST", `/v1/sessions/${id}/open`, { sealed: sealedByClient.sealed }, first.secret),
    200,
  );
  assert.deepEqual(bytes(opened.plaintext), utf8("secret"));
  assert.equal((await t.call("DELETE", `/v1/sessions/${id}`, undefined, first.secret)).status, 204);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("a gateway-key session is usable only by its token, whose pattern allows its key", async () => {
  await using t = await testApp();
  const key = await expectJson(await t.call("POST", "/v1/keys", { name: "kem-a", algorithm: "ML-KEM-768" }), 201);
  const gatewayPublicKey = bytes((key.versions as { publicKey: string }[])[0]?.publicKey);
  const owner = await t.tokens.create("", { name: "a", scopes: ["sessions:use"], keyPattern: "kem-*" });
  const narrow = await t.tokens.create("", { name: "b", scopes: ["sessions:use"], keyPattern: "other-*" });
  const { cipherText } = NOBLE["ML-KEM-768"].encapsulate(gatewayPublicKey);
  const body = { mode: "gateway-key", keyName: "kem-a", ciphertext: b64(cipherText) };
  await expectProblem(await t.call("POST", "/v1/sessions", body, narrow.secret), 403, "forbidden");
  const session = await expectJson(await t.call("POST", "/v1/sessions", body, owner.secret), 201);
  const id = String(session.sessionId);
  for (const token of [narrow.secret, undefined /* the admin token: same owner, `*` pattern */]) {
    await expectProblem(
      await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext: b64(utf8("x")) }, token),
      404,
      "session-not-found",
    );
    await expectProblem(await t.call("DELETE", `/v1/sessions/${id}`, undefined, token), 404, "session-not-found");
  }
  const sealed = await t.call("POST", `/v1/sessions/${id}/seal`, { plaintext: b64(utf8("x")) }, owner.secret);
  assert.equal(sealed.status, 200);
  await sealed.body?.cancel();
}, SLOW);
