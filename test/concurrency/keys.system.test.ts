// Concurrency on the real server process (PGlite): clients signing with one key while it
// rotates (every signature verifies at the version it names; only 409 besides 2xx), and
// racing creations of one name (exactly one 201, the rest 409). The audit chain verifies after.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { runScript, startServer } from "../support/runtime.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { call } from "../crash/workload.ts";

const AUDIT_VERIFY = new URL("../../src/cli/audit-verify.ts", import.meta.url).pathname;

test("concurrent signers during rotations and racing creations: no lost update, only 409", async () => {
  using dir = tempDir();
  const env = {
    PQGATE_DB_DIR: join(dir.path, "db"),
    PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "token"),
    PQGATE_RATE_LIMIT: "100000",
    PQGATE_RATE_BURST: "100000",
  };
  {
    await using server = await startServer(env);
    const g = { url: server.url, token: readFileSync(env.PQGATE_INITIAL_TOKEN_OUT, "utf8").trim() };
    const created = await call(g, "POST", "/v1/keys", { name: "busy", algorithm: "ML-DSA-44" });
    assert.equal(created.status, 201, await created.text());
    const message = toBase64Url(new TextEncoder().encode("under rotation"));
    const signer = async () => {
      const signed: { signature: string; version: number }[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await call(g, "POST", "/v1/keys/busy/sign", { message });
        assert.equal(res.status, 200, await res.clone().text());
        signed.push(await res.json());
      }
      return signed;
    };
    const rotator = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await call(g, "POST", "/v1/keys/busy/rotate");
        await res.body?.cancel();
        statuses.push(res.status);
      }
      return statuses;
    };
    const [signatures, rotations] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, signer)),
      Promise.all(Array.from({ length: 2 }, rotator)),
    ]);
    const statuses = rotations.flat();
    assert.ok(statuses.every((s) => s === 200 || s === 409), `rotations: ${statuses}`);
    const key = await (await call(g, "GET", "/v1/keys/busy")).json();
    assert.equal(key.latestVersion, 1 + statuses.filter((s) => s === 200).length, "every acknowledged rotation counts");
    for (const { signature, version } of signatures.flat()) {
      const res = await call(g, "POST", "/v1/keys/busy/verify", { message, signature, version });
      assert.deepEqual(await res.json(), { valid: true, version });
    }
    const racers = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const res = await call(g, "POST", "/v1/keys", { name: "contested", algorithm: "Ed25519" });
        await res.body?.cancel();
        return res.status;
      }),
    );
    assert.deepEqual(racers.toSorted(), [201, 409, 409, 409, 409, 409, 409, 409], `creations: ${racers}`);
  }
  const verify = runScript(AUDIT_VERIFY, [], { DATABASE_URL: "", ...env });
  assert.equal(verify.status, 0, `audit chain verifies:\n${verify.stdout}\n${verify.stderr}`);
}, { timeoutMs: 120_000 });
