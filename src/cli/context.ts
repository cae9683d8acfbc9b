/**
 * What the CLI commands work on, opened from the same environment as the server (`config.ts`):
 * the native library, the database and, for commands that wrap or unwrap keys, the keystore.
 * CLI actions that change state are recorded in the audit trail with the actor `cli`.
 *
 * An embedded PGlite directory is opened by one process at a time: stop the server before
 * running the CLI on it (PostgreSQL has no such limit).
 *
 * @module
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { type Keystore, loadPqgate, PqError, type Pqgate } from "../../ffi/mod.ts";
import { type Config, ConfigError, parseConfig, pickEnv } from "../config.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { AuditService } from "../services/audit/audit-service.ts";
import { openConfiguredKeystore, SecretFileError } from "../bootstrap/keystore-setup.ts";
import { systemClock } from "../common/clock.ts";
import { CliError, EXIT } from "./args.ts";

/** An open CLI context; `close()` releases everything. */
export interface CliContext {
  readonly config: Config;
  readonly pq: Pqgate;
  readonly db: Database;
  readonly audit: AuditService;
  /** The keystore, opened on first use. */
  keystore(): Keystore;
  /** Records a CLI action in the audit trail. */
  record(action: string, fields?: { owner?: string; keyName?: string; keyVersion?: number }): Promise<void>;
  close(): Promise<void>;
}

/** What a command needs from the database. */
export interface OpenOptions {
  /** Create a missing PGlite directory (restore); otherwise a missing one is `EX_NOINPUT`. */
  readonly createDatabase?: boolean;
}

/**
 * Opens the context from the process environment.
 *
 * @throws {CliError} 78 for bad configuration, 66 for a missing PGlite directory, 69 when the
 * library or database is unavailable.
 */
export async function openContext(options: OpenOptions = {}): Promise<CliContext> {
  const config = attempt(() => parseConfig(pickEnv((name) => process.env[name])), ConfigError, EXIT.CONFIG);
  const { url, dataDir } = config.database;
  // Opening a directory without a cluster would create an empty database and act on that.
  if (url === undefined && !options.createDatabase && !existsSync(join(dataDir, "PG_VERSION"))) {
    throw new CliError(`no PGlite database at ${dataDir}`, EXIT.NOINPUT);
  }
  const pq = attempt(() => loadPqgate({ path: config.libraryPath }), Error, EXIT.UNAVAILABLE);
  const database = await openDatabase(url === undefined ? { dataDir } : { url }).catch((error: Error) => {
    throw new CliError(`cannot open the database: ${error.message}`, EXIT.UNAVAILABLE);
  });
  let keystore: Keystore | undefined;
  const openedKeystore = () => (keystore ??= openKeystore(pq, config));
  const audit = new AuditService({ db: database.db, pq, keystore: openedKeystore, clock: systemClock });
  return {
    config,
    pq,
    db: database.db,
    audit,
    keystore: openedKeystore,
    record: async (action, fields = {}) => {
      await audit.record({
        requestId: crypto.randomUUID(),
        actor: "cli",
        owner: fields.owner ?? "",
        action,
        keyName: fields.keyName ?? null,
        keyVersion: fields.keyVersion ?? null,
        outcome: "ok",
        status: 0,
      });
    },
    close: async () => {
      keystore?.[Symbol.dispose]();
      await database.close();
    },
  };
}

function openKeystore(pq: Pqgate, config: Config): Keystore {
  try {
    return openConfiguredKeystore(pq, config.keystore);
  } catch (error) {
    if (error instanceof SecretFileError) throw new CliError(error.message, EXIT.CONFIG);
    if (error instanceof PqError) {
      const code = error.status === "KEYSTORE_UNAVAILABLE" ? EXIT.UNAVAILABLE : EXIT.CONFIG;
      throw new CliError(`cannot open the ${config.keystore.backend} keystore: ${error.message}`, code);
    }
    throw error;
  }
}

/** `fn()`, with errors of class `expected` turned into a {@link CliError} with `code`. */
function attempt<T>(fn: () => T, expected: abstract new (...args: never[]) => Error, code: number): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof expected) throw new CliError(error.message, code);
    throw error;
  }
}
