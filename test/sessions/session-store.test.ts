// The session store: bounded, per-owner bounded, and every ending overwrites the key.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { SessionError } from "../../src/services/sessions/errors.ts";
import { type SessionEntry, SessionStore } from "../../src/services/sessions/session-store.ts";

function entry(owner: string, expiresAt = Number.MAX_SAFE_INTEGER): SessionEntry {
  return {
    owner,
    tokenId: "t",
    keyName: null,
    key: new Uint8Array(32).fill(7),
    clientConfirmation: new Uint8Array(32).fill(9),
    expiresAt,
  };
}

const wiped = (e: SessionEntry) => e.key.every((b) => b === 0) && e.clientConfirmation.every((b) => b === 0);

function throwsKind(fn: () => unknown, kind: string): void {
  assert.throws(fn, (e: unknown) => e instanceof SessionError && e.kind === kind);
}

test("the oldest session is evicted beyond capacity, and its key is zeroed", () => {
  using store = new SessionStore({ capacity: 2, maxPerOwner: 10 });
  const [a, b, c] = [entry("x"), entry("y"), entry("z")];
  store.add("a", a, 0);
  store.add("b", b, 0);
  store.add("c", c, 0);
  assert.equal(store.size, 2);
  assert.ok(wiped(a));
  assert.ok(!wiped(b) && !wiped(c));
  throwsKind(() => store.get("x", "a", 0), "session-not-found");
});

test("one owner's sessions cannot crowd out another's", () => {
  using store = new SessionStore({ capacity: 100, maxPerOwner: 2 });
  const other = entry("other");
  store.add("o", other, 0);
  const mine = [entry("me"), entry("me"), entry("me")];
  mine.forEach((e, i) => store.add(`m${i}`, e, 0));
  assert.ok(wiped(mine[0] as SessionEntry), "the owner's oldest went");
  assert.ok(!wiped(other));
  assert.equal(store.get("other", "o", 0), other);
  assert.equal(store.size, 3);
});

test("another owner's id, an expired session and an ended one are refused; each end wipes", () => {
  using store = new SessionStore({ capacity: 10, maxPerOwner: 10 });
  const live = entry("me", 10_000);
  const ending = entry("me", 10_000);
  store.add("live", live, 0);
  store.add("ending", ending, 0);
  throwsKind(() => store.get("you", "live", 0), "session-not-found");
  store.end("me", "ending", 0);
  assert.ok(wiped(ending));
  throwsKind(() => store.get("me", "ending", 0), "session-not-found");
  throwsKind(() => store.get("me", "live", 10_000), "session-expired");
  assert.ok(wiped(live));
  throwsKind(() => store.get("me", "live", 10_000), "session-not-found");
});

test("expired sessions are swept without being asked for; dispose wipes the rest", () => {
  const store = new SessionStore({ capacity: 10, maxPerOwner: 10 });
  const soon = entry("me", 1_000);
  const later = entry("me", 100_000);
  store.add("soon", soon, 0);
  store.add("later", later, 0);
  store.add("third", entry("you"), 5_000); // a later write sweeps
  assert.ok(wiped(soon));
  assert.equal(store.size, 2);
  store[Symbol.dispose]();
  assert.ok(wiped(later));
  assert.equal(store.size, 0);
});
