// Authentication and limits of the /v1 API: bearer tokens stored as hashes, scopes per
// operation and key-name pattern, token management, revocation, rate limits, body limits.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { expectProblem, testApp } from "./support.ts";

const message = toBase64Url(new Uint8Array([1, 2, 3]));

test("requests without a valid token are 401; a token's secret is shown once and never listed", async () => {
  await using t = await testApp();
  await expectProblem(await t.call("GET", "/v1/keys", undefined, null), 401, "unauthorized");
  await expectProblem(await t.call("GET", "/v1/keys", undefined, "pqg_not-a-real-token"), 401, "unauthorized");
  const forged = `pqg_${toBase64Url(new Uint8Array(32))}`;
  await expectProblem(await t.call("GET", "/v1/keys", undefined, forged), 401, "unauthorized");
  const res = await t.app.request("/v1/keys", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
  await expectProblem(res, 401, "unauthorized");

  const created = await t.call("POST", "/v1/tokens", { name: "ci", scopes: ["keys:read"] });
  assert.equal(created.status, 201);
  const token = await created.json();
  assert.match(token.secret, /^pqg_[A-Za-z0-9_-]{43}$/);
  const listed = await (await t.call("GET", "/v1/tokens")).text();
  assert.ok(!listed.includes(token.secret), "the list never shows secrets");
  assert.ok(!listed.includes(token.secret.slice(4, 20)));
  assert.equal((await t.call("GET", "/v1/keys", undefined, token.secret)).status, 200);
});

test("scopes and key-name patterns are enforced per operation (403)", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "orders-signer", algorithm: "Ed25519" });
  await t.call("POST", "/v1/keys", { name: "payroll-signer", algorithm: "Ed25519" });
  const signer = await (await t.call("POST", "/v1/tokens", {
    name: "orders",
    scopes: ["keys:sign", "keys:verify"],
    keyPattern: "orders-*",
  })).json();
  const ok = await t.call("POST", "/v1/keys/orders-signer/sign", { message }, signer.secret);
  assert.equal(ok.status, 200);
  await expectProblem(
    await t.call("POST", "/v1/keys/payroll-signer/sign", { message }, signer.secret),
    403,
    "forbidden",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-signer/rotate", undefined, signer.secret),
    403,
    "forbidden",
  );
  await expectProblem(await t.call("GET", "/v1/keys", undefined, signer.secret), 403, "forbidden");
  await expectProblem(
    await t.call("POST", "/v1/keys", { name: "orders-new", algorithm: "Ed25519" }, signer.secret),
    403,
    "forbidden",
  );
  await expectProblem(await t.call("GET", "/v1/tokens", undefined, signer.secret), 403, "forbidden");
});

test("a revoked token is refused at once; revoking twice is 404", async () => {
  await using t = await testApp();
  const token = await (await t.call("POST", "/v1/tokens", { name: "short-lived", scopes: ["keys:read"] })).json();
  assert.equal((await t.call("GET", "/v1/keys", undefined, token.secret)).status, 200);
  assert.equal((await t.call("DELETE", `/v1/tokens/${token.id}`)).status, 204);
  await expectProblem(await t.call("GET", "/v1/keys", undefined, token.secret), 401, "unauthorized");
  await expectProblem(await t.call("DELETE", `/v1/tokens/${token.id}`), 404, "token-not-found");
  await expectProblem(await t.call("DELETE", "/v1/tokens/not-a-uuid"), 400, "validation");
  await expectProblem(await t.call("POST", "/v1/tokens", { name: "x", scopes: ["root"] }), 400, "validation");
  const listed = await (await t.call("GET", "/v1/tokens")).json();
  const revoked = listed.tokens.find((k: { id: string }) => k.id === token.id);
  assert.ok(revoked.revokedAt !== null);
});

test("each token has its own rate limit (429 naming it, with retry-after); bodies over the limit are 413", async () => {
  await using t = await testApp({ ratePerSecond: 1, rateBurst: 3, maxBodyBytes: 1024 });
  const other = await (await t.call("POST", "/v1/tokens", { name: "other", scopes: ["keys:read"] })).json();
  // The admin token spent one request creating `other`.
  assert.equal((await t.call("GET", "/v1/keys")).status, 200);
  assert.equal((await t.call("GET", "/v1/keys")).status, 200);
  const limited = await t.call("GET", "/v1/keys");
  const body = await expectProblem(limited, 429, "rate-limited");
  assert.ok(Number(limited.headers.get("retry-after")) >= 1);
  // The refusal names the limit it hit, so a load test reads as one, not as a broken gateway.
  assert.deepEqual(
    [body.limit, body.rate, body.burst, body.retryAfterSeconds],
    ["token", 1, 3, Number(limited.headers.get("retry-after"))],
  );
  assert.match(String(body.detail), /token.*1 requests\/s, burst 3, per gateway process/);
  assert.equal((await t.call("GET", "/v1/keys", undefined, other.secret)).status, 200, "other tokens unaffected");
  const big = await t.app.request("/v1/keys", {
    method: "POST",
    headers: { authorization: "Bearer x", "content-type": "application/json" },
    body: JSON.stringify({ name: "k", algorithm: "Ed25519", pad: "x".repeat(4096) }),
  });
  await expectProblem(big, 413, "payload-too-large");
  assert.deepEqual(t.faults, []);
});
