// Crash consistency: the real server process takes a stream of key creations, rotations and
// device approvals from concurrent workers and is killed with SIGKILL at a random moment, then
// restarted on the same data (PGlite folder or PostgreSQL database, software keystore folder).
// After each restart every acknowledged operation must be there and usable and nothing may be
// half-written (test/crash/check.ts); at the end the audit chain must verify. Replay a failure
// with PQGATE_TEST_SEED=<printed seed>.

import { readFileSync } from "node:fs";
import process from "node:process";
import { join } from "node:path";
import { loadPqgate } from "../../ffi/mod.ts";
import { Device, SyncClient } from "../../client/sync/mod.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { Postgres } from "../support/postgres.ts";
import { SeededRandom } from "../support/random.ts";
import { runScript, type ServerProcess, startServer } from "../support/runtime.ts";
import { checkGateway } from "./check.ts";
import { Ledger } from "./ledger.ts";
import { worker, type Workload } from "./workload.ts";

/**
 * Kills per backend on each runtime: 10 on Deno + 10 on Bun = 20 per backend per CI run;
 * PQGATE_CRASH_KILLS raises it for a longer run.
 */
const KILLS = Number(process.env.PQGATE_CRASH_KILLS ?? 10);
const WORKERS = 3;
const RUNTIME = "Deno" in globalThis ? "Deno" : "Bun";
const AUDIT_VERIFY = new URL("../../src/cli/audit-verify.ts", import.meta.url).pathname;
const pq = loadPqgate();

/** Starts the gateway, SIGKILLs it `KILLS` times under load, and checks the state after each restart. */
async function crashLoop(dataEnv: Record<string, string>, dir: string): Promise<void> {
  const random = new SeededRandom();
  const env = {
    ...dataEnv,
    PQGATE_KEYSTORE_DIR: join(dir, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir, "initial-admin-token"),
    PQGATE_RATE_LIMIT: "100000",
    PQGATE_RATE_BURST: "100000",
  };
  const ledger = new Ledger();
  const devices = new Map<string, Device>();
  let id = 0;
  let server: ServerProcess | undefined = await startServer(env);
  try {
    const token = readFileSync(env.PQGATE_INITIAL_TOKEN_OUT, "utf8").trim();
    const admin = new SyncClient(pq, server.url, token);
    const account = await admin.createAccount("crash");
    const first = Device.fromSeeds(pq, "first", {
      mlDsa: random.bytes(32),
      ed25519: random.bytes(32),
      xWing: random.bytes(32),
    });
    assert.equal(await admin.register(account.id, first, account.bootstrapToken), "trusted");
    devices.set(first.registeredId, first);
    ledger.deviceTrusted(first.registeredId);
    const seen = new Map<string, number>();
    for (let kill = 0; kill < KILLS; kill++) {
      const w: Workload = {
        pq,
        url: server.url,
        token,
        ledger,
        random,
        accountId: account.id,
        devices,
        nextId: () => ++id,
      };
      let stopped = false;
      const workers = Array.from({ length: WORKERS }, () => worker(w, () => stopped));
      await new Promise((r) => setTimeout(r, random.int(100, 900)));
      server.signal("SIGKILL");
      await server.exited();
      stopped = true;
      await Promise.all(workers);
      server = await startServer(env);
      await checkGateway({ pq, url: server.url, token, accountId: account.id }, ledger, seen);
    }
    await checkGateway({ pq, url: server.url, token, accountId: account.id }, ledger, new Map());
    assert.deepEqual(ledger.serverErrors, [], "no 5xx while the server was alive");
    assert.ok(ledger.acknowledged > KILLS, `operations were acknowledged (${ledger.acknowledged})`);
    await server[Symbol.asyncDispose]();
    server = undefined;
    const verify = runScript(AUDIT_VERIFY, [], { DATABASE_URL: "", ...env });
    assert.equal(verify.status, 0, `audit chain verifies:\n${verify.stdout}\n${verify.stderr}`);
    console.log(
      `crash (${RUNTIME}): ${KILLS} kills, ${ledger.acknowledged} acknowledged operations, ${ledger.keys.size} keys, ` +
        `${ledger.trustedDevices.size} trusted devices, seed ${random.seed}`,
    );
  } catch (error) {
    throw new Error(
      `crash test failed with PQGATE_TEST_SEED=${random.seed}: ${String(error)}\n${server?.output() ?? ""}`,
      {
        cause: error,
      },
    );
  } finally {
    await server?.[Symbol.asyncDispose]();
    for (const device of devices.values()) device[Symbol.dispose]();
  }
}

test(`crash consistency: ${KILLS} SIGKILLs under load on PGlite (${RUNTIME})`, async () => {
  using dir = tempDir();
  await crashLoop({ PQGATE_DB_DIR: join(dir.path, "db") }, dir.path);
}, { timeoutMs: 240_000 });

test(`crash consistency: ${KILLS} SIGKILLs under load on PostgreSQL (${RUNTIME})`, async () => {
  using dir = tempDir();
  await using postgres = await Postgres.start();
  await crashLoop({ DATABASE_URL: await postgres.createDatabase() }, dir.path);
}, { timeoutMs: 240_000 });
