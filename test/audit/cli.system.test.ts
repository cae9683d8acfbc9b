/**
 * `audit:verify` as operators run it: a separate process reading the configured PGlite
 * directory, exit 0 when the chain is intact and 1, naming the seq, once a row was edited.
 *
 * @module
 */

import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { loadPqgate } from "../../ffi/mod.ts";
import { openDatabase } from "../../src/db/client.ts";
import { AuditService } from "../../src/services/audit/audit-service.ts";
import { systemClock } from "../../src/common/clock.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { tempDir } from "../support/pq.ts";
import { type ChildResult, runScript } from "../support/runtime.ts";

const CLI = fileURLToPath(new URL("../../src/cli/audit-verify.ts", import.meta.url));
const pq = loadPqgate();

/**
 * Runs the CLI against PGlite in `dataDir`. The child inherits this process's environment, set
 * here only for the duration of the synchronous spawn (and `DATABASE_URL` emptied: empty
 * counts as unset), so no other test sees it.
 */
function verifyCli(dataDir: string, keystoreDir: string): ChildResult {
  const saved = {
    PQGATE_DB_DIR: process.env.PQGATE_DB_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
    PQGATE_KEYSTORE: process.env.PQGATE_KEYSTORE,
    PQGATE_KEYSTORE_DIR: process.env.PQGATE_KEYSTORE_DIR,
  };
  process.env.PQGATE_DB_DIR = dataDir;
  process.env.PQGATE_KEYSTORE = "software";
  process.env.PQGATE_KEYSTORE_DIR = keystoreDir;
  process.env.DATABASE_URL = "";
  try {
    return runScript(CLI, []);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

test("audit:verify exits 0 on an intact PGlite database and 1 with the seq on a tampered one", async () => {
  using dir = tempDir();
  const dataDir = join(dir.path, "db");
  const keystoreDir = join(dir.path, "keys");
  const missing = verifyCli(dataDir, keystoreDir);
  assert.equal(missing.status, 66, missing.stderr);
  assert.match(missing.stderr, /no PGlite database/);

  const database = await openDatabase({ dataDir });
  try {
    using keystore = pq.openKeystore({ backend: "software", dir: keystoreDir });
    const audit = new AuditService({ db: database.db, pq, keystore: () => keystore, clock: systemClock });
    for (const action of ["keys.create", "keys.sign", "keys.sign", "tokens.revoke"]) {
      await audit.record({
        requestId: crypto.randomUUID(),
        actor: "anonymous",
        owner: "",
        action,
        keyName: "orders-signer",
        keyVersion: 1,
        outcome: "ok",
        status: 200,
      });
    }
  } finally {
    await database.close();
  }

  const intact = verifyCli(dataDir, keystoreDir);
  assert.equal(intact.status, 0, intact.stdout + intact.stderr);
  assert.match(intact.stdout, /audit log intact: 4 rows, head [A-Za-z0-9_-]{43}/);

  const reopened = await openDatabase({ dataDir });
  try {
    await reopened.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await reopened.db.execute(sql`update audit_log set key_version = 2 where seq = 3`);
  } finally {
    await reopened.close();
  }
  const broken = verifyCli(dataDir, keystoreDir);
  assert.equal(broken.status, 1, broken.stdout + broken.stderr);
  assert.match(broken.stdout, /BROKEN at seq 3: hash does not match/);
}, { timeoutMs: 60_000 });
