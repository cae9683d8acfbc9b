/**
 * The first admin token on PostgreSQL: replicas with their own connections, starting together
 * on one fresh database, install exactly one admin token (the advisory lock serialises them
 * across connections), and its secret is the one on disk.
 *
 * @module
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPqgate } from "../../ffi/mod.ts";
import { systemClock } from "../../src/common/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { tokenCount } from "../../src/db/tokens.ts";
import { TokenService } from "../../src/services/auth/token-service.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";

const pq = loadPqgate();

test("bootstrap on PostgreSQL: four replicas on one fresh database install exactly one admin token", async () => {
  await using pg = await Postgres.start();
  const url = await pg.createDatabase();
  using dir = tempDir();
  const file = join(dir.path, "secrets", "admin-token");
  // Migrate once, then open one connection pool per replica.
  const first = await openDatabase({ url });
  const others = await Promise.all([1, 2, 3].map(() => openDatabase({ url })));
  const databases = [first, ...others];
  try {
    const outcomes = await Promise.all(
      databases.map((database) => new TokenService(database.db, pq, systemClock).bootstrap(file)),
    );
    assert.deepEqual([...outcomes].sort(), ["exists", "exists", "exists", "written"]);
    assert.equal(await tokenCount(first.db), 1, "exactly one admin token");
    const secret = readFileSync(file, "utf8").trim();
    const principal = await new TokenService(first.db, pq, systemClock).authenticate(secret);
    assert.ok(principal !== undefined, "the live token is the one whose secret is on disk");
    assert.deepEqual(readdirSync(join(dir.path, "secrets")), ["admin-token"], "no temporary file is left behind");
  } finally {
    for (const database of databases) await database.close();
  }
}, { timeoutMs: 180_000 });
