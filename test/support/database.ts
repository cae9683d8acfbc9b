/**
 * Fresh in-memory PGlite databases for in-process tests, without paying initdb and every
 * migration for each one (seconds in WebAssembly, the bulk of a route test's time): importing
 * this module opens one database through {@link openDatabase}, which migrates it, and keeps a
 * tarball of its data directory (once per process: at import, so outside any test's time
 * limit); every call then opens its own new in-memory database loaded from that tarball
 * (`OpenOptions.loadDataDir`), so each test still gets a database of its own, in the state
 * `openDatabase` leaves a new one in. Tests of initdb and of migrating from scratch open their
 * databases with `openDatabase` directly.
 *
 * @module
 */

import { type OpenDatabase, openDatabase, type OpenOptions } from "../../src/db/client.ts";

async function migratedTemplate(): Promise<Blob> {
  const database = await openDatabase({ dataDir: "memory://" });
  try {
    if (database.dumpDataDir === undefined) throw new Error("PGlite's handle cannot dump its data directory");
    return await database.dumpDataDir();
  } finally {
    await database.close();
  }
}

const template = await migratedTemplate();

/** A new, migrated, empty in-memory PGlite database of the caller's own. */
export async function freshPglite(options: Pick<OpenOptions, "logQuery"> = {}): Promise<OpenDatabase> {
  return await openDatabase({ ...options, dataDir: "memory://", loadDataDir: template });
}
