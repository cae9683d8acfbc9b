// Issue 24, server defects 1-4, replayed over HTTP against a real app: integers beyond what
// storage holds, control characters in names, an admin token revoking the last admin token,
// a required body sent without a content type, a wrong method on a known path, and a body
// failing a union schema. Each answered 500, 200, 404 or a bare "Invalid input" before.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { KEM_PUBLIC_KEY_BYTES, SIGNING_PUBLIC_KEY_BYTES } from "../../src/common/sync.ts";
import { Postgres } from "../support/postgres.ts";
import { expectProblem, type TestApp, testApp } from "./support.ts";

const message = toBase64Url(new TextEncoder().encode("ship 3 crates"));
const TOO_BIG = 2 ** 31;
/** Each test builds an app on PGlite (initdb: seconds on a busy machine); Bun's default limit is 5 s. */
const SLOW = { timeoutMs: 120_000 };

type Errors = { path: string; message: string }[];

async function validationErrors(res: Response): Promise<Errors> {
  return (await expectProblem(res, 400, "validation")).errors as Errors;
}

test("integers beyond a 32-bit column are 400 (or fail their batch item alone), never 500", async () => {
  await using t = await testApp();
  for (const [name, algorithm] of [["signer", "ML-DSA-44"], ["kem", "ML-KEM-768"]]) {
    assert.equal((await t.call("POST", "/v1/keys", { name, algorithm })).status, 201);
  }
  const { signature } = await (await t.call("POST", "/v1/keys/signer/sign", { message })).json();
  for (const version of [TOO_BIG, 2 ** 53 - 1]) {
    for (
      const [path, body] of [
        ["/v1/keys/signer/sign", { message, version }],
        ["/v1/keys/signer/verify", { message, signature, version }],
        ["/v1/keys/kem/data-key", { version }],
        ["/v1/sessions", {
          mode: "gateway-key",
          keyName: "kem",
          version,
          ciphertext: toBase64Url(new Uint8Array(1088)),
        }],
      ] as const
    ) {
      const errors = await validationErrors(await t.call("POST", path, body));
      assert.deepEqual(errors.map((e) => e.path), ["version"], path);
    }
    const configured = await t.call("PATCH", "/v1/keys/signer/config", { minDecryptionVersion: version });
    assert.deepEqual((await validationErrors(configured)).map((e) => e.path), ["minDecryptionVersion"]);

    // A batch item naming a version no key can have fails alone, as a missing version does.
    const signed = await t.call("POST", "/v1/keys/signer/sign-batch", { items: [{ message }, { message, version }] });
    assert.equal(signed.status, 200, await signed.clone().text());
    const { results } = await signed.json();
    assert.equal(results[0].ok, true);
    assert.equal(results[1].problem.type, "urn:pqgate:problem:version-not-found");
    const verified = await t.call("POST", "/v1/keys/signer/verify-batch", {
      items: [{ message, signature, version }, { message, signature }],
    });
    assert.equal(verified.status, 200, await verified.clone().text());
    const verdicts = (await verified.json()).results;
    assert.equal(verdicts[0].problem.type, "urn:pqgate:problem:version-not-found");
    assert.deepEqual(verdicts[1], { ok: true, valid: true, version: 1 });
  }
  // A wrapped data key names its version as u32be: one above 2^31 - 1 is a missing version too.
  const { wrapped } = await (await t.call("POST", "/v1/keys/kem/data-key", {})).json();
  const forged = Uint8Array.from(Buffer.from(wrapped, "base64url"));
  new DataView(forged.buffer).setUint32(1, 0xffff_ffff);
  const unwrapped = await t.call("POST", "/v1/keys/kem/data-key/unwrap", { wrapped: toBase64Url(forged) });
  assert.ok(unwrapped.status >= 400 && unwrapped.status < 500, await unwrapped.clone().text());
  await unwrapped.body?.cancel();
  assert.deepEqual(t.faults, []);
}, SLOW);

test("control characters and lone surrogates in a name are 400 naming the field, never 500", async () => {
  await using t = await testApp();
  const zeros = (n: number) => toBase64Url(new Uint8Array(n));
  const account = await (await t.call("POST", "/v1/sync/accounts", { name: "ok" })).json();
  for (const bad of ["a\u0000b", "tab\there", "line\nbreak", "del\u007f", "c1\u0085", "esc\u001b[31m", "\ud800"]) {
    const token = await t.call("POST", "/v1/tokens", { name: bad, scopes: ["keys:read"] });
    assert.deepEqual((await validationErrors(token)).map((e) => e.path), ["name"], JSON.stringify(bad));
    const created = await t.call("POST", "/v1/sync/accounts", { name: bad });
    assert.deepEqual((await validationErrors(created)).map((e) => e.path), ["name"]);
    const device = await t.call("POST", `/v1/sync/accounts/${account.id}/devices`, {
      name: bad,
      signingPublicKey: zeros(SIGNING_PUBLIC_KEY_BYTES),
      kemPublicKey: zeros(KEM_PUBLIC_KEY_BYTES),
    });
    assert.deepEqual((await validationErrors(device)).map((e) => e.path), ["name"]);
  }
  // Ordinary text, spaces and non-Latin scripts included, is still a name.
  const fine = await t.call("POST", "/v1/tokens", { name: "CI signer – Zürich 東京 🚀", scopes: ["keys:read"] });
  assert.equal(fine.status, 201, await fine.clone().text());
  await fine.body?.cancel();
  assert.deepEqual(t.faults, []);
}, SLOW);

/** A live admin token of `owner` (every scope but the operator-only ones is enough). */
async function adminToken(t: TestApp, owner: string, name: string): Promise<{ id: string; secret: string }> {
  return await t.tokens.create(owner, { name, scopes: SCOPES, keyPattern: "*" });
}

async function liveAdmins(t: TestApp, owner: string): Promise<number> {
  return (await t.tokens.list(owner)).filter((x) => x.revokedAt === null && x.scopes.includes("tokens:admin")).length;
}

test("an owner's last live tokens:admin token cannot be revoked over HTTP; self-revocation says so", async () => {
  await using t = await testApp();
  const a = await adminToken(t, "acme", "a");
  const reader = await t.tokens.create("acme", { name: "reader", scopes: ["keys:read"], keyPattern: "*" });
  const revoke = (id: string, secret: string) => t.call("DELETE", `/v1/tokens/${id}`, undefined, secret);

  const last = await expectProblem(await revoke(a.id, a.secret), 409, "last-admin-token");
  assert.match(String(last.detail), /last live token with tokens:admin/);
  // Revoking a token without tokens:admin never needs the check, and says nothing of itself.
  const other = await revoke(reader.id, a.secret);
  assert.equal(other.status, 204);
  assert.equal(other.headers.get("pqgate-self-revoked"), null);

  const b = await adminToken(t, "acme", "b");
  const self = await revoke(a.id, a.secret);
  assert.equal(self.status, 204);
  assert.equal(self.headers.get("pqgate-self-revoked"), "true");
  await expectProblem(await t.call("GET", "/v1/tokens", undefined, a.secret), 401, "unauthorized");
  await expectProblem(await revoke(b.id, b.secret), 409, "last-admin-token");
  assert.equal(await liveAdmins(t, "acme"), 1);
  // The operator still can (the CLI's path): its decision, not a token's.
  assert.equal(await t.tokens.revoke("acme", b.id), true);
  assert.equal(await liveAdmins(t, "acme"), 0);
  assert.deepEqual(t.faults, []);
}, SLOW);

/** Two admin tokens revoke each other at once, round after round: one always survives. */
async function mutualRevocations(t: TestApp, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const owner = `race-${round}`;
    const [a, b] = [await adminToken(t, owner, "a"), await adminToken(t, owner, "b")];
    const answers = await Promise.all([
      t.call("DELETE", `/v1/tokens/${b.id}`, undefined, a.secret),
      t.call("DELETE", `/v1/tokens/${a.id}`, undefined, b.secret),
    ]);
    const statuses = answers.map((res) => res.status).sort();
    await Promise.all(answers.map((res) => res.body?.cancel()));
    // One wins; the other is refused as the last admin (or, had the first committed before it
    // authenticated, as revoked): never both revoked.
    assert.equal(statuses[0], 204, `round ${round}: ${statuses}`);
    assert.ok(statuses[1] === 409 || statuses[1] === 401, `round ${round}: ${statuses}`);
    assert.equal(await liveAdmins(t, owner), 1, `round ${round}`);
  }
}

test("two admin tokens revoking each other at once leave one live (PGlite)", async () => {
  await using t = await testApp();
  await mutualRevocations(t, 10);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("two admin tokens revoking each other at once leave one live (PostgreSQL)", async () => {
  await using pg = await Postgres.start();
  await using t = await testApp({ databaseUrl: await pg.createDatabase() });
  await mutualRevocations(t, 20);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("a route with a required JSON body refuses a request without one: 415, not 200", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "signer", algorithm: "ML-DSA-44" });
  const token = (await t.tokens.create("", { name: "x", scopes: SCOPES, keyPattern: "*" })).secret;
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    t.app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...headers }, body: body ?? null });
  const routes: [string, string][] = [["PATCH", "/v1/keys/signer/config"], ["POST", "/v1/keys/signer/sign"], [
    "POST",
    "/v1/tokens",
  ]];
  for (const [method, path] of routes) {
    await expectProblem(await send(method, path, {}), 415, "unsupported-media-type");
    await expectProblem(
      await send(method, path, { "content-type": "text/plain" }, "{}"),
      415,
      "unsupported-media-type",
    );
  }
  // With the content type, an empty body is malformed JSON and `{}` is what it always was.
  await expectProblem(
    await send("PATCH", "/v1/keys/signer/config", { "content-type": "application/json" }),
    400,
    "http-error",
  );
  const ok = await send("PATCH", "/v1/keys/signer/config", { "content-type": "application/json; charset=utf-8" }, "{}");
  assert.equal(ok.status, 200, await ok.clone().text());
  // Routes without a body need no content type.
  assert.equal((await send("POST", "/v1/keys/signer/rotate", {})).status, 200);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("a wrong method on a known path is 405 with Allow from the route table; an unknown path stays 404", async () => {
  await using t = await testApp();
  const cases: [string, string, string][] = [
    ["PUT", "/v1/keys", "GET, HEAD, POST"],
    ["DELETE", "/v1/keys/signer/sign", "POST"],
    ["GET", "/v1/keys/signer/config", "PATCH"],
    ["POST", "/v1/tokens/00000000-0000-4000-8000-000000000000", "DELETE"],
    ["PATCH", "/v1/keys/signer/deletion", "DELETE, POST"],
    ["POST", "/healthz", "GET, HEAD"],
    ["DELETE", "/openapi.json", "GET, HEAD"],
  ];
  for (const [method, path, allow] of cases) {
    const res = await t.call(method, path);
    await expectProblem(res, 405, "method-not-allowed");
    assert.equal(res.headers.get("allow"), allow, `${method} ${path}`);
  }
  await expectProblem(await t.call("GET", "/v1/nothing-here"), 404, "not-found");
  await expectProblem(await t.call("GET", "/v1/keys/signer/sign/extra"), 404, "not-found");
  // Authentication still comes first on /v1: no token, no route table.
  await expectProblem(await t.call("PUT", "/v1/keys", undefined, null), 401, "unauthorized");
}, SLOW);

test("a body failing a union says which alternative failed and why", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" });
  const account = await (await t.call("POST", "/v1/sync/accounts", { name: "acct" })).json();
  const device = "00000000-0000-4000-8000-000000000000";

  const mode = await validationErrors(await t.call("POST", "/v1/sessions", { mode: "psk" }));
  assert.deepEqual(mode, [{
    path: "mode",
    message: 'the discriminator mode must be one of "client-key", "gateway-key"',
  }]);

  const bytes = await validationErrors(await t.call("POST", "/v1/keys/kem/data-key", { bytes: 17 }));
  assert.deepEqual(bytes, [{ path: "bytes", message: "must be one of 16, 24, 32" }]);

  const revoke = `/v1/sync/accounts/${account.id}/devices/${device}/revoke`;
  const notObject = await validationErrors(await t.call("POST", revoke, "null"));
  assert.deepEqual(notObject, [{ path: "", message: "Invalid input: expected object, received null" }]);
  const half = await validationErrors(await t.call("POST", revoke, { revokerId: 5 }));
  assert.ok(half.length > 0);
  for (const error of half) {
    assert.notEqual(error.message, "Invalid input");
    assert.match(error.message, /^alternative [12] of 2: |Unrecognized key/);
  }
}, SLOW);
