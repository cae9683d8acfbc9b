/**
 * Attacks on the audit trail replayed against the real app (PGlite, real keystore and crypto):
 * a database owner who rewrites a row and recomputes the whole hash chain, a flood of
 * anonymous requests from one address, and a log that cannot be written (fail-closed by
 * default, fail-open when configured).
 *
 * @module
 */

import { asc, eq, sql } from "drizzle-orm";
import { loadPqgate } from "../../ffi/mod.ts";
import { auditRowsAfter } from "../../src/db/audit.ts";
import { sqlState } from "../../src/db/errors.ts";
import { auditLog } from "../../src/db/schema/index.ts";
import { chainHash, GENESIS_HASH } from "../../src/services/audit/chain.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";

const SLOW = { timeoutMs: 60_000 };
const pq = loadPqgate();
const message = toBase64Url(new TextEncoder().encode("pay 100 to mallory"));

/** A few audited requests of several kinds. */
async function someTraffic(t: TestApp): Promise<void> {
  assert.equal((await t.call("POST", "/v1/keys", { name: "payments", algorithm: "Ed25519" })).status, 201);
  for (let i = 0; i < 3; i++) {
    assert.equal((await t.call("POST", "/v1/keys/payments/sign", { message })).status, 200);
  }
  assert.equal((await t.call("DELETE", "/v1/keys/payments")).status < 500, true);
  assert.equal((await t.call("GET", "/v1/keys")).status, 200);
}

/**
 * What a database owner can do without the keystore: disable the guards, rewrite row `seq`
 * with `edit`, and recompute `hash`/`prev_hash` of it and every later row, as the gateway would.
 */
async function rewriteAndRechain(t: TestApp, seq: number, edit: Record<string, unknown>): Promise<void> {
  await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
  await t.db.update(auditLog).set(edit).where(eq(auditLog.seq, seq));
  const rows = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = chainHash(pq, prev, row);
    await t.db.update(auditLog).set({ prevHash: prev, hash }).where(eq(auditLog.seq, row.seq));
    prev = hash;
  }
}

async function verdictOf(t: TestApp): Promise<Record<string, unknown>> {
  const res = await t.call("GET", "/v1/audit/verify");
  assert.equal(res.status, 200);
  return await res.json() as Record<string, unknown>;
}

test("attack: a row rewritten and the whole chain recomputed by the database owner is reported broken", async () => {
  await using t = await testApp();
  await someTraffic(t);
  const before = await verdictOf(t);
  assert.equal(before.ok, true, JSON.stringify(before));
  assert.equal(before.authenticatedFrom, 1);
  assert.equal(before.unauthenticatedThrough, 0);

  // Hide the signing requests: row 3 becomes a harmless read by someone else.
  await rewriteAndRechain(t, 3, { action: "keys.list", keyName: null, actor: "anonymous" });
  const after = await verdictOf(t);
  assert.equal(after.ok, false, `the forged chain passed: ${JSON.stringify(after)}`);
  assert.ok(Number(after.firstBrokenSeq) <= 3, JSON.stringify(after));
  assert.match(String(after.reason), /head_mac does not match/);
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test("attack: stripping the MACs or appending forged rows does not pass either", async () => {
  await using t = await testApp();
  await someTraffic(t);
  const last = (await auditRowsAfter(t.db, 0, 1000)).at(-1);
  assert.ok(last !== undefined && last.headMac !== null, "every batch's last row carries a MAC");

  // A forged row appended at the end, correctly chained, without a MAC (it cannot make one).
  const forged = { ...last, seq: last.seq + 1, requestId: "forged", prevHash: last.hash, headMac: null };
  await t.db.insert(auditLog).overridingSystemValue().values({ ...forged, hash: chainHash(pq, last.hash, forged) });
  let verdict = await verdictOf(t);
  assert.equal(verdict.ok, false, JSON.stringify(verdict));
  assert.equal(verdict.firstBrokenSeq, last.seq + 1);
  assert.match(String(verdict.reason), /no valid head_mac/);

  // The MACs removed and the key row deleted, guards disabled: the running gateway notices.
  await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
  await t.db.execute(sql`alter table audit_chain_key disable trigger audit_chain_key_no_delete`);
  await t.db.execute(sql`delete from audit_log where request_id = 'forged'`);
  await t.db.execute(sql`update audit_log set head_mac = null`);
  await t.db.execute(sql`delete from audit_chain_key`);
  verdict = await verdictOf(t);
  assert.equal(verdict.ok, false, JSON.stringify(verdict));
  assert.match(String(verdict.reason), /not the one in use/);
}, SLOW);

test("the chain key's row refuses DELETE, TRUNCATE and changes other than a re-wrap", async () => {
  await using t = await testApp();
  await someTraffic(t);
  for (
    const statement of [
      sql`delete from audit_chain_key`,
      sql`truncate audit_chain_key`,
      sql`update audit_chain_key set from_seq = 2`,
    ]
  ) {
    await assert.rejects(t.db.execute(statement), (e: unknown) => sqlState(e) === "42501");
  }
  // Root rotation re-wraps it, and the chain still verifies under the new root.
  assert.equal((await t.call("POST", "/v1/keystore/root/rotate")).status, 200);
  const verdict = await verdictOf(t);
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}, SLOW);

test(
  "attack: a burst of anonymous requests from one address is cut at the limit and leaves at most that many rows",
  async () => {
    await using t = await testApp({ anonymousRate: { perSecond: 1, burst: 5 } });
    const deno = { remoteAddr: { hostname: "203.0.113.7", port: 40000, transport: "tcp" } };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Half without a token, half with a well-formed but unknown one.
      const headers: Record<string, string> = i % 2 === 0 ? {} : { authorization: "Bearer pqg_not-a-real-token" };
      statuses.push((await t.app.request("/v1/keys", { headers }, deno)).status);
    }
    assert.deepStrictEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).every((s) => s === 429), JSON.stringify(statuses));
    const throttled = await t.app.request("/v1/keys", {}, deno);
    const body = await expectProblem(throttled, 429, "rate-limited");
    assert.ok(Number(throttled.headers.get("retry-after")) >= 1);
    assert.deepEqual(
      [body.limit, body.rate, body.burst, body.retryAfterSeconds],
      ["anonymous", 1, 5, Number(throttled.headers.get("retry-after"))],
    );

    const anonymousRows = (await auditRowsAfter(t.db, 0, 1000)).filter((r) => r.actor === "anonymous");
    assert.equal(anonymousRows.length, 5, "only the requests within the limit reach the chain");

    // Another address (Bun's server shape) has its own allowance; a valid token is not limited by it.
    const bun = { requestIP: () => ({ address: "198.51.100.9", family: "IPv4", port: 40001 }) };
    assert.equal((await t.app.request("/v1/keys", {}, bun)).status, 401);
    const admin = await t.call("GET", "/v1/keys");
    assert.equal(admin.status, 200);
    const fromFlooded = await t.app.request("/v1/keys", { headers: { authorization: "Bearer nope" } }, deno);
    assert.equal(fromFlooded.status, 429);
    assert.deepStrictEqual(t.faults, []);
  },
  SLOW,
);

/** Makes every append fail as an outage would: the database refuses inserts into the log. */
async function breakTheLog(t: TestApp): Promise<void> {
  await t.db.execute(sql.raw(`
    create function audit_log_down() returns trigger language plpgsql as $$
    begin raise exception 'disk full' using errcode = '53100'; end $$`));
  await t.db.execute(sql`create trigger audit_log_down before insert on audit_log for each statement
    execute function audit_log_down()`);
}

test("fail-closed (default): a request whose audit row cannot be stored is 503 and its result withheld", async () => {
  await using t = await testApp();
  assert.equal((await t.call("POST", "/v1/keys", { name: "payments", algorithm: "Ed25519" })).status, 201);
  await breakTheLog(t);
  const res = await t.call("POST", "/v1/keys/payments/sign", { message });
  const body = await expectProblem(res, 503, "audit-unavailable");
  assert.equal(res.headers.get("retry-after"), "5");
  assert.ok(!("signature" in body), "no signature leaves without its audit record");
  assert.match(String(body.detail), /may have taken effect/);
  assert.ok(!JSON.stringify(body).includes("disk full"), "no internals");
  assert.equal(t.faults.length, 1);
  assert.equal(t.faults[0]?.requestId, res.headers.get("x-request-id"));
  // A state change that already happened is answered 503 too, and is then visible.
  const created = await t.call("POST", "/v1/keys", { name: "created-unaudited", algorithm: "Ed25519" });
  await expectProblem(created, 503, "audit-unavailable");
  await t.db.execute(sql`drop trigger audit_log_down on audit_log`);
  assert.equal((await t.call("GET", "/v1/keys/created-unaudited")).status, 200);
}, SLOW);

test("fail-open (PQGATE_AUDIT_FAIL_OPEN=true): the same failure keeps the response", async () => {
  await using t = await testApp({ auditFailOpen: true });
  assert.equal((await t.call("POST", "/v1/keys", { name: "payments", algorithm: "Ed25519" })).status, 201);
  await breakTheLog(t);
  const res = await t.call("POST", "/v1/keys/payments/sign", { message });
  assert.equal(res.status, 200);
  assert.equal(typeof (await res.json()).signature, "string");
  assert.equal(t.faults.length, 1);
}, SLOW);
