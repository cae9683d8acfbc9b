/**
 * The read-path caches on their own (`src/services/cache/`), driven by an in-test change feed:
 * nothing is served unless the feed is subscribed, a feed transition flushes everything, a
 * change drops exactly the rows of its id, a read that raced a change is not stored, and rows
 * expire after their time to live.
 *
 * @module
 */

import { parseChange } from "../../src/db/change-feed.ts";
import { CacheCoherence } from "../../src/services/cache/coherence.ts";
import { RowCache } from "../../src/services/cache/row-cache.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { fakeFeed } from "./fake-feed.ts";

interface Row {
  readonly id: string;
  readonly value: string;
}

function setup(ttlSeconds = 60, capacity = 100) {
  const driver = fakeFeed();
  const coherence = new CacheCoherence(ttlSeconds);
  const detach = coherence.follow(driver.feed);
  const rows = new RowCache<Row>(coherence, {
    capacity,
    table: "keys",
    flushOn: ["key_binding_key"],
    idOf: (row) => row.id,
  });
  let reads = 0;
  const db = new Map<string, Row>();
  const read = (key: string) =>
    rows.read(key, () => {
      reads++;
      return Promise.resolve(db.get(key));
    });
  return { driver, coherence, detach, rows, db, read, reads: () => reads };
}

test("parseChange reads table:id; anything else flushes everything", () => {
  assert.deepEqual(parseChange("tokens:7f1c"), { table: "tokens", id: "7f1c" });
  assert.deepEqual(parseChange("keys:a:b"), { table: "keys", id: "a:b" });
  assert.deepEqual(parseChange("key_binding_key:1"), { table: "key_binding_key", id: "1" });
  assert.deepEqual(parseChange("sessions:ab12"), { table: "sessions", id: "ab12" });
  for (const payload of ["*", "", "audit_log:1", "keys", ":1"]) assert.deepEqual(parseChange(payload), { table: "*" });
});

test("nothing is served or stored until the feed is subscribed; then rows come from memory", async () => {
  const t = setup();
  t.db.set("a", { id: "1", value: "first" });
  await t.read("a");
  await t.read("a");
  assert.equal(t.reads(), 2, "not subscribed: every read goes to the database");
  assert.equal(t.rows.size, 0);
  t.driver.set(true);
  assert.equal(t.coherence.serving, true);
  assert.deepEqual(await t.read("a"), { id: "1", value: "first" });
  t.db.set("a", { id: "1", value: "changed without notification" });
  assert.deepEqual(await t.read("a"), { id: "1", value: "first" }, "served from memory");
  assert.equal(t.reads(), 3);
});

test("unknown rows are not cached: each lookup of an absent row reads the database", async () => {
  const t = setup();
  t.driver.set(true);
  assert.equal(await t.read("nobody"), undefined);
  assert.equal(await t.read("nobody"), undefined);
  assert.equal(t.reads(), 2);
  assert.equal(t.rows.size, 0);
});

test("a change drops exactly the rows of its id; key_binding_key and * drop everything", async () => {
  const t = setup();
  t.driver.set(true);
  t.db.set("a", { id: "1", value: "a" });
  t.db.set("a-alias", { id: "1", value: "a" });
  t.db.set("b", { id: "2", value: "b" });
  for (const key of ["a", "a-alias", "b"]) await t.read(key);
  assert.equal(t.rows.size, 3);
  t.driver.send("tokens:1");
  assert.equal(t.rows.size, 3, "another table's id 1 is not this cache's");
  t.driver.send("keys:1");
  assert.equal(t.rows.size, 1, "both rows of id 1 dropped, id 2 kept");
  assert.equal(t.rows.get("b")?.value, "b");
  t.driver.send("key_binding_key:1");
  assert.equal(t.rows.size, 0);
  await t.read("b");
  t.driver.send("*");
  assert.equal(t.rows.size, 0);
});

test("the feed going down flushes and bypasses the cache until it is back; coming back flushes again", async () => {
  const t = setup();
  t.driver.set(true);
  t.db.set("a", { id: "1", value: "old" });
  await t.read("a");
  t.driver.set(false);
  assert.equal(t.rows.size, 0, "flushed");
  assert.equal(t.coherence.listening, false);
  t.db.set("a", { id: "1", value: "changed during the outage" });
  assert.equal((await t.read("a"))?.value, "changed during the outage");
  assert.equal(t.rows.size, 0, "nothing stored while down");
  const before = t.reads();
  await t.read("a");
  assert.equal(t.reads(), before + 1, "bypassed: read from the database again");
  t.driver.set(true);
  await t.read("a");
  await t.read("a");
  assert.equal(t.reads(), before + 2, "back: cached again");
});

test("a read that raced a change or a feed transition is returned but not stored", async () => {
  for (const race of ["keys:1", "down-up"] as const) {
    const t = setup();
    t.driver.set(true);
    let release: () => void = () => {};
    const pending = t.rows.read("a", async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { id: "1", value: "read before the change" };
    });
    if (race === "keys:1") t.driver.send("keys:1");
    else {
      t.driver.set(false);
      t.driver.set(true);
    }
    release();
    assert.equal((await pending)?.value, "read before the change");
    assert.equal(t.rows.size, 0, race);
    // A local invalidation (this process's own write) counts as a change too.
    const next = t.rows.read("b", () => {
      t.coherence.invalidate({ table: "keys", id: "9" });
      return Promise.resolve({ id: "2", value: "b" });
    });
    await next;
    assert.equal(t.rows.size, 0);
  }
});

test("rows expire after the time to live; a TTL of 0 caches nothing", async () => {
  const t = setup(0.02);
  t.driver.set(true);
  t.db.set("a", { id: "1", value: "a" });
  await t.read("a");
  await t.read("a");
  assert.equal(t.reads(), 1);
  await new Promise((resolve) => setTimeout(resolve, 40));
  await t.read("a");
  assert.equal(t.reads(), 2, "expired: read again");

  const off = setup(0);
  off.driver.set(true);
  assert.equal(off.coherence.serving, false);
  off.db.set("a", { id: "1", value: "a" });
  await off.read("a");
  await off.read("a");
  assert.equal(off.reads(), 2);
});

test("the least recently used rows are dropped beyond the capacity", async () => {
  const t = setup(60, 2);
  t.driver.set(true);
  for (const key of ["a", "b", "c"]) t.db.set(key, { id: key, value: key });
  await t.read("a");
  await t.read("b");
  await t.read("a"); // a is now the most recent
  await t.read("c");
  assert.equal(t.rows.size, 2);
  assert.equal(t.rows.get("b"), undefined);
  assert.equal(t.rows.get("a")?.value, "a");
  t.driver.send("keys:a");
  t.driver.send("keys:c");
  assert.equal(t.rows.size, 0, "the id index followed the evictions");
  t.detach();
});
