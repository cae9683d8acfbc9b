// PQGATE_DATA_DIR alone puts all of a server's state in one folder: the PGlite database, the
// software keystore and the first admin token, each owner-only; the server built from it serves
// with the token it wrote there and keeps its root key there.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { start } from "../../src/serve/start.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";

/** `start` makes and migrates a PGlite database: slow on a loaded machine. */
const SLOW = { timeoutMs: 120_000 };

test("PQGATE_DATA_DIR alone: db/, keystore/ and initial-admin-token, owner-only, in a folder it creates", async () => {
  using dir = tempDir();
  const data = join(dir.path, "state", "pqgate");
  const lib = process.env.PQGATE_LIB;
  const started = await start({
    PQGATE_DATA_DIR: data,
    ...(lib === undefined ? {} : { PQGATE_LIB: lib }),
    PQGATE_LOG_LEVEL: "error",
  });
  try {
    const mode = (path: string) => statSync(path).mode & 0o777;
    assert.deepEqual(readdirSync(data).sort(), ["db", "db.lock", "initial-admin-token", "keystore"]);
    for (const folder of [join(dir.path, "state"), data, join(data, "db"), join(data, "keystore")]) {
      assert.equal(mode(folder), 0o700, folder);
    }
    assert.equal(mode(join(data, "initial-admin-token")), 0o600);
    // The database's owner lock names this process (src/db/owner-lock.ts).
    assert.equal(mode(join(data, "db.lock")), 0o600);
    assert.equal(readFileSync(join(data, "db.lock"), "utf8").trim(), String(process.pid));
    assert.ok(statSync(join(data, "db", "PG_VERSION")).isFile(), "the database is there");
    const token = readFileSync(join(data, "initial-admin-token"), "utf8").trim();
    const res = await started.app.request("/v1/keys", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "in-the-data-dir", algorithm: "ML-DSA-65" }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    // The first wrap made the root key, in the keystore folder of the data folder.
    const roots = readdirSync(join(data, "keystore"));
    assert.ok(roots.length > 0, "the root keys are there");
    for (const root of roots) assert.equal(mode(join(data, "keystore", root)), 0o600, root);
  } finally {
    await started.close();
  }
}, SLOW);
