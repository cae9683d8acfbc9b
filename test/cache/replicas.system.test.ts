// Two real server processes on one PostgreSQL (and one SoftHSM2 token), each caching tokens,
// key rows and checked versions: a revocation, a rotation, a configuration change, a scheduled
// deletion made on A, and a key deleted directly in the database, are seen by B within the
// invalidation bound. Then B's listener connection is killed while the database refuses new
// connections: B flushes and bypasses its caches (a revocation made by SQL during the outage
// is refused on B's very next request, and B keeps serving from the database), and once the
// database accepts connections again B's listener subscribes again and notifications reach it.

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { toBase64Url } from "../../src/common/base64url.ts";
import { LISTENER_APPLICATION_NAME } from "../../src/db/change-feed.ts";
import { caller, json, replicaEnv } from "../ops/support.ts";
import assert from "../support/assert.ts";
import { softHsmToken } from "../support/devices.ts";
import { test } from "../support/harness.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";
import { type ServerProcess, startServer } from "../support/runtime.ts";
import { INVALIDATION_BOUND_MS, within } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };
const message = toBase64Url(new TextEncoder().encode("two replicas, one database"));

/** The status and problem type of a response (body consumed). */
async function outcome(res: Promise<Response>): Promise<string> {
  const r = await res;
  const body = await r.json() as { type?: string };
  return `${r.status} ${body.type?.replace("urn:pqgate:problem:", "") ?? ""}`.trim();
}

/** Waits until `request` answers `expected` (within the bound), then checks it still does. */
async function seenWithinBound(what: string, expected: string, request: () => Promise<Response>): Promise<void> {
  let last = "";
  await within(INVALIDATION_BOUND_MS, what, async () => {
    last = await outcome(request());
    return last === expected;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; last answer: ${last}`);
  });
  assert.equal(await outcome(request()), expected, `${what} stays`);
}

/** B's `pqgate_cache_listening` gauge. */
async function listening(server: ServerProcess): Promise<boolean> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = /^pqgate_cache_listening (\d)$/m.exec(text)?.[1];
  assert.ok(value !== undefined, "the gauge is exported");
  return value === "1";
}

test(
  "two replicas: changes on A reach B's caches within the bound; B's lost listener fails safe and recovers",
  async () => {
    await using pg = await Postgres.start();
    using token = softHsmToken();
    using dir = tempDir();
    const admin = `pqg_${toBase64Url(new Uint8Array(randomBytes(32)))}`;
    const url = await pg.createDatabase();
    const name = new URL(url).pathname.slice(1);
    const env = {
      ...replicaEnv(url, token.label, dir.path, admin),
      PQGATE_METRICS_OPEN: "true",
      // Long enough that only a notification (or the outage's flush) can explain a change seen.
      PQGATE_CACHE_TTL_SECONDS: "300",
    };
    await using serverA = await startServer(env);
    await using serverB = await startServer(env);
    const [a, b] = [caller(serverA, admin), caller(serverB, admin)];
    await within(10_000, "B's listener subscribes", () => listening(serverB));
    const server = postgres(pg.url, { max: 1, onnotice: () => {} });
    const direct = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await server`select 1`;
      await direct`select 1`;
      const newToken = async () =>
        await json(a("POST", "/v1/tokens", { name: "signer", scopes: ["keys:sign"], keyPattern: "*" }), 201) as {
          id: string;
          secret: string;
        };
      await json(a("POST", "/v1/keys", { name: "k", algorithm: "Ed25519", deletionAllowed: true }), 201);
      await json(a("POST", "/v1/keys", { name: "direct", algorithm: "Ed25519" }), 201);
      const signer = await newToken();
      const bAs = caller(serverB, signer.secret);
      // Warm B (several at once, so its pool also holds connections for the outage below).
      await Promise.all(Array.from({ length: 6 }, () => json(bAs("POST", "/v1/keys/k/sign", { message }))));
      await json(b("POST", "/v1/keys/direct/sign", { message }));

      // Revocation on A.
      const revoked = await a("DELETE", `/v1/tokens/${signer.id}`);
      await revoked.body?.cancel();
      assert.equal(revoked.status, 204);
      await seenWithinBound(
        "B refuses the token A revoked",
        "401 unauthorized",
        () => bAs("POST", "/v1/keys/k/sign", { message }),
      );

      // Rotation on A.
      assert.equal((await json(b("POST", "/v1/keys/k/sign", { message }))).version, 1);
      await json(a("POST", "/v1/keys/k/rotate"));
      await within(INVALIDATION_BOUND_MS, "B signs with the version A made", async () => {
        return (await json(b("POST", "/v1/keys/k/sign", { message }))).version === 2;
      });

      // Configuration on A: version 1 disabled for private use.
      assert.equal((await json(b("POST", "/v1/keys/k/sign", { message, version: 1 }))).version, 1);
      await json(a("PATCH", "/v1/keys/k/config", { minDecryptionVersion: 2 }));
      await seenWithinBound(
        "B refuses version 1",
        "409 version-disabled",
        () => b("POST", "/v1/keys/k/sign", { message, version: 1 }),
      );

      // Deletion scheduled on A: B refuses private use.
      await json(a("POST", "/v1/keys/k/deletion", { graceSeconds: 3600 }));
      await seenWithinBound(
        "B refuses the key scheduled for deletion",
        "409 key-pending-deletion",
        () => b("POST", "/v1/keys/k/sign", { message }),
      );

      // A key deleted directly in the database.
      await direct`delete from keys where name = 'direct'`;
      await seenWithinBound(
        "B no longer finds the key deleted by SQL",
        "404 key-not-found",
        () => b("POST", "/v1/keys/direct/sign", { message }),
      );

      // The outage: no new connections, the listeners' backends terminated.
      await json(a("POST", "/v1/keys", { name: "steady", algorithm: "ML-DSA-65" }), 201);
      const during = await newToken();
      const bDuring = caller(serverB, during.secret);
      await json(bDuring("POST", "/v1/keys/steady/sign", { message }));
      await server.unsafe(`alter database "${name}" allow_connections false`);
      const killed = await server`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${LISTENER_APPLICATION_NAME} and datname = ${name}`;
      assert.equal(killed.length, 2, "one listener per replica");
      await within(5_000, "B sees its listener gone", async () => !(await listening(serverB)));
      await direct`update tokens set revoked_at = now() where id = ${during.id}`;
      assert.equal(await outcome(bDuring("POST", "/v1/keys/steady/sign", { message })), "401 unauthorized");
      assert.equal(
        (await json(b("POST", "/v1/keys/steady/sign", { message }))).version,
        1,
        "B serves from the database",
      );

      // Back: B subscribes again; a revocation after that reaches it by notification.
      await server.unsafe(`alter database "${name}" allow_connections true`);
      await within(10_000, "B's listener is back", () => listening(serverB));
      const after = await newToken();
      const bAfter = caller(serverB, after.secret);
      await json(bAfter("POST", "/v1/keys/steady/sign", { message }));
      await json(bAfter("POST", "/v1/keys/steady/sign", { message }));
      await direct`update tokens set revoked_at = now() where id = ${after.id}`;
      await seenWithinBound(
        "B refuses a token revoked after the recovery",
        "401 unauthorized",
        () => bAfter("POST", "/v1/keys/steady/sign", { message }),
      );
      assert.equal((await json(b("GET", "/readyz"))).status, "ready");
    } finally {
      await server.unsafe(`alter database "${name}" allow_connections true`).catch(() => {});
      await direct.end({ timeout: 1 });
      await server.end({ timeout: 1 });
    }
  },
  SLOW,
);
