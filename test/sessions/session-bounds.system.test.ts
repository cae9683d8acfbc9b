// Sessions in the database (PGlite here; PostgreSQL in replicas.system.test.ts): the bounds hold
// database-wide (oldest ended first, one owner cannot crowd out another), a cached session seals
// and opens without a database query, an entry dropped by a change notification is read again,
// expired rows are purged, and a root rotation re-wraps the live sessions.

import { loadPqgate } from "../../ffi/mod.ts";
import { SessionError } from "../../src/services/sessions/errors.ts";
import { type SessionHolder, SessionService } from "../../src/services/sessions/session-service.ts";
import { eq } from "drizzle-orm";
import { sessions } from "../../src/db/schema/index.ts";
import { rotateRootKey } from "../../src/services/keys/root-rotation.ts";
import { toHex as hex } from "../../ffi/mod.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { testApp } from "../routes/support.ts";
import { NOBLE } from "./support.ts";

const SLOW = { timeoutMs: 60_000 };
const pq = loadPqgate();

function holder(owner: string): SessionHolder {
  return { owner, tokenId: `${owner}-token`, keyPattern: "*" };
}

async function kind(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof SessionError) return error.kind;
    throw error;
  }
}

test("bounds are database-wide; cached sessions make no query; expired rows are purged", async () => {
  const queries: string[] = [];
  await using t = await testApp({ logQuery: (q) => queries.push(q) });
  let now = Date.now(); // moved by hand below; the root rotation judges expiry by the real clock
  const clock = { now: () => new Date(now) };
  const deps = { db: t.db, pq, keystore: t.keystore, keys: t.keys, clock, coherence: t.caches };
  using service = new SessionService({ ...deps, capacity: 3, maxPerOwner: 2 });
  // A second service on the same database: another replica's view.
  using other = new SessionService({ ...deps, capacity: 3, maxPerOwner: 2 });
  const make = async (owner: string, ttlSeconds?: number) =>
    (await service.createWithClientKey({
      holder: holder(owner),
      algorithm: "ML-KEM-768",
      clientPublicKey: NOBLE["ML-KEM-768"].keygen().publicKey,
      ttlSeconds,
    })).sessionId;
  const seal = (s: SessionService, owner: string, id: Uint8Array) =>
    kind(s.seal(holder(owner), id, new Uint8Array([1]), new Uint8Array()));

  const [x1, x2] = [await make("x"), await make("x")];
  const y1 = await make("y");
  assert.equal(await seal(other, "x", x1), "ok", "the other replica opens it from the database");
  const x3 = await make("x");
  assert.equal(await seal(service, "x", x1), "session-not-found", "the owner's oldest went");
  assert.equal(await seal(other, "x", x1), "session-not-found", "on the other replica too");
  assert.equal(await seal(service, "y", y1), "ok", "another owner's stays");
  const z1 = await make("z");
  assert.equal(await seal(other, "x", x2), "session-not-found", "beyond the capacity the oldest went");
  for (const [owner, id] of [["x", x3], ["y", y1], ["z", z1]] as const) {
    assert.equal(await seal(other, owner, id), "ok");
  }
  assert.equal((await t.db.select().from(sessions)).length, 3);

  // The fast path: a cached session seals and opens without a query.
  queries.length = 0;
  const sealed = await other.seal(holder("z"), z1, new Uint8Array([7]), new Uint8Array());
  assert.deepEqual(await other.open(holder("z"), z1, sealed, new Uint8Array()), new Uint8Array([7]));
  assert.deepEqual(queries, []);
  // Ended through one service: the other's cached copy goes with the notification.
  await service.end(holder("z"), z1);
  assert.equal(await seal(other, "z", z1), "session-not-found");

  // Expiry, then the purge.
  const soon = await make("w", 1);
  assert.equal(await seal(other, "w", soon), "ok");
  now += 2_000;
  assert.equal(await service.purgeExpired(), 1);
  assert.equal(await seal(other, "w", soon), "session-not-found");
  assert.equal(await seal(service, "y", y1), "ok");

  // Root rotation re-wraps the live sessions; a tampered row (it could never open) is ended
  // rather than keeping the old root alive.
  const tampered = await make("v");
  await t.db.update(sessions).set({ tokenId: "y-token" }).where(eq(sessions.id, hex(tampered)));
  const report = await rotateRootKey(t.db, pq, t.keystore, { settleMs: 0 });
  assert.equal(report.sessionsRewrapped, 2, JSON.stringify(report)); // x3 and y1
  assert.equal(report.failed, 0);
  assert.equal(report.retired, 1);
  const left = (await t.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id);
  assert.deepEqual(left.toSorted(), [hex(x3), hex(y1)].toSorted(), "the tampered row is gone");
  // Opened from its row (the other service's copy is dropped by the re-wrap's notification).
  assert.equal(await seal(other, "y", y1), "ok");
  assert.equal(await seal(service, "x", x3), "ok");
  assert.deepEqual(t.faults, []);
}, SLOW);
