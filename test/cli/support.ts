/**
 * The operator CLI as a subprocess of the runtime running the tests, on a temporary data
 * directory (PGlite and a software keystore), and the same directory opened in-process to
 * seed it or to check what the CLI did.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPqgate } from "../../ffi/mod.ts";
import { openDatabase } from "../../src/db/client.ts";
import { composeServices, type Services } from "../../src/bootstrap/compose.ts";
import { systemClock } from "../../src/common/clock.ts";
import { type ChildResult, runScript } from "../support/runtime.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
export const pq = loadPqgate();

/** The variables pointing the CLI at `dbDir` and the keystore `keystoreDir`. */
export function cliEnv(dbDir: string, keystoreDir: string): Record<string, string> {
  // Empty counts as unset: PGlite even when the test environment names a PostgreSQL server.
  return { PQGATE_DB_DIR: dbDir, PQGATE_KEYSTORE_DIR: keystoreDir, DATABASE_URL: "", PQGATE_KEYSTORE: "" };
}

/** Runs `cli args…` with `env`. */
export function cli(args: string[], env: Record<string, string>): ChildResult {
  return runScript(MAIN, args, env);
}

/** The JSON lines a CLI run printed. */
export function jsonLines(result: ChildResult): Record<string, unknown>[] {
  return result.stdout.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}

/**
 * Opens the data directory in this process (database folder `dbFolder`, keystore `keystore`) (PGlite admits one process at a time, so the
 * services are closed again before any CLI run) and runs `fn` on its services.
 */
export async function withServices<T>(
  dir: string,
  fn: (services: Services) => Promise<T>,
  dbFolder = "db",
): Promise<T> {
  const database = await openDatabase({ dataDir: join(dir, dbFolder) });
  const keystore = pq.openKeystore({ backend: "software", dir: join(dir, "keystore") });
  const services = composeServices({
    db: database.db,
    pq,
    keystore,
    clock: systemClock,
    rate: { perSecond: 1000, burst: 1000 },
    keyCacheCapacity: 16,
  });
  try {
    return await fn(services);
  } finally {
    services[Symbol.dispose]();
    keystore[Symbol.dispose]();
    await database.close();
  }
}
