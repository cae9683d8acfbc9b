/**
 * A copy of `migrations/` that stops before one migration, so a test can fill a database of the
 * schema before it and then watch the migration run on existing rows.
 *
 * @module
 */

import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "../support/assert.ts";

/** The repository's migrations folder. */
export const MIGRATIONS: string = fileURLToPath(new URL("../../migrations", import.meta.url));

interface Journal {
  entries: { tag: string }[];
}

/** Copies `migrations/` into `dir` with a journal that ends before `tag`; returns the copy's folder. */
export function migrationsBefore(dir: string, tag: string): string {
  const folder = join(dir, "migrations");
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  const at = journal.entries.findIndex((e) => e.tag === tag);
  assert.ok(at > 0, `${tag} is in the journal`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}
