/**
 * The two database drivers the DB suite runs against, each handing every test a fresh,
 * empty database: PGlite in its own temporary folder, and a database of its own on one real
 * PostgreSQL server shared by the whole file.
 *
 * Both start slowly relative to a test (a fresh PGlite folder runs initdb in WebAssembly,
 * ~3 s; PostgreSQL ~1 s), so each is set up once, lazily: PGlite as an initialised but
 * unmigrated template folder copied per test (~0.2 s to open), PostgreSQL as one server with
 * `CREATE DATABASE` per test. `openDatabase` therefore migrates an empty database in every
 * test, on both drivers. {@link tearDown} releases both; the suite calls it in its last test.
 *
 * @module
 */

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Driver, type OpenDatabase, openDatabase } from "../../src/db/client.ts";
import { Postgres, processTempDir } from "../support/postgres.ts";

/** A fresh, empty database; `open()` may be called again after `close()` to re-open it. */
export interface FreshDatabase extends Disposable {
  open(): Promise<OpenDatabase>;
}

/** One driver under test. */
export interface Backend {
  readonly driver: Driver;
  fresh(): Promise<FreshDatabase>;
}

let pgliteTemplate: Promise<string> | undefined;
let server: Promise<Postgres> | undefined;

function tempPath(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function createPgliteTemplate(): Promise<string> {
  // Swept by a later run if this one never reaches tearDown (a filtered run, say).
  const dir = join(processTempDir("pqgate-pglite-template-"), "db");
  await (await PGlite.create(dir)).close();
  return dir;
}

const pglite: Backend = {
  driver: "pglite",
  async fresh() {
    const template = await (pgliteTemplate ??= createPgliteTemplate());
    const root = tempPath("pqgate-pglite-");
    const dataDir = join(root, "db");
    cpSync(template, dataDir, { recursive: true });
    return {
      open: () => openDatabase({ dataDir }),
      [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }),
    };
  },
};

const postgres: Backend = {
  driver: "postgres",
  async fresh() {
    const url = await (await (server ??= Postgres.start())).createDatabase();
    // The database goes with the server at tearDown; dropping each would only cost time.
    return { open: () => openDatabase({ url }), [Symbol.dispose]: () => {} };
  },
};

/** Both drivers, PGlite first. */
export const BACKENDS: readonly Backend[] = [pglite, postgres];

/** Stops the shared PostgreSQL server and removes the PGlite template, if they were created. */
export async function tearDown(): Promise<void> {
  const started = server;
  const template = pgliteTemplate;
  server = undefined;
  pgliteTemplate = undefined;
  if (started !== undefined) await (await started)[Symbol.asyncDispose]();
  if (template !== undefined) rmSync(join(await template, ".."), { recursive: true, force: true });
}
