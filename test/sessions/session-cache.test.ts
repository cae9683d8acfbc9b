// The opened-session cache on its own: served only while the change feed is subscribed and
// within its time to live, dropped by its row's notification, bounded; every way an entry goes
// frees its key handle and wipes its tag, and a holder of the entry sees it ended.

import { loadPqgate } from "../../ffi/mod.ts";
import { CacheCoherence } from "../../src/services/cache/coherence.ts";
import { SessionCache, type SessionEntry } from "../../src/services/sessions/session-store.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { fakeFeed } from "../cache/fake-feed.ts";

const pq = loadPqgate();

function entry(): SessionEntry {
  return {
    owner: "o",
    tokenId: "t",
    keyName: null,
    key: pq.generateKey("AES-256-GCM"),
    clientConfirmation: new Uint8Array(32).fill(9),
    expiresAt: Number.MAX_SAFE_INTEGER,
    ended: false,
  };
}

function ended(e: SessionEntry): boolean {
  return e.ended && e.clientConfirmation.every((b) => b === 0) &&
    (() => {
      try {
        e.key.encrypt(new Uint8Array(), new Uint8Array());
        return false;
      } catch {
        return true; // the handle is freed
      }
    })();
}

function setup(ttlSeconds = 60, capacity = 2) {
  const driver = fakeFeed();
  const coherence = new CacheCoherence(ttlSeconds);
  coherence.follow(driver.feed);
  return { driver, coherence, cache: new SessionCache(coherence, capacity) };
}

test("nothing is kept while the feed is down; a transition ends every entry", () => {
  const { driver, coherence, cache } = setup();
  const early = entry();
  assert.equal(cache.set("a", early, coherence.ticket()), false, "not subscribed: the caller keeps it");
  assert.equal(early.ended, false);
  driver.set(true);
  const a = entry();
  assert.ok(cache.set("a", a, coherence.ticket()));
  assert.equal(cache.get("a"), a);
  driver.set(false);
  assert.ok(ended(a));
  assert.equal(cache.get("a"), undefined);
  early.key[Symbol.dispose]();
});

test("a notification ends exactly its session; a raced read is not kept; the oldest go beyond capacity", () => {
  const { driver, coherence, cache } = setup();
  driver.set(true);
  const [a, b] = [entry(), entry()];
  cache.set("a", a, coherence.ticket());
  cache.set("b", b, coherence.ticket());
  driver.send("sessions:a");
  assert.ok(ended(a));
  assert.equal(cache.get("b"), b);
  driver.send("keys:b"); // another table's id
  assert.equal(cache.get("b"), b);
  const ticket = coherence.ticket();
  driver.send("sessions:zz"); // any change while the row was read
  const raced = entry();
  assert.equal(cache.set("c", raced, ticket), false);
  raced.key[Symbol.dispose]();
  const [c, d] = [entry(), entry()];
  cache.set("c", c, coherence.ticket());
  cache.set("d", d, coherence.ticket());
  assert.ok(ended(b), "capacity 2: the oldest went");
  assert.equal(cache.size, 2);
  cache[Symbol.dispose]();
  assert.ok(ended(c) && ended(d));
});

test("an entry is not served after the cache time to live", () => {
  const { driver, coherence, cache } = setup(0.05);
  driver.set(true);
  const a = entry();
  cache.set("a", a, coherence.ticket());
  const until = performance.now() + 80;
  while (performance.now() < until) { /* wait out 50 ms */ }
  assert.equal(cache.get("a"), undefined);
  assert.ok(ended(a));
});
