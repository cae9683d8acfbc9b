/**
 * `deno task audit:verify` / `bun run audit:verify`: verifies the audit log's hash chain in the
 * database the server is configured with (the same environment: `DATABASE_URL` or
 * `PQGATE_DB_DIR`, `PQGATE_LIB`) and prints the verdict.
 *
 * Exit status: 0 intact, 1 broken (the first broken seq is printed), 66 (`EX_NOINPUT`) no PGlite
 * data directory, 69 (`EX_UNAVAILABLE`) database or library unavailable, 78 (`EX_CONFIG`) bad
 * configuration. An embedded PGlite directory is opened by one process at a time: stop the
 * server first, or ask the running server (`GET /v1/audit/verify`).
 *
 * @module
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { loadPqgate } from "../../ffi/mod.ts";
import { ConfigError, parseConfig, pickEnv } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { toBase64Url } from "../http/base64url.ts";
import { AuditService, type AuditVerdict } from "../services/audit/audit-service.ts";
import { systemClock } from "../services/readiness.ts";

const EX_NOINPUT = 66;
const EX_UNAVAILABLE = 69;
const EX_CONFIG = 78;

function fail(message: string, code: number): never {
  console.error(`pqgate audit:verify: ${message}`);
  process.exit(code);
}

function describe(verdict: AuditVerdict): string {
  if (!verdict.ok) {
    return `audit log BROKEN at seq ${verdict.firstBrokenSeq}: ${verdict.reason} (${verdict.rows} rows verified before it)`;
  }
  const head = verdict.head === null ? "" : `, head ${toBase64Url(verdict.head)}`;
  return `audit log intact: ${verdict.rows} rows${head}`;
}

/** `fn()`, or exit with `code` when it throws an error `expected` recognises. */
function orExit<T>(fn: () => T, expected: (error: unknown) => boolean, code: number): T {
  try {
    return fn();
  } catch (error) {
    if (expected(error)) fail((error as Error).message, code);
    throw error;
  }
}

async function main(): Promise<number> {
  const env = pickEnv((name) => process.env[name]);
  const config = orExit(() => parseConfig(env), (e) => e instanceof ConfigError, EX_CONFIG);
  const { url, dataDir } = config.database;
  // Opening a directory without a cluster would create an empty database and report it intact.
  if (url === undefined && !existsSync(join(dataDir, "PG_VERSION"))) {
    fail(`no PGlite database at ${dataDir}`, EX_NOINPUT);
  }
  const pq = orExit(() => loadPqgate({ path: config.libraryPath }), (e) => e instanceof Error, EX_UNAVAILABLE);
  const database = await openDatabase(url === undefined ? { dataDir } : { url })
    .catch((error: Error) => fail(`cannot open the database: ${error.message}`, EX_UNAVAILABLE));
  try {
    const verdict = await new AuditService({ db: database.db, pq, clock: systemClock }).verify();
    console.log(describe(verdict));
    return verdict.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

process.exit(await main());
