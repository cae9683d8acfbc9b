/**
 * Opens the gateway's database: PostgreSQL through postgres.js when a URL is configured
 * (many replicas, one database), otherwise an embedded PGlite in a data directory (one
 * process, no server). Either way the migrations in `migrations/` are applied before the
 * handle is returned, and the services see one type, {@link Database}.
 *
 * @module
 */

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { type ChangeFeed, pgliteChangeFeed, postgresChangeFeed } from "./change-feed.ts";
import { lockDataDir, type OwnerLock } from "./owner-lock.ts";
import * as schema from "./schema/index.ts";

/** The schema type every {@link Database} carries (enables `db.query.<table>`). */
export type Schema = typeof schema;

/**
 * A drizzle handle on either driver. Services and repositories are typed against this, never
 * against a driver's own database class, so the same code runs on PGlite and PostgreSQL.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** Which driver {@link openDatabase} chose. */
export type Driver = "pglite" | "postgres";

/** Where the database lives. */
export interface OpenOptions {
  /** A `postgres://` URL; when set, PostgreSQL is used and `dataDir` is ignored. */
  readonly url?: string | undefined;
  /** PGlite's data directory (default {@link DEFAULT_DATA_DIR}); `memory://` keeps it in memory. */
  readonly dataDir?: string | undefined;
  /** Called with the SQL of every query the handle runs (tests count the queries of a request path). */
  readonly logQuery?: ((query: string) => void) | undefined;
  /**
   * PGlite only, into an empty `dataDir`: start from this copy of a data directory (a tarball
   * from {@link OpenDatabase.dumpDataDir}) instead of running initdb; pending migrations still
   * apply. Tests give each app its own copy of one migrated database this way (initdb and the
   * migrations take seconds in WebAssembly; loading the copy a fraction of one).
   */
  readonly loadDataDir?: Blob | undefined;
}

/** An open database; `close()` ends its connections (pool or embedded instance) and change feeds. */
export interface OpenDatabase {
  readonly db: Database;
  readonly driver: Driver;
  /**
   * Starts a feed of the changes to the cached tables (`change-feed.ts`): on PostgreSQL a
   * connection of its own; on PGlite an in-process listener. Closed with the database.
   */
  changeFeed(): ChangeFeed;
  /**
   * Transactions this handle has run since it opened (migrations excluded), a statement outside
   * a transaction counting as one: PGlite only, counted through the driver (PostgreSQL counts
   * its own, in `pg_stat_database`).
   */
  readonly transactions?: () => number;
  /** PGlite only: the whole data directory as an uncompressed tarball (see {@link OpenOptions.loadDataDir}). */
  readonly dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

/** PGlite's data directory when none is configured, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".pqgate-data/db";

/** Located from this file, not the working directory, so the server and tests start from anywhere. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Key of the session advisory lock held while migrating PostgreSQL: drizzle's migrator takes no
 * lock itself, and replicas starting together would otherwise race to apply the same migration.
 * Any constant works as long as it is the same in every replica ("pqgate" in ASCII).
 */
const MIGRATION_LOCK_KEY = 0x707167617465;

/**
 * Opens the database described by `options` and applies pending migrations.
 *
 * # Errors
 * Rejects when the database cannot be reached or opened, or a migration fails; the
 * connections opened so far are closed first.
 */
export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
  const logger = options.logQuery === undefined ? undefined : { logQuery: options.logQuery };
  return options.url !== undefined
    ? await openPostgres(options.url, logger)
    : await openPglite(options.dataDir, logger, options.loadDataDir);
}

type QueryLogger = { logQuery(query: string): void } | undefined;

/** The feeds a database started, closed before it. */
function feeds(start: () => ChangeFeed) {
  const started = new Set<ChangeFeed>();
  return {
    changeFeed: () => {
      const feed = start();
      started.add(feed);
      return feed;
    },
    closeFeeds: () => Promise.all([...started].map((feed) => feed.close())),
  };
}

async function openPostgres(url: string, logger: QueryLogger): Promise<OpenDatabase> {
  // NOTICEs such as "schema drizzle already exists, skipping" on every start are not news.
  const client = postgres(url, { onnotice: () => {} });
  const db = drizzlePostgres({ client, schema, ...(logger === undefined ? {} : { logger }) });
  const { changeFeed, closeFeeds } = feeds(() => postgresChangeFeed(url));
  const close = async () => {
    await closeFeeds();
    await client.end({ timeout: 5 });
  };
  try {
    // The lock must be held by one connection for the whole run, hence a reserved one; the
    // migrator itself runs on the pool and waits for nothing but this lock.
    const lock = await client.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      try {
        await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      }
    } finally {
      lock.release();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { db, driver: "postgres", changeFeed, close };
}

/**
 * PGlite's own start parameters, with a 16 MB buffer pool instead of Postgres's 128 MB. Postgres
 * runs in WebAssembly memory here, which never shrinks, so every buffer it touches stays in the
 * process's RSS: under load that was most of the gap to PostgreSQL (bench/RESULTS.md, "Server
 * memory by database"). Durability is untouched: only the cache is smaller; pages it does not
 * hold are read from the data directory (the OS page cache).
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

async function openPglite(
  dataDir = DEFAULT_DATA_DIR,
  logger: QueryLogger = undefined,
  loadDataDir: Blob | undefined = undefined,
): Promise<OpenDatabase> {
  let lock: OwnerLock | undefined;
  if (!dataDir.includes("://")) {
    // PGlite creates only the last path segment; 0700 because the directory holds wrapped keys.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    lock = lockDataDir(dataDir);
  }
  const client = await PGlite.create(dataDir, {
    startParams: PGLITE_START_PARAMS,
    ...(loadDataDir === undefined ? {} : { loadDataDir }),
  }).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  const db = drizzlePglite({ client, schema, ...(logger === undefined ? {} : { logger }) });
  const { changeFeed, closeFeeds } = feeds(() => pgliteChangeFeed(client));
  const close = async () => {
    try {
      await closeFeeds();
      await client.close();
    } finally {
      lock?.release();
    }
  };
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    db,
    driver: "pglite",
    changeFeed,
    transactions: countTransactions(client),
    dumpDataDir: () => client.dumpDataDir("none"),
    close,
  };
}

/**
 * Counts what `client` runs from now on: drizzle sends a statement outside a transaction to
 * `query` (one implicit transaction each) and a transaction to `transaction` (whose statements go
 * to the transaction's own handle, so they are not counted again).
 */
function countTransactions(client: PGlite): () => number {
  let count = 0;
  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = ((...args: Parameters<PGlite["query"]>) => {
    count++;
    return query(...args);
  }) as PGlite["query"];
  client.transaction = ((...args: Parameters<PGlite["transaction"]>) => {
    count++;
    return transaction(...args);
  }) as PGlite["transaction"];
  return () => count;
}

/** One round trip to the database (readiness probes); throws when it does not answer. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
