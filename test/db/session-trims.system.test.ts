// Session bounds under concurrency (src/db/sessions.ts), on both drivers: many inserts racing
// for one owner through the connection pool all succeed (side-by-side trims once deadlocked
// in PostgreSQL, which failed one of them: a 500 for a session that had been stored), and the
// next insert leaves each bound kept, the newest rows staying.

import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { sessions } from "../../src/db/schema/index.ts";
import { insertSession, purgeExpiredSessions } from "../../src/db/sessions.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { BACKENDS, tearDown } from "./backends.ts";

const SLOW = { timeoutMs: 120_000 };
const BOUNDS = { capacity: 12, maxPerOwner: 5 };

function row(owner: string, ttlMs = 60_000) {
  return {
    id: randomBytes(16).toString("hex"),
    owner,
    tokenId: `${owner}-token`,
    mode: "client-key",
    algorithm: "ML-KEM-768",
    envelope: new Uint8Array([1]),
    rootId: new Uint8Array([2]),
    confirmation: new Uint8Array([3]),
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + ttlMs),
  };
}

async function ownerIds(db: Database, owner: string): Promise<string[]> {
  return (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.owner, owner)).orderBy(sessions.seq))
    .map((r) => r.id);
}

for (const backend of BACKENDS) {
  test(`db[${backend.driver}]: racing session inserts all succeed, and the bounds hold after the next`, async () => {
    using fresh = await backend.fresh();
    const open = await fresh.open();
    try {
      const db = open.db;
      // One busy owner and a quieter one, 240 inserts at once: the pool runs them side by side.
      const racing = Array.from(
        { length: 240 },
        (_, i) => insertSession(db, row(i % 6 === 0 ? "quiet" : "busy"), BOUNDS),
      );
      const failures = (await Promise.allSettled(racing)).filter((r) => r.status === "rejected");
      assert.deepEqual(failures.map((f) => String((f as PromiseRejectedResult).reason)), []);
      // A quiet moment: the next insert trims whatever the racing ones left over.
      const last = row("busy");
      await insertSession(db, last, BOUNDS);
      const busy = await ownerIds(db, "busy");
      assert.equal(busy.length, BOUNDS.maxPerOwner, "the owner's bound");
      assert.equal(busy.at(-1), last.id, "the newest stays");
      assert.ok((await db.select().from(sessions)).length <= BOUNDS.capacity, "the capacity");
      // The purge (same lock, waited for) still deletes what expired.
      await insertSession(db, row("short", -1), BOUNDS);
      assert.equal(await purgeExpiredSessions(db, new Date()), 1);
    } finally {
      await open.close();
    }
  }, SLOW);
}

test("db: stop PostgreSQL and remove the PGlite template", tearDown, SLOW);
