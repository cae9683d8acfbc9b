/**
 * The audit chain against both drivers: appends, verification, and each kind of tampering
 * found at the right seq; concurrent appends from two "replicas" on one PostgreSQL.
 *
 * @module
 */

import { eq, sql } from "drizzle-orm";
import { type Keystore, loadPqgate } from "../../ffi/mod.ts";
import type { Database, OpenDatabase } from "../../src/db/client.ts";
import { auditRowsAfter } from "../../src/db/audit.ts";
import { sqlState } from "../../src/db/errors.ts";
import { auditLog } from "../../src/db/schema/index.ts";
import { type AuditEntry, AuditService } from "../../src/services/audit/audit-service.ts";
import { chainHash, encodeRow, GENESIS_HASH } from "../../src/services/audit/chain.ts";
import type { Clock } from "../../src/common/clock.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { type Backend, BACKENDS, tearDown } from "../db/backends.ts";
import { tempDir } from "../support/pq.ts";

const SLOW = { timeoutMs: 60_000 };
const pq = loadPqgate();

/** A clock one second further on each call, so rows differ in `at`. */
function steppingClock(): Clock {
  let t = Date.UTC(2030, 0, 1);
  return { now: () => new Date(t += 1000) };
}

function entry(i: number): AuditEntry {
  return {
    requestId: `req-${i}`,
    actor: "6f1c2e0a-1111-4222-8333-944445555666",
    owner: "",
    action: i % 2 === 0 ? "keys.sign" : "keys.read",
    keyName: i % 3 === 0 ? null : `key-${i}`,
    keyVersion: i % 3 === 0 ? null : 1,
    outcome: "ok",
    status: 200,
  };
}

type AuditBody = (db: Database, audit: AuditService, keystore: Keystore) => Promise<void>;

/** Runs `body` on a fresh, migrated database of `backend`. */
async function withAudit(backend: Backend, body: AuditBody): Promise<void> {
  using fresh = await backend.fresh();
  using dir = tempDir();
  const keystore = pq.openKeystore({ backend: "software", dir: dir.path });
  const open = await fresh.open();
  try {
    await body(
      open.db,
      new AuditService({ db: open.db, pq, keystore: () => keystore, clock: steppingClock() }),
      keystore,
    );
  } finally {
    await open.close();
    keystore[Symbol.dispose]();
  }
}

function auditTest(name: string, body: AuditBody): void {
  for (const backend of BACKENDS) test(`audit[${backend.driver}]: ${name}`, () => withAudit(backend, body), SLOW);
}

async function recordMany(audit: AuditService, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await audit.record(entry(i));
}

/** What a privileged attacker (the table's owner) does first: switch the append-only trigger off. */
async function disableGuard(db: Database): Promise<void> {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
}

test("audit: the encoding is length-prefixed, so moving bytes between fields changes it", () => {
  const row = { ...entry(1), seq: 1, at: new Date(0), keyName: "ab", requestId: "c" };
  const moved = { ...row, keyName: "a", requestId: "bc" };
  assert.notDeepStrictEqual(encodeRow(row), encodeRow(moved));
  assert.notDeepStrictEqual(encodeRow({ ...row, keyName: null }), encodeRow({ ...row, keyName: "" }));
  assert.notDeepStrictEqual(encodeRow(row), encodeRow({ ...row, seq: 2 }));
});

auditTest("appends chain from 32 zero bytes and verify as intact", async (db, audit) => {
  assert.deepStrictEqual(await audit.verify(), {
    ok: true,
    rows: 0,
    head: null,
    authenticatedFrom: null,
    unauthenticatedThrough: 0,
  });
  await recordMany(audit, 5);
  const rows = await auditRowsAfter(db, 0, 100);
  assert.deepStrictEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5]);
  assert.deepStrictEqual(rows[0]?.prevHash, GENESIS_HASH);
  for (const [i, row] of rows.entries()) {
    if (i > 0) assert.deepStrictEqual(row.prevHash, rows[i - 1]?.hash);
    assert.deepStrictEqual(row.hash, chainHash(pq, row.prevHash, row));
  }
  assert.deepStrictEqual(await audit.verify(), {
    ok: true,
    rows: 5,
    head: rows[4]?.hash,
    authenticatedFrom: 1,
    unauthenticatedThrough: 0,
  });
});

auditTest("the table refuses UPDATE, DELETE and TRUNCATE", async (db, audit) => {
  await recordMany(audit, 2);
  const writes = [sql`update audit_log set actor = 'x'`, sql`delete from audit_log`, sql`truncate audit_log`];
  for (const statement of writes) {
    await assert.rejects(db.execute(statement), (e: unknown) => sqlState(e) === "42501");
  }
  assert.deepStrictEqual(await audit.verify(), {
    ok: true,
    rows: 2,
    head: (await auditRowsAfter(db, 1, 1))[0]?.hash,
    authenticatedFrom: 1,
    unauthenticatedThrough: 0,
  });
});

auditTest("an edited field is found at its row", async (db, audit) => {
  await recordMany(audit, 5);
  await disableGuard(db);
  await db.update(auditLog).set({ outcome: "forbidden" }).where(eq(auditLog.seq, 3));
  const verdict = await audit.verify();
  assert.equal(verdict.ok, false);
  assert.ok(!verdict.ok);
  assert.equal(verdict.firstBrokenSeq, 3);
  assert.equal(verdict.rows, 2);
  assert.match(verdict.reason, /hash does not match/);
});

auditTest("a deleted row is found as a gap, also the first row", async (db, audit) => {
  await recordMany(audit, 5);
  await disableGuard(db);
  await db.delete(auditLog).where(eq(auditLog.seq, 4));
  let verdict = await audit.verify();
  assert.ok(!verdict.ok);
  assert.equal(verdict.firstBrokenSeq, 4);
  assert.match(verdict.reason, /row 4 is missing \(next is 5\)/);
  await db.delete(auditLog).where(eq(auditLog.seq, 1));
  verdict = await audit.verify();
  assert.ok(!verdict.ok);
  assert.equal(verdict.firstBrokenSeq, 1);
  assert.equal(verdict.rows, 0);
});

auditTest("a row edited and re-hashed is found at its own row, by its MAC", async (db, audit) => {
  await recordMany(audit, 5);
  await disableGuard(db);
  const [row] = await auditRowsAfter(db, 2, 1);
  assert.ok(row !== undefined && row.seq === 3);
  const forged = { ...row, actor: "someone-else" };
  await db.update(auditLog).set({ actor: forged.actor, hash: chainHash(pq, row.prevHash, forged) })
    .where(eq(auditLog.seq, 3));
  const verdict = await audit.verify();
  assert.ok(!verdict.ok);
  // Rows recorded one at a time each end a batch, so each carries a MAC: row 3's no longer matches.
  assert.equal(verdict.firstBrokenSeq, 3);
  assert.equal(verdict.rows, 2);
  assert.match(verdict.reason, /head_mac does not match/);
});

auditTest("verification reads long logs in batches", async (db, audit) => {
  // 1,001 rows in one statement, chained as `record` would chain them: crosses a batch boundary.
  const at = new Date(Date.UTC(2030, 0, 1));
  let prev = GENESIS_HASH;
  const rows = [];
  for (let seq = 1; seq <= 1001; seq++) {
    const fields = { ...entry(seq), seq, at };
    const hash = chainHash(pq, prev, fields);
    rows.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  await db.insert(auditLog).overridingSystemValue().values(rows);
  // Rows from before the chain key existed: an unauthenticated prefix, not a failure.
  assert.deepStrictEqual(await audit.verify(), {
    ok: true,
    rows: 1001,
    head: prev,
    authenticatedFrom: null,
    unauthenticatedThrough: 1001,
  });
  await audit.record(entry(0));
  const verdict = await audit.verify();
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.deepStrictEqual([verdict.rows, verdict.authenticatedFrom, verdict.unauthenticatedThrough], [1002, 1002, 1001]);
});

auditTest(
  "concurrent records are group-committed in submission order; a row the database refuses fails alone",
  async (db, audit) => {
    // Entry 7's NUL character is refused by PostgreSQL (SQLSTATE 22021): its batch is written
    // again row by row, so only entry 7 fails and the others keep their order.
    const results = await Promise.allSettled(
      Array.from(
        { length: 40 },
        (_, i) => audit.record(i === 6 ? { ...entry(7), keyName: "nul\u0000" } : entry(i + 1)),
      ),
    );
    const refused = results.flatMap((r, i) => r.status === "rejected" ? [i + 1] : []);
    assert.deepEqual(refused, [7]);
    const seqs = results.flatMap((r) => r.status === "fulfilled" ? [r.value.seq] : []);
    assert.deepEqual(seqs, Array.from({ length: 39 }, (_, i) => i + 1));
    const rows = await auditRowsAfter(db, 0, 100);
    assert.deepEqual(
      rows.map((r) => r.requestId),
      results.flatMap((r, i) => r.status === "fulfilled" ? [`req-${i + 1}`] : []),
    );
    assert.deepStrictEqual(await audit.verify(), {
      ok: true,
      rows: 39,
      head: rows.at(-1)?.hash ?? null,
      authenticatedFrom: 1,
      unauthenticatedThrough: 0,
    });
  },
);

test("audit[pglite]: a group-committed batch is one statement, with no transaction around it", async () => {
  const backend = BACKENDS.find((b) => b.driver === "pglite");
  assert.ok(backend !== undefined);
  using fresh = await backend.fresh();
  using dir = tempDir();
  using keystore = pq.openKeystore({ backend: "software", dir: dir.path });
  const open = await fresh.open();
  try {
    const audit = new AuditService({ db: open.db, pq, keystore: () => keystore, clock: steppingClock() });
    await audit.record(entry(1)); // makes the chain key and learns the head
    const count = open.transactions;
    assert.ok(count !== undefined);
    const before = count();
    // Submitted in one turn of the event loop: one batch.
    const recorded = await Promise.all(Array.from({ length: 40 }, (_, i) => audit.record(entry(i + 2))));
    assert.deepEqual(recorded.map((r) => r.seq), Array.from({ length: 40 }, (_, i) => i + 2));
    assert.equal(count() - before, 1, "one INSERT for the batch, nothing else");
    const rows = await auditRowsAfter(open.db, 0, 100);
    assert.deepEqual(rows.filter((r) => r.headMac !== null).map((r) => r.seq), [1, 41], "a MAC ends each batch");
    const verdict = await audit.verify();
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.equal(verdict.rows, 41);
  } finally {
    await open.close();
  }
}, SLOW);

auditTest("a writer whose head is stale chains again after the other writer's rows", async (db, audit, keystore) => {
  // A second service on the same database stands in for another replica: each caches its head.
  await audit.record(entry(1));
  const other = new AuditService({ db, pq, keystore: () => keystore, clock: steppingClock() });
  await other.record(entry(2)); // `audit` still believes row 1 is the head
  await other.record(entry(3));
  const third = await audit.record(entry(4));
  assert.equal(third.seq, 4, "the primary key refused seq 2; the row went after the fresh head");
  await other.record(entry(5)); // and the other way round
  const verdict = await audit.verify();
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.equal(verdict.rows, 5);
  assert.deepEqual((await auditRowsAfter(db, 0, 10)).map((r) => r.requestId), [1, 2, 3, 4, 5].map((i) => `req-${i}`));
});

test("audit[postgres]: 20 concurrent appends from two replicas keep one intact chain", async () => {
  const backend = BACKENDS.find((b) => b.driver === "postgres");
  assert.ok(backend !== undefined);
  using fresh = await backend.fresh();
  const replicas: OpenDatabase[] = await Promise.all([fresh.open(), fresh.open()]);
  // Replicas share the keystore (its root): one process can stand in for both.
  using dir = tempDir();
  using keystore = pq.openKeystore({ backend: "software", dir: dir.path });
  try {
    const services = replicas.map((r) =>
      new AuditService({ db: r.db, pq, keystore: () => keystore, clock: steppingClock() })
    );
    const recorded = await Promise.all(
      Array.from({ length: 20 }, (_, i) => services[i % 2]?.record(entry(i + 1))),
    );
    assert.deepStrictEqual(recorded.map((r) => r?.seq).sort((a, b) => (a ?? 0) - (b ?? 0)), [
      ...Array.from({ length: 20 }, (_, i) => i + 1),
    ]);
    const verdict = await services[0]?.verify();
    assert.ok(verdict?.ok, JSON.stringify(verdict));
    assert.equal(verdict.rows, 20);
  } finally {
    await Promise.all(replicas.map((r) => r.close()));
  }
}, SLOW);

test("audit: stop PostgreSQL and remove the PGlite template", tearDown, SLOW);
