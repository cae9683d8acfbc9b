// The read path from memory, in process, on PGlite and on a real PostgreSQL: once warm,
// sign and verify (Ed25519, ML-DSA-65, hybrid) run no query but the audit append; a direct
// database write (a token revoked, a public key swapped, a key deleted, by SQL) reaches the
// caches through the triggers' notifications and is refused at once (PGlite: on the very next
// request; PostgreSQL: within the bound). On PostgreSQL, killing the listener connection
// flushes and bypasses the caches (a revocation during the outage is honoured on the next
// request) until the listener is back and has subscribed again.

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { toBase64Url } from "../../src/common/base64url.ts";
import { LISTENER_APPLICATION_NAME } from "../../src/db/change-feed.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { Postgres } from "../support/postgres.ts";
import { INVALIDATION_BOUND_MS, isAuditQuery, isUsageWrite, within } from "./support.ts";

const SLOW = { timeoutMs: 120_000 };
const message = toBase64Url(new TextEncoder().encode("served from memory"));
const ALGORITHMS = { ed: "Ed25519", ml: "ML-DSA-65", hy: "ML-DSA-65+Ed25519" } as const;

async function ok(res: Promise<Response>, status = 200): Promise<Record<string, unknown>> {
  const r = await res;
  const text = await r.text();
  assert.equal(r.status, status, text);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A test app (on `databaseUrl`, else in-memory PGlite) whose queries are logged into `queries`. */
async function appWithLog(databaseUrl?: string): Promise<{ t: TestApp; queries: string[] }> {
  const queries: string[] = [];
  const t = await testApp({
    logQuery: (query) => queries.push(query),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  });
  await within(5_000, "the change feed subscribes", () => t.caches.listening);
  return { t, queries };
}

async function signerToken(t: TestApp): Promise<{ id: string; secret: string }> {
  return await t.tokens.create("", { name: "signer", scopes: ["keys:sign", "keys:verify"], keyPattern: "*" });
}

/**
 * Waits (within the bound) until `request` runs without a query but the audit append: the row
 * it needs is cached. A notification of an earlier write (the token's creation) may still be
 * on its way and keep one read from being stored.
 */
function servedFromMemory(queries: string[], what: string, request: () => Promise<unknown>): Promise<void> {
  return within(INVALIDATION_BOUND_MS, what, async () => {
    queries.length = 0;
    await request();
    return queries.length > 0 && queries.every((q) => isAuditQuery(q) || isUsageWrite(q));
  });
}

/** Refused at once on PGlite (notified before the write returns); within the bound on PostgreSQL. */
function refusedSoon(postgresql: boolean, what: string, refused: () => Promise<boolean>): Promise<void> {
  return within(postgresql ? INVALIDATION_BOUND_MS : 0, what, refused);
}

for (const backend of ["pglite", "postgres"] as const) {
  const postgresql = backend === "postgres";

  test(`${backend}: steady-state sign and verify make no query but the audit append`, async () => {
    await using pg = postgresql ? await Postgres.start() : undefined;
    const { t, queries } = await appWithLog(await pg?.createDatabase());
    await using _ = t;
    const token = await signerToken(t);
    const signatures: Record<string, string> = {};
    for (const [name, algorithm] of Object.entries(ALGORITHMS)) {
      await ok(t.call("POST", "/v1/keys", { name, algorithm }), 201);
      signatures[name] = (await ok(t.call("POST", `/v1/keys/${name}/sign`, { message }, token.secret)))
        .signature as string;
      await ok(t.call("POST", `/v1/keys/${name}/verify`, { message, signature: signatures[name] }, token.secret));
    }
    // The tokens' last-use times of this minute are written; then the loop below writes at most
    // one more per token (if it crosses a minute), never one per request.
    await t.tokens.usageSettled();
    queries.length = 0;
    for (let i = 0; i < 5; i++) {
      for (const name of Object.keys(ALGORITHMS)) {
        await ok(t.call("POST", `/v1/keys/${name}/sign`, { message }, token.secret));
        const verdict = await ok(
          t.call("POST", `/v1/keys/${name}/verify`, { message, signature: signatures[name] }, token.secret),
        );
        assert.equal(verdict.valid, true);
      }
    }
    assert.ok(queries.some(isAuditQuery), "the audit appends are logged (the log sees the queries)");
    assert.ok(queries.filter(isUsageWrite).length <= 1, "at most one last-use write (a new minute)");
    assert.deepEqual(queries.filter((q) => !isAuditQuery(q) && !isUsageWrite(q)), []);
    assert.deepEqual(t.faults, []);
  }, SLOW);

  test(
    `${backend}: direct database writes reach the caches: a revoked token, a swapped public key, a deleted key`,
    async () => {
      await using pg = postgresql ? await Postgres.start() : undefined;
      const { t } = await appWithLog(await pg?.createDatabase());
      await using _ = t;
      const token = await signerToken(t);
      for (const name of ["victim", "other", "doomed"]) {
        await ok(t.call("POST", "/v1/keys", { name, algorithm: "Ed25519" }), 201);
      }
      const signature = (await ok(t.call("POST", "/v1/keys/victim/sign", { message }, token.secret))).signature;
      await ok(t.call("POST", "/v1/keys/victim/verify", { message, signature }, token.secret));
      await ok(t.call("POST", "/v1/keys/doomed/sign", { message }, token.secret));

      // The public key of another key copied into victim's version: /verify must not trust it.
      await t.db.execute(sql`update key_versions set public_key =
      (select v.public_key from key_versions v join keys k on k.id = v.key_id where k.name = 'other')
      where key_id = (select id from keys where name = 'victim')`);
      await refusedSoon(postgresql, "the swapped public key is refused", async () => {
        const res = await t.call("POST", "/v1/keys/victim/verify", { message, signature }, token.secret);
        if (res.status === 200) return false;
        await expectProblem(res, 409, "key-integrity-failed");
        return true;
      });

      await t.db.execute(sql`delete from keys where name = 'doomed'`);
      await refusedSoon(postgresql, "the deleted key is gone", async () => {
        const res = await t.call("POST", "/v1/keys/doomed/sign", { message }, token.secret);
        if (res.status === 200) return false;
        await expectProblem(res, 404, "key-not-found");
        return true;
      });

      await t.db.execute(sql`update tokens set revoked_at = now() where id = ${token.id}`);
      await refusedSoon(postgresql, "the revoked token is refused", async () => {
        const res = await t.call("POST", "/v1/keys/other/sign", { message }, token.secret);
        if (res.status === 200) return false;
        await expectProblem(res, 401, "unauthorized");
        return true;
      });
      assert.deepEqual(t.faults, []);
    },
    SLOW,
  );
}

test(
  "postgres: a killed listener flushes and bypasses the caches until it is back; then they serve again",
  async () => {
    await using pg = await Postgres.start();
    const url = await pg.createDatabase();
    const name = new URL(url).pathname.slice(1);
    const { t, queries } = await appWithLog(url);
    await using _ = t;
    // Connections opened before the outage: the server's own (to forbid new connections) and one
    // on the gateway's database (the direct writes).
    const server = postgres(pg.url, { max: 1, onnotice: () => {} });
    const direct = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await server`select 1`;
      await direct`select 1`;
      const first = await signerToken(t);
      await ok(t.call("POST", "/v1/keys", { name: "k", algorithm: "Ed25519" }), 201);
      // Several requests at once, so the gateway's pool holds connections for the outage.
      await Promise.all(
        Array.from({ length: 6 }, () => ok(t.call("POST", "/v1/keys/k/sign", { message }, first.secret))),
      );
      await servedFromMemory(queries, "warm", () => ok(t.call("POST", "/v1/keys/k/sign", { message }, first.secret)));

      // The outage: no new connection to the database, and the listener's backend terminated.
      await server.unsafe(`alter database "${name}" allow_connections false`);
      const killed = await server`select pg_terminate_backend(pid) as done from pg_stat_activity
      where application_name = ${LISTENER_APPLICATION_NAME} and datname = ${name}`;
      assert.equal(killed.length, 1, "one listener connection");
      await within(5_000, "the gateway sees its listener gone", () => !t.caches.listening);

      // Revoked during the outage (no notification can arrive): refused on the very next request.
      await direct`update tokens set revoked_at = now() where id = ${first.id}`;
      await expectProblem(await t.call("POST", "/v1/keys/k/sign", { message }, first.secret), 401, "unauthorized");
      // Bypassed: the admin's requests still work, each reading the database.
      queries.length = 0;
      await ok(t.call("POST", "/v1/keys/k/sign", { message }));
      await ok(t.call("POST", "/v1/keys/k/sign", { message }));
      const tokenReads = queries.filter((q) => /"tokens"/.test(q) && !isUsageWrite(q));
      assert.equal(tokenReads.length, 2, "each request read its token");
      assert.equal(queries.filter((q) => /"keys"/.test(q)).length, 2, "each request read its key");

      // Back: the listener subscribes again, the caches serve again, and notifications flow.
      await server.unsafe(`alter database "${name}" allow_connections true`);
      await within(10_000, "the listener is back", () => t.caches.listening);
      const second = await signerToken(t);
      await servedFromMemory(
        queries,
        "served from memory again",
        () => ok(t.call("POST", "/v1/keys/k/sign", { message }, second.secret)),
      );
      await direct`update tokens set revoked_at = now() where id = ${second.id}`;
      await within(INVALIDATION_BOUND_MS, "a revocation after the recovery is seen", async () => {
        const res = await t.call("POST", "/v1/keys/k/sign", { message }, second.secret);
        await res.body?.cancel();
        return res.status === 401;
      });
      assert.deepEqual(t.faults, []);
    } finally {
      await server.unsafe(`alter database "${name}" allow_connections true`).catch(() => {});
      await direct.end({ timeout: 1 });
      await server.end({ timeout: 1 });
    }
  },
  SLOW,
);
