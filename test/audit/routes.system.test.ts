/**
 * The audit trail of the real app: what a realistic sequence of requests leaves in the log,
 * that no secret or payload reaches it, the verify route, and what happens when the log
 * cannot be written.
 *
 * @module
 */

import { sql } from "drizzle-orm";
import { type AuditRow, auditRowsAfter } from "../../src/db/audit.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";

const SLOW = { timeoutMs: 30_000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const message = toBase64Url(new TextEncoder().encode("ship 3 crates to the harbour"));

async function rows(t: TestApp): Promise<AuditRow[]> {
  return await auditRowsAfter(t.db, 0, 1000);
}

/** The id of the app's admin token (listing tokens is itself recorded). */
async function adminId(t: TestApp): Promise<string> {
  const listed = await (await t.call("GET", "/v1/tokens")).json() as { tokens: { id: string; name: string }[] };
  const admin = listed.tokens.find((token) => token.name === "test-admin");
  assert.ok(admin !== undefined);
  return admin.id;
}

test("a realistic scenario leaves a verifiable trail of actions and outcomes, and no secrets", async () => {
  await using t = await testApp();
  const admin = await adminId(t);
  assert.equal((await t.call("POST", "/v1/keys", { name: "orders-signer", algorithm: "ML-DSA-44" })).status, 201);
  const signer = await (await t.call("POST", "/v1/tokens", {
    name: "orders",
    scopes: ["keys:sign"],
    keyPattern: "orders-*",
  })).json() as { id: string; secret: string };
  const signed = await t.call("POST", "/v1/keys/orders-signer/sign", { message }, signer.secret);
  assert.equal(signed.status, 200);
  const { signature } = await signed.json() as { signature: string };
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-signer/rotate", undefined, signer.secret),
    403,
    "forbidden",
  );
  await expectProblem(await t.call("POST", "/v1/keys/orders-signer/sign", { message }, null), 401, "unauthorized");
  await expectProblem(await t.call("POST", "/v1/keys/missing/sign", { message }), 404, "key-not-found");

  const log = await rows(t);
  const summary = log.map((r) => [r.seq, r.action, r.outcome, r.status, r.actor, r.owner, r.keyName]);
  assert.deepStrictEqual(summary, [
    [1, "tokens.list", "ok", 200, admin, "", null],
    [2, "keys.create", "ok", 201, admin, "", "orders-signer"],
    [3, "tokens.create", "ok", 201, admin, "", null],
    [4, "keys.sign", "ok", 200, signer.id, "", "orders-signer"],
    [5, "keys.rotate", "forbidden", 403, signer.id, "", "orders-signer"],
    [6, "keys.sign", "unauthorized", 401, "anonymous", "", "orders-signer"],
    [7, "keys.sign", "key-not-found", 404, admin, "", "missing"],
  ]);
  for (const row of log) assert.match(row.requestId, UUID);

  // Nothing secret or payload-like, in any column, in any encoding the API uses.
  const dump = JSON.stringify(log, (_k, v) => (v instanceof Uint8Array ? toBase64Url(v) : v));
  for (const secret of [signer.secret, signer.secret.slice(4), message, signature, signature.slice(0, 40)]) {
    assert.ok(!dump.includes(secret), `the audit log contains ${secret.slice(0, 12)}…`);
  }

  const verified = await t.call("GET", "/v1/audit/verify");
  assert.equal(verified.status, 200);
  const verdict = await verified.json() as { ok: boolean; rows: number; head: string };
  assert.deepStrictEqual(verdict, {
    ok: true,
    rows: 7,
    head: toBase64Url(log[6]?.hash ?? new Uint8Array()),
    authenticatedFrom: 1,
    unauthenticatedThrough: 0,
  });
  assert.equal((await rows(t)).at(-1)?.action, "audit.verify", "verifying is recorded too");
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("the verify route needs audit:read, reports a tampered row and is in the OpenAPI document", async () => {
  await using t = await testApp();
  const reader = await (await t.call("POST", "/v1/tokens", { name: "r", scopes: ["keys:read"] })).json();
  await expectProblem(await t.call("GET", "/v1/audit/verify", undefined, reader.secret), 403, "forbidden");
  await t.call("GET", "/v1/keys");
  await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
  await t.db.execute(sql`update audit_log set status = 200 where seq = 2`);
  const verdict = await (await t.call("GET", "/v1/audit/verify")).json();
  assert.deepStrictEqual(verdict, {
    ok: false,
    rows: 1,
    firstBrokenSeq: 2,
    reason: "hash does not match the row's contents",
  });
  const doc = await (await t.app.request("/openapi.json")).json();
  assert.ok(doc.paths["/v1/audit/verify"]?.get, "documented");
  assert.ok(doc.components.schemas.AuditVerdict, "with its schema");
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("x-request-id: a sane client id is kept and echoed, anything else is replaced by a UUID", async () => {
  await using t = await testApp();
  const auth = { authorization: "Bearer nope" };
  const kept = await t.app.request("/v1/keys", { headers: { ...auth, "x-request-id": "trace-01.A_b" } });
  assert.equal(kept.headers.get("x-request-id"), "trace-01.A_b");
  for (const bad of ["has space", "x".repeat(65), "semi;colon", ""]) {
    const res = await t.app.request("/v1/keys", { headers: { ...auth, "x-request-id": bad } });
    assert.match(res.headers.get("x-request-id") ?? "", UUID, JSON.stringify(bad));
  }
  const ok = await t.call("GET", "/v1/keys");
  const ids = (await rows(t)).map((r) => r.requestId);
  assert.equal(ids[0], "trace-01.A_b");
  assert.equal(ids.at(-1), ok.headers.get("x-request-id"));
  assert.equal(new Set(ids).size, ids.length);
}, SLOW);

test("rate-limited requests are recorded under their token, oversized bodies as anonymous", async () => {
  await using t = await testApp({ ratePerSecond: 1, rateBurst: 1, maxBodyBytes: 256 });
  const admin = await adminId(t);
  await expectProblem(await t.call("GET", "/v1/keys"), 429, "rate-limited");
  await expectProblem(await t.call("POST", "/v1/keys", { name: "k", pad: "x".repeat(512) }), 413, "payload-too-large");
  const summary = (await rows(t)).map((r) => [r.action, r.outcome, r.status, r.actor]);
  assert.deepStrictEqual(summary, [
    ["tokens.list", "ok", 200, admin],
    ["keys.list", "rate-limited", 429, admin],
    ["keys.create", "payload-too-large", 413, "anonymous"],
  ]);
}, SLOW);

test("fail-open: an audit write failure leaves the response as it was and logs an incident", async () => {
  await using t = await testApp({ auditFailOpen: true });
  await t.call("POST", "/v1/keys", { name: "orders-signer", algorithm: "Ed25519" });
  await t.db.execute(sql`alter table audit_log rename to audit_log_gone`);
  const res = await t.call("POST", "/v1/keys/orders-signer/sign", { message });
  assert.equal(res.status, 200, "the signature was made; it is returned");
  const body = await res.text();
  assert.ok(!body.includes("audit"), body);
  assert.equal(t.faults.length, 1);
  const [fault] = t.faults;
  assert.match(String(fault?.incident), UUID);
  assert.equal(fault?.requestId, res.headers.get("x-request-id"));
  assert.equal(fault?.action, "keys.sign");
  await t.db.execute(sql`alter table audit_log_gone rename to audit_log`);
  t.faults.length = 0;
  const verdict = await (await t.call("GET", "/v1/audit/verify")).json();
  assert.deepStrictEqual({ ok: verdict.ok, rows: verdict.rows }, { ok: true, rows: 1 }, "the chain itself is intact");
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test(
  "fail-closed: concurrent requests whose batch cannot be stored are all answered 503; the chain continues",
  async () => {
    await using t = await testApp();
    await t.call("POST", "/v1/keys", { name: "orders-signer", algorithm: "Ed25519" });
    await t.db.execute(sql`alter table audit_log rename to audit_log_gone`);
    // Group-committed together: every one of them fails.
    const refused = await Promise.all(
      Array.from({ length: 12 }, () => t.call("POST", "/v1/keys/orders-signer/sign", { message })),
    );
    for (const res of refused) {
      await expectProblem(res, 503, "audit-unavailable");
      assert.equal(res.headers.get("retry-after"), "5");
    }
    assert.equal(t.faults.length, 12);
    t.faults.length = 0;
    await t.db.execute(sql`alter table audit_log_gone rename to audit_log`);
    const signed = await Promise.all(
      Array.from({ length: 12 }, () => t.call("POST", "/v1/keys/orders-signer/sign", { message })),
    );
    assert.deepEqual(signed.map((res) => res.status), Array(12).fill(200));
    const verdict = await (await t.call("GET", "/v1/audit/verify")).json();
    assert.deepStrictEqual(
      { ok: verdict.ok, rows: verdict.rows },
      { ok: true, rows: 13 },
      "no row of the failed batch",
    );
    assert.deepStrictEqual(t.faults, []);
  },
  SLOW,
);
