// Token expiry, renewal and last use through the HTTP API: a token without tokens:admin always
// expires within PQGATE_TOKEN_MAX_TTL (exactly then by default; beyond is 400); an admin token
// may live without expiry; an expired token is 401 token-expired even while its principal is
// cached; renewal needs the authority revocation needs, stays within the maximum (also for a
// token renewing itself) and never revives a revoked or expired token; many requests in a
// minute write the last-use time once.

import type { Clock } from "../../src/common/clock.ts";
import { expectProblem, type TestApp, testApp } from "./support.ts";
import { expectJson } from "../sessions/support.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";

const SLOW = { timeoutMs: 60_000 };
const DAY = 86400;
const MAX = 30 * DAY;

function manualClock(): Clock & { advance(seconds: number): void } {
  let now = Date.now();
  return { now: () => new Date(now), advance: (seconds) => void (now += seconds * 1000) };
}

async function lifetimeApp(clock: Clock, logQuery?: (query: string) => void): Promise<TestApp> {
  return await testApp({ tokenClock: clock, tokenMaxTtlSeconds: MAX, ...(logQuery ? { logQuery } : {}) });
}

const expiry = (body: Record<string, unknown>) => Date.parse(String(body.expiresAt));

test("creation: the maximum for tokens without tokens:admin, none required for admin tokens", async () => {
  const clock = manualClock();
  await using t = await lifetimeApp(clock);
  const now = clock.now().getTime();
  const create = (extra: Record<string, unknown>, scopes = ["keys:sign"]) =>
    t.call("POST", "/v1/tokens", { name: "x", scopes, ...extra });

  assert.equal(expiry(await expectJson(await create({}), 201)), now + MAX * 1000, "absent: now + max");
  assert.equal(expiry(await expectJson(await create({ ttlSeconds: 3600 }), 201)), now + 3600_000);
  const at = new Date(now + 7 * DAY * 1000).toISOString();
  assert.equal((await expectJson(await create({ expiresAt: at }), 201)).expiresAt, at);
  assert.equal(expiry(await expectJson(await create({ ttlSeconds: MAX }), 201)), now + MAX * 1000);
  await expectProblem(await create({ ttlSeconds: MAX + 1 }), 400, "token-lifetime-invalid");
  await expectProblem(
    await create({ expiresAt: new Date(now + (MAX + 60) * 1000).toISOString() }),
    400,
    "token-lifetime-invalid",
  );
  await expectProblem(await create({ expiresAt: new Date(now - 1000).toISOString() }), 400, "token-lifetime-invalid");
  await expectProblem(await create({ ttlSeconds: 3600, expiresAt: at }), 400, "token-lifetime-invalid");
  await expectProblem(await create({ expiresAt: "tomorrow" }), 400, "validation");
  await expectProblem(await create({ ttlSeconds: 10 }), 400, "validation");

  // Admin tokens: without expiry unless asked for, and beyond the maximum when asked.
  const admin = ["tokens:admin", "keys:read"];
  assert.equal((await expectJson(await create({}, admin), 201)).expiresAt, null);
  assert.equal(expiry(await expectJson(await create({ ttlSeconds: 2 * MAX }, admin), 201)), now + 2 * MAX * 1000);
  const listed = await expectJson(await t.call("GET", "/v1/tokens"), 200);
  const testAdmin = (listed.tokens as Record<string, unknown>[]).find((tok) => tok.name === "test-admin");
  assert.equal(testAdmin?.expiresAt, null, "the admin token the operator made never expires");
  assert.deepEqual(t.faults, []);
}, SLOW);

test(
  "an expired token is 401 token-expired, also with its principal cached; unknown ones stay unauthorized",
  async () => {
    const clock = manualClock();
    await using t = await lifetimeApp(clock);
    const signer = await expectJson(
      await t.call("POST", "/v1/tokens", { name: "s", scopes: ["keys:read"], ttlSeconds: 3600 }),
      201,
    );
    const secret = String(signer.secret);
    await expectJson(await t.call("GET", "/v1/keys", undefined, secret), 200);
    clock.advance(3599);
    await expectJson(await t.call("GET", "/v1/keys", undefined, secret), 200);
    clock.advance(1);
    const body = await expectProblem(await t.call("GET", "/v1/keys", undefined, secret), 401, "token-expired");
    assert.match(String(body.detail), /expired at/);
    assert.ok(!String(body.detail).includes(secret));
    await expectProblem(await t.call("GET", "/v1/keys", undefined, `pqg_${"A".repeat(43)}`), 401, "unauthorized");
    // The admin token (no expiry) is untouched by time.
    clock.advance(10 * 365 * DAY);
    await expectJson(await t.call("GET", "/v1/keys"), 200);
    assert.deepEqual(t.faults, []);
  },
  SLOW,
);

test("renew: within the maximum from now, with revocation's authority; never a revoked or expired token", async () => {
  const clock = manualClock();
  await using t = await lifetimeApp(clock);
  const renew = (id: unknown, body?: unknown, token?: string) =>
    t.call("POST", `/v1/tokens/${String(id)}/renew`, body, token);
  const signer = await expectJson(
    await t.call("POST", "/v1/tokens", { name: "s", scopes: ["keys:sign"], ttlSeconds: 3600 }),
    201,
  );
  clock.advance(1800);
  const now = clock.now().getTime();
  assert.equal(expiry(await expectJson(await renew(signer.id), 200)), now + MAX * 1000, "no body: the maximum");
  assert.equal(expiry(await expectJson(await renew(signer.id, { ttlSeconds: 600 }), 200)), now + 600_000);
  await expectProblem(await renew(signer.id, { ttlSeconds: MAX + 1 }), 400, "token-lifetime-invalid");
  await expectProblem(await renew(signer.id, { ttlSeconds: 600, extra: 1 }), 400, "validation");

  // A token without tokens:admin cannot renew, not even itself.
  await expectProblem(await renew(signer.id, {}, String(signer.secret)), 403, "forbidden");

  // A team admin (narrower pattern) renews its own and narrower tokens, not broader ones, and
  // itself only within the maximum although admin tokens may be made without expiry.
  const team = await expectJson(
    await t.call("POST", "/v1/tokens", { name: "team", scopes: ["tokens:admin", "keys:sign"], keyPattern: "t-*" }),
    201,
  );
  const teamSecret = String(team.secret);
  assert.equal(team.expiresAt, null);
  await expectProblem(await renew(signer.id, {}, teamSecret), 403, "token-beyond-authority");
  const narrow = await expectJson(
    await t.call("POST", "/v1/tokens", { name: "n", scopes: ["keys:sign"], keyPattern: "t-1" }, teamSecret),
    201,
  );
  await expectJson(await renew(narrow.id, { ttlSeconds: 60 }, teamSecret), 200);
  await expectProblem(await renew(team.id, { ttlSeconds: MAX + 60 }, teamSecret), 400, "token-lifetime-invalid");
  assert.equal(expiry(await expectJson(await renew(team.id, {}, teamSecret), 200)), now + MAX * 1000);

  // Expired: refused to itself (401) and not renewable by anyone (404).
  clock.advance(61);
  await expectProblem(await t.call("GET", "/v1/keys", undefined, String(narrow.secret)), 401, "token-expired");
  await expectProblem(await renew(narrow.id), 404, "token-not-found");
  await expectProblem(await t.call("GET", "/v1/keys", undefined, String(narrow.secret)), 401, "token-expired");
  // Revoked: not revived.
  assert.equal((await t.call("DELETE", `/v1/tokens/${String(signer.id)}`)).status, 204);
  await expectProblem(await renew(signer.id), 404, "token-not-found");
  await expectProblem(await renew(crypto.randomUUID()), 404, "token-not-found");
  assert.deepEqual(t.faults, []);
}, SLOW);

test("lastUsedAt: many requests in a minute write it once; the view shows a time within the minute", async () => {
  const clock = manualClock();
  const queries: string[] = [];
  await using t = await lifetimeApp(clock, (query) => queries.push(query));
  const reader = await t.tokens.create("", { name: "r", scopes: ["keys:read"], keyPattern: "*" });
  assert.equal(reader.lastUsedAt, null);
  // Start of a minute, so the requests below share it.
  clock.advance(60 - (clock.now().getTime() / 1000) % 60);
  const start = clock.now().getTime();
  queries.length = 0;
  for (let i = 0; i < 20; i++) {
    await expectJson(await t.call("GET", "/v1/keys", undefined, reader.secret), 200);
    clock.advance(1);
  }
  await t.tokens.usageSettled();
  const writes = queries.filter((q) => /^update "tokens" set "last_used_at"/.test(q));
  assert.equal(writes.length, 1, "one write for the reader's minute (the admin token has made no request)");
  // That write changed only last_used_at: the cached principal was not dropped (migration 0013).
  const tokenReads = queries.filter((q) => /^select .* from "tokens"/.test(q));
  assert.equal(tokenReads.length, 1, "the token was read once, then served from memory");
  const listed = await expectJson(await t.call("GET", "/v1/tokens"), 200);
  const used = (listed.tokens as Record<string, unknown>[]).find((tok) => tok.id === reader.id);
  const at = Date.parse(String(used?.lastUsedAt));
  assert.ok(at >= start && at < start + 60_000, `${String(used?.lastUsedAt)} within the minute`);

  // The next minute writes again, once for both tokens used in it.
  clock.advance(60);
  await t.tokens.usageSettled();
  queries.length = 0;
  await expectJson(await t.call("GET", "/v1/keys", undefined, reader.secret), 200);
  await expectJson(await t.call("GET", "/v1/keys"), 200);
  await t.tokens.usageSettled();
  assert.ok(queries.filter((q) => /^update "tokens" set "last_used_at"/.test(q)).length <= 2);
  assert.deepEqual(t.faults, []);
}, SLOW);
