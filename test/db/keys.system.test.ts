/**
 * The key repository against both drivers: every test body runs once on PGlite and once on a
 * real PostgreSQL 15, each time on a fresh database that `openDatabase` migrates.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { pgSchema, serial, text } from "drizzle-orm/pg-core";
import type { Database, OpenDatabase } from "../../src/db/client.ts";
import { sqlState } from "../../src/db/errors.ts";
import {
  addVersion,
  type BoundNewVersion,
  cancelDeletion,
  createKey,
  deleteKey,
  envelopesNotUnderRoot,
  findKey,
  findKeyById,
  getVersion,
  InvalidConfigError,
  KeyExistsError,
  keysDueForDeletion,
  listKeys,
  listVersions,
  type NewKey,
  replaceEnvelope,
  scheduleDeletion,
  updateKeyConfig,
  VersionConflictError,
} from "../../src/db/keys.ts";
import { keys, keyVersions } from "../../src/db/schema/index.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { type Backend, BACKENDS, type FreshDatabase, tearDown } from "./backends.ts";

/** drizzle's own bookkeeping table, where the migrator records each applied migration. */
const drizzleMigrations = pgSchema("drizzle").table("__drizzle_migrations", { id: serial("id"), hash: text("hash") });

/** Generous: the first test of each driver creates the PGlite template or starts PostgreSQL. */
const SLOW = { timeoutMs: 60_000 };
/** How many migrations `migrations/` holds (drizzle-kit's journal lists each once). */
const MIGRATION_COUNT = (JSON.parse(
  readFileSync(new URL("../../migrations/meta/_journal.json", import.meta.url), "utf8"),
) as { entries: unknown[] }).entries.length;

const ROOT_A = Uint8Array.of(0xa0, 0x00, 0xff);
const ROOT_B = Uint8Array.of(0xb0, 0x00, 0xff);

function newKey(name: string, owner = "alice"): NewKey {
  return {
    owner,
    name,
    algorithm: "ML-KEM-768",
    protection: "hardware-wrapped",
    autoRotateSeconds: null,
    deletionAllowed: false,
  };
}

/** A version whose private key is an envelope under `rootId`; `tag` makes its bytes distinct. */
/** A stand-in binding MAC: these tests exercise the repository, not the MAC (test/keys/bindings*). */
const MAC = new Uint8Array(32);

function wrapped(tag: number, rootId: Uint8Array | null = ROOT_A): BoundNewVersion {
  return {
    publicKey: Uint8Array.of(tag, 0x00, 0xff),
    envelope: Uint8Array.of(0xe0, tag),
    nativeReference: null,
    rootId,
    hybridScheme: null,
    bindingMac: MAC,
  };
}

function native(tag: number): BoundNewVersion {
  return {
    publicKey: Uint8Array.of(tag),
    envelope: null,
    nativeReference: Uint8Array.of(0x4e, tag),
    rootId: null,
    hybridScheme: null,
    bindingMac: MAC,
  };
}

async function rowCounts(db: Database): Promise<{ keys: number; versions: number }> {
  const [k] = await db.select({ n: count() }).from(keys);
  const [v] = await db.select({ n: count() }).from(keyVersions);
  return { keys: k?.n ?? -1, versions: v?.n ?? -1 };
}

async function must<T>(value: Promise<T | undefined>): Promise<T> {
  const resolved = await value;
  assert.ok(resolved !== undefined, "expected a row");
  return resolved;
}

/** Runs `body` on a fresh, open database of `backend`, closing and removing it afterwards. */
async function withDatabase(backend: Backend, body: (db: Database) => Promise<void>): Promise<void> {
  using fresh = await backend.fresh();
  const open = await fresh.open();
  try {
    assert.equal(open.driver, backend.driver);
    await body(open.db);
  } finally {
    await open.close();
  }
}

/** Registers `body` once per driver. */
function dbTest(name: string, body: (db: Database) => Promise<void>): void {
  for (const backend of BACKENDS) test(`db[${backend.driver}]: ${name}`, () => withDatabase(backend, body), SLOW);
}

/** Registers `body`, which manages opening itself, once per driver. */
function freshTest(name: string, body: (fresh: FreshDatabase) => Promise<void>): void {
  for (const backend of BACKENDS) {
    test(`db[${backend.driver}]: ${name}`, async () => {
      using fresh = await backend.fresh();
      await body(fresh);
    }, SLOW);
  }
}

async function closing<T>(open: OpenDatabase, body: (db: Database) => Promise<T>): Promise<T> {
  try {
    return await body(open.db);
  } finally {
    await open.close();
  }
}

freshTest("migrations apply once; data persists across close and re-open", async (fresh) => {
  const id = await closing(await fresh.open(), async (db) => (await createKey(db, newKey("kept"), wrapped(1))).id);
  await closing(await fresh.open(), async (db) => {
    const [applied] = await db.select({ n: count() }).from(drizzleMigrations);
    assert.equal(applied?.n, MIGRATION_COUNT, "each migration was recorded once, not re-applied");
    assert.equal((await must(findKeyById(db, id))).name, "kept");
    assert.deepStrictEqual((await must(getVersion(db, id, 1))).envelope, wrapped(1).envelope);
  });
});

test("db[postgres]: replicas opening one new database together migrate it once", async () => {
  const backend = BACKENDS.find((b) => b.driver === "postgres");
  assert.ok(backend !== undefined);
  using fresh = await backend.fresh();
  // Without the migration lock, both would run 0000 and one would fail on "relation already exists".
  const opened = await Promise.all([fresh.open(), fresh.open(), fresh.open()]);
  try {
    const [applied] = await opened[0]!.db.select({ n: count() }).from(drizzleMigrations);
    assert.equal(applied?.n, MIGRATION_COUNT);
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
}, SLOW);

dbTest("create, find and list with keyset paging", async (db) => {
  for (const name of ["d", "b", "e", "a", "c"]) await createKey(db, newKey(name), wrapped(1));
  await createKey(db, newKey("a", "bob"), wrapped(1));

  const created = await must(findKey(db, "alice", "a"));
  assert.equal(created.owner, "alice");
  assert.equal(created.latestVersion, 1);
  assert.equal(created.minDecryptionVersion, 1);
  assert.equal(created.autoRotateSeconds, null);
  assert.equal(created.deletionAllowed, false);
  assert.equal(created.deletionAfter, null);
  assert.ok(created.createdAt instanceof Date);
  assert.deepStrictEqual(await findKeyById(db, created.id), created);
  assert.equal(await findKey(db, "alice", "zz"), undefined);
  assert.equal(await findKeyById(db, "00000000-0000-4000-8000-000000000000"), undefined);
  assert.equal(await findKeyById(db, "not-a-uuid"), undefined);

  const pages: string[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listKeys(db, "alice", { after, limit: 2 });
    if (page.length === 0) break;
    pages.push(page.map((k) => k.name));
    after = page.at(-1)?.name;
  }
  assert.deepStrictEqual(pages, [["a", "b"], ["c", "d"], ["e"]]);
  assert.deepStrictEqual((await listKeys(db, "bob", { limit: 10 })).map((k) => k.name), ["a"]);
  assert.deepStrictEqual(await listKeys(db, "carol", { limit: 10 }), []);
});

dbTest("a duplicate name throws KeyExistsError and writes nothing", async (db) => {
  await createKey(db, newKey("dup"), wrapped(1));
  const before = await rowCounts(db);
  await assert.rejects(createKey(db, newKey("dup"), wrapped(2)), (e: unknown) => {
    assert.ok(e instanceof KeyExistsError, String(e));
    assert.equal(e.owner, "alice");
    assert.equal(e.keyName, "dup");
    return true;
  });
  assert.deepStrictEqual(await rowCounts(db), before);
  // A first version the schema refuses rolls the key back too: no key without a version.
  const invalid = { ...wrapped(3), nativeReference: Uint8Array.of(1) };
  await assert.rejects(createKey(db, newKey("half"), invalid), (e) => sqlState(e) === "23514");
  assert.equal(await findKey(db, "alice", "half"), undefined);
  assert.deepStrictEqual(await rowCounts(db), before);
  // Names are unique per owner only.
  await createKey(db, newKey("dup", "bob"), wrapped(4));
});

dbTest("a caller-chosen id is kept; reusing one is not mistaken for a duplicate name", async (db) => {
  const id = crypto.randomUUID();
  assert.equal((await createKey(db, { ...newKey("chosen"), id }, wrapped(1))).id, id);
  assert.equal((await createKey(db, { ...newKey("defaulted"), id: undefined }, wrapped(1))).id.length, 36);
  await assert.rejects(createKey(db, { ...newKey("other"), id }, wrapped(2)), (e: unknown) => {
    assert.ok(!(e instanceof KeyExistsError), String(e));
    assert.equal(sqlState(e), "23505");
    return true;
  });
  assert.equal(await findKey(db, "alice", "other"), undefined);
});

dbTest("addVersion increments; a stale expectedLatest throws VersionConflictError", async (db) => {
  const key = await createKey(db, newKey("rotating"), wrapped(1));
  assert.equal(await addVersion(db, key.id, 1, wrapped(2)), 2);
  assert.equal(await addVersion(db, key.id, 2, native(3)), 3);
  await assert.rejects(addVersion(db, key.id, 2, wrapped(9)), VersionConflictError);
  await assert.rejects(addVersion(db, "00000000-0000-4000-8000-000000000000", 1, wrapped(9)), VersionConflictError);

  const row = await must(findKeyById(db, key.id));
  assert.equal(row.latestVersion, 3);
  assert.ok(row.updatedAt >= key.updatedAt);
  const versions = await listVersions(db, key.id);
  assert.deepStrictEqual(versions.map((v) => v.version), [1, 2, 3]);
  assert.deepStrictEqual(versions.map((v) => v.publicKey), [wrapped(1), wrapped(2), native(3)].map((v) => v.publicKey));
  assert.deepStrictEqual((await must(getVersion(db, key.id, 3))).nativeReference, Uint8Array.of(0x4e, 3));
  assert.equal(await getVersion(db, key.id, 4), undefined);
});

dbTest("concurrent rotations from the same latest version: exactly one wins", async (db) => {
  const key = await createKey(db, newKey("raced"), wrapped(1));
  for (let latest = 1; latest <= 5; latest++) {
    const results = await Promise.allSettled(
      [0, 1, 2].map((i) => addVersion(db, key.id, latest, wrapped(10 * latest + i))),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    assert.deepStrictEqual(won.map((r) => r.value), [latest + 1]);
    assert.equal(lost.length, 2);
    for (const reason of lost) assert.ok(reason instanceof VersionConflictError, String(reason));
  }
  assert.equal((await must(findKeyById(db, key.id))).latestVersion, 6);
  assert.deepStrictEqual((await listVersions(db, key.id)).map((v) => v.version), [1, 2, 3, 4, 5, 6]);
});

dbTest("bytea round-trips exact bytes as plain Uint8Array", async (db) => {
  const big = Uint8Array.from({ length: 5 * 1024 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
  big[0] = 0x00;
  big[big.length - 1] = 0xff;
  const edges = Uint8Array.of(0x00, 0xff, 0x00, 0x5c, 0x78, 0x00);
  const key = await createKey(db, newKey("bytes"), {
    publicKey: edges,
    envelope: big,
    nativeReference: null,
    rootId: new Uint8Array(0),
    hybridScheme: null,
    bindingMac: MAC,
  });
  const version = await must(getVersion(db, key.id, 1));
  for (
    const [value, expected] of [[version.publicKey, edges], [version.envelope, big], [
      version.rootId,
      new Uint8Array(0),
    ]] as const
  ) {
    assert.ok(value !== null);
    // Not a Buffer (postgres.js) and not a view into a larger pool: deepStrictEqual compares prototypes.
    assert.equal(Object.getPrototypeOf(value), Uint8Array.prototype);
    assert.equal(value.byteLength, value.buffer.byteLength);
    assert.deepStrictEqual(value, expected);
  }
  const [stale] = await envelopesNotUnderRoot(db, ROOT_A, 10);
  assert.ok(stale !== undefined);
  assert.equal(Object.getPrototypeOf(stale.envelope), Uint8Array.prototype);
  assert.deepStrictEqual(stale.envelope, big);
});

dbTest("check constraints refuse impossible rows", async (db) => {
  const key = await createKey(db, newKey("checked"), wrapped(1));
  for (const both of [{ ...wrapped(2), nativeReference: Uint8Array.of(1) }, { ...wrapped(2), envelope: null }]) {
    await assert.rejects(addVersion(db, key.id, 1, both), (e) => sqlState(e) === "23514");
  }
  // The failed rotations rolled back their version bump.
  assert.equal((await must(findKeyById(db, key.id))).latestVersion, 1);
  await assert.rejects(
    db.insert(keys).values({ ...newKey("zero"), latestVersion: 0 }),
    (e) => sqlState(e) === "23514",
  );
  await assert.rejects(updateKeyConfig(db, key.id, { minDecryptionVersion: 2 }), InvalidConfigError);
  await assert.rejects(updateKeyConfig(db, key.id, { minDecryptionVersion: 0 }), InvalidConfigError);
  assert.equal((await must(findKeyById(db, key.id))).minDecryptionVersion, 1);
});

dbTest("updateKeyConfig applies a patch and returns the row", async (db) => {
  const key = await createKey(db, newKey("configured"), wrapped(1));
  await addVersion(db, key.id, 1, wrapped(2));
  const updated = await must(updateKeyConfig(db, key.id, { minDecryptionVersion: 2, autoRotateSeconds: 3600 }));
  assert.equal(updated.minDecryptionVersion, 2);
  assert.equal(updated.autoRotateSeconds, 3600);
  assert.equal(updated.deletionAllowed, false);
  assert.ok(updated.updatedAt >= key.updatedAt);
  const cleared = await must(updateKeyConfig(db, key.id, { autoRotateSeconds: null, deletionAllowed: true }));
  assert.equal(cleared.autoRotateSeconds, null);
  assert.equal(cleared.deletionAllowed, true);
  assert.equal(cleared.minDecryptionVersion, 2, "fields not in the patch are kept");
  assert.deepStrictEqual(await findKeyById(db, key.id), cleared);
  assert.equal(await updateKeyConfig(db, "00000000-0000-4000-8000-000000000000", { deletionAllowed: true }), undefined);
});

dbTest("deletion is scheduled only when allowed, can be cancelled, and cascades", async (db) => {
  const key = await createKey(db, newKey("doomed"), wrapped(1));
  await addVersion(db, key.id, 1, native(2));
  const other = await createKey(db, newKey("kept"), wrapped(1));
  const at = new Date("2030-01-01T00:00:00Z");
  const before = new Date(at.getTime() - 1000);

  assert.equal(await scheduleDeletion(db, key.id, at), false, "deletion not allowed yet");
  await updateKeyConfig(db, key.id, { deletionAllowed: true });
  assert.equal(await scheduleDeletion(db, key.id, at), true);
  assert.equal((await must(findKeyById(db, key.id))).deletionAfter?.getTime(), at.getTime());
  assert.deepStrictEqual(await keysDueForDeletion(db, before), []);
  assert.deepStrictEqual((await keysDueForDeletion(db, at)).map((k) => k.id), [key.id]);

  assert.equal(await cancelDeletion(db, key.id), true);
  assert.deepStrictEqual(await keysDueForDeletion(db, at), []);
  await scheduleDeletion(db, key.id, at);
  await updateKeyConfig(db, key.id, { deletionAllowed: false });
  assert.equal((await must(findKeyById(db, key.id))).deletionAfter, null, "forbidding deletion unschedules it");
  assert.deepStrictEqual(await keysDueForDeletion(db, at), []);

  assert.equal(await deleteKey(db, key.id), true);
  assert.equal(await findKeyById(db, key.id), undefined);
  const [left] = await db.select({ n: count() }).from(keyVersions).where(eq(keyVersions.keyId, key.id));
  assert.equal(left?.n, 0, "versions went with their key");
  assert.equal(await deleteKey(db, key.id), false);
  assert.equal(await cancelDeletion(db, key.id), false);
  assert.equal((await listVersions(db, other.id)).length, 1, "other keys are untouched");
});

dbTest("envelopesNotUnderRoot and replaceEnvelope re-wrap with compare-and-set", async (db) => {
  const a = await createKey(db, newKey("a"), wrapped(1, ROOT_A));
  await addVersion(db, a.id, 1, wrapped(2, ROOT_B));
  await addVersion(db, a.id, 2, wrapped(3, ROOT_A));
  await createKey(db, newKey("native"), native(1));
  const b = await createKey(db, { ...newKey("b"), owner: "bob" }, wrapped(4, null));

  const sorted = (rows: { keyId: string; version: number }[]) => rows.map((r) => `${r.keyId}/${r.version}`).sort();
  const stale = await envelopesNotUnderRoot(db, ROOT_B, 10);
  assert.deepStrictEqual(sorted(stale), [`${a.id}/1`, `${a.id}/3`, `${b.id}/1`].sort());
  const fromB = stale.find((s) => s.keyId === b.id);
  assert.deepStrictEqual(fromB, {
    keyId: b.id,
    owner: "bob",
    algorithm: "ML-KEM-768",
    version: 1,
    envelope: Uint8Array.of(0xe0, 4),
  });
  assert.equal((await envelopesNotUnderRoot(db, ROOT_B, 2)).length, 2);

  assert.equal(
    await replaceEnvelope(db, a.id, 1, Uint8Array.of(0xe0, 99), Uint8Array.of(1), ROOT_B),
    false,
    "wrong expected bytes",
  );
  for (const s of stale) {
    assert.equal(
      await replaceEnvelope(db, s.keyId, s.version, s.envelope, Uint8Array.of(0xbb, s.version), ROOT_B),
      true,
    );
  }
  // The same compare-and-set again fails: the bytes it expected are gone.
  assert.equal(await replaceEnvelope(db, a.id, 1, Uint8Array.of(0xe0, 1), Uint8Array.of(2), ROOT_B), false);
  assert.deepStrictEqual(await envelopesNotUnderRoot(db, ROOT_B, 10), []);
  assert.equal((await envelopesNotUnderRoot(db, ROOT_A, 10)).length, 4);
  const replaced = await must(getVersion(db, a.id, 3));
  assert.deepStrictEqual([replaced.envelope, replaced.rootId], [Uint8Array.of(0xbb, 3), ROOT_B]);
});

test("db: stop PostgreSQL and remove the PGlite template", tearDown, SLOW);
