// Migration 0007 (hybrid_scheme) on a database that already holds keys: every existing
// ML-DSA-65+Ed25519 version is marked scheme 1 (it signed with the old construction), every
// other version stays null, and the column refuses anything but 1 and 2.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { MIGRATIONS, migrationsBefore } from "./migrations-before.ts";

const TAG = "0007_hybrid_scheme";

test("migration 0007 marks existing hybrid versions scheme 1 and leaves the others null", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pqgate-hybrid-migration-"));
  const client = await PGlite.create("memory://");
  try {
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: migrationsBefore(dir, TAG) });
    const insertKey = async (name: string, algorithm: string, versions: number) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO keys (name, algorithm, protection, latest_version) VALUES ($1, $2, 'software', $3) RETURNING id`,
        [name, algorithm, versions],
      );
      const id = rows[0]?.id ?? "";
      for (let v = 1; v <= versions; v++) {
        await client.query(
          `INSERT INTO key_versions (key_id, version, public_key, envelope) VALUES ($1, $2, '\\x00', '\\x01')`,
          [id, v],
        );
      }
    };
    await insertKey("hybrid", "ML-DSA-65+Ed25519", 2);
    await insertKey("plain", "ML-DSA-65", 1);

    await migrate(db, { migrationsFolder: MIGRATIONS });
    const { rows } = await client.query<{ name: string; version: number; hybrid_scheme: number | null }>(
      `SELECT k.name, v.version, v.hybrid_scheme FROM key_versions v JOIN keys k ON k.id = v.key_id
       ORDER BY k.name, v.version`,
    );
    assert.deepEqual(rows.map((r) => [r.name, r.version, r.hybrid_scheme]), [
      ["hybrid", 1, 1],
      ["hybrid", 2, 1],
      ["plain", 1, null],
    ]);
    await assert.rejects(client.query(`UPDATE key_versions SET hybrid_scheme = 3`), "only schemes 1 and 2");
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 60_000 });
