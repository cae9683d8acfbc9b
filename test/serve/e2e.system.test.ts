// The real server process (src/serve/deno.ts or src/serve/bun.ts, on the runtime running
// the tests) over HTTP on loopback: the first start writes the admin token, then the end-to-end
// scenario (test/support/e2e-scenario.ts) runs in two halves around a restart, which keeps keys
// and tokens (PGlite on disk, software keystore on disk).

import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { afterRestart, beforeRestart } from "../support/e2e-scenario.ts";

test(
  "first start, token, key, sign, verify, encrypt, HPKE, HMAC, wrapped import over HTTP; all survives a restart",
  async () => {
    using dir = tempDir();
    const env = {
      PQGATE_DB_DIR: join(dir.path, "db"),
      PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
      PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "initial-admin-token"),
    };
    let token: string;
    let before;
    {
      await using server = await startServer(env);
      const tokenFile = env.PQGATE_INITIAL_TOKEN_OUT;
      assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
      token = readFileSync(tokenFile, "utf8").trim();
      assert.ok(!server.output().includes(token), "the secret is written to the file, not the log");
      before = await beforeRestart(server.url, token);
    }
    await using server = await startServer(env);
    assert.ok(!server.output().includes("admin token written"), "no second bootstrap");
    await afterRestart(server.url, token, before);
  },
  { timeoutMs: 90_000 },
);
