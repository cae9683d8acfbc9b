/**
 * The first admin token (`TokenService.bootstrap`) is atomic and single: a secret file that
 * cannot be written leaves no live token, and two bootstraps racing on one fresh database
 * install exactly one token, whose secret is the one on disk and works over HTTP.
 *
 * @module
 */

import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPqgate } from "../../ffi/mod.ts";
import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/bootstrap/compose.ts";
import { systemClock } from "../../src/common/clock.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { tokenCount } from "../../src/db/tokens.ts";
import { TokenService } from "../../src/services/auth/token-service.ts";
import { newTokenSecret } from "../../src/services/auth/token-secret.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";

const pq = loadPqgate();
/** PGlite migrates each fresh database: slow on a loaded machine. */
const SLOW = { timeoutMs: 120_000 };

/** A fresh PGlite database (no token yet) and an app over it, as `serve` builds them. */
async function freshGateway(dir: string) {
  const database = await openDatabase({ dataDir: "memory://" });
  const keystore = pq.openKeystore({ backend: "software", dir: join(dir, "keys") });
  const services = composeServices({
    db: database.db,
    pq,
    keystore,
    clock: systemClock,
    rate: { perSecond: 1000, burst: 1000 },
    keyCacheCapacity: 8,
  });
  const app = createApp({ native: pq, keystore, log: { error: () => {} }, api: services });
  return {
    db: database.db,
    app,
    tokens: services.tokens,
    async [Symbol.asyncDispose]() {
      services[Symbol.dispose]();
      keystore[Symbol.dispose]();
      await database.close();
    },
  };
}

function listTokens(app: ReturnType<typeof createApp>, secret: string): Promise<Response> {
  return Promise.resolve(app.request("/v1/tokens", { headers: { authorization: `Bearer ${secret}` } }));
}

async function liveTokens(db: Database): Promise<number> {
  return await tokenCount(db);
}

test("bootstrap: a secret file that cannot be written leaves no live admin token", async () => {
  using dir = tempDir();
  await using gateway = await freshGateway(dir.path);
  // A dangling symlink where the file goes: it "does not exist", yet no file can be created there.
  const secrets = join(dir.path, "secrets");
  mkdirSync(secrets);
  const file = join(secrets, "admin-token");
  symlinkSync(join(dir.path, "nowhere", "target"), file);
  await assert.rejects(gateway.tokens.bootstrap(file));
  assert.equal(await liveTokens(gateway.db), 0, "a token whose secret was never written must not be live");
  assert.deepEqual(readdirSync(secrets), ["admin-token"], "no temporary file is left behind");

  // A parent that is a regular file: the write fails too, and again nothing is live.
  const blocker = join(dir.path, "blocker");
  writeFileSync(blocker, "");
  await assert.rejects(gateway.tokens.bootstrap(join(blocker, "admin-token")));
  assert.equal(await liveTokens(gateway.db), 0);

  // Once the path is writable, the next start installs the token and its secret works.
  const good = join(dir.path, "good", "admin-token");
  assert.equal(await gateway.tokens.bootstrap(good), "written");
  const secret = readFileSync(good, "utf8").trim();
  const res = await listTokens(gateway.app, secret);
  assert.equal(res.status, 200, await res.text());
  assert.equal(await liveTokens(gateway.db), 1);
}, SLOW);

test("bootstrap: two replicas starting together on a fresh database install exactly one admin token", async () => {
  using dir = tempDir();
  await using gateway = await freshGateway(dir.path);
  const file = join(dir.path, "secrets", "admin-token");
  // Two services over one database, as two replicas sharing the secrets volume.
  const replicas = [1, 2, 3].map(() => new TokenService(gateway.db, pq, systemClock));
  const outcomes = await Promise.allSettled(replicas.map((replica) => replica.bootstrap(file)));
  const done = outcomes.map((o) => o.status === "fulfilled" ? o.value : `rejected: ${String(o.reason)}`);
  assert.deepEqual([...done].sort(), ["exists", "exists", "written"]);
  assert.equal(await liveTokens(gateway.db), 1, "exactly one admin token");
  const secret = readFileSync(file, "utf8").trim();
  const res = await listTokens(gateway.app, secret);
  assert.equal(res.status, 200, "the one live token is the one whose secret is on disk");
  const listed = (await res.json()) as { tokens: unknown[] };
  assert.equal(listed.tokens.length, 1);
  assert.deepEqual(readdirSync(join(dir.path, "secrets")), ["admin-token"], "no temporary file is left behind");
}, SLOW);

test("bootstrap: two replicas given the same operator secret install it once", async () => {
  using dir = tempDir();
  await using gateway = await freshGateway(dir.path);
  const secret = newTokenSecret(pq);
  const replicas = [1, 2].map(() => new TokenService(gateway.db, pq, systemClock));
  const outcomes = await Promise.all(replicas.map((replica) => replica.bootstrap(join(dir.path, "unused"), secret)));
  assert.deepEqual([...outcomes].sort(), ["exists", "provided"]);
  assert.equal(await liveTokens(gateway.db), 1);
  assert.equal((await listTokens(gateway.app, secret)).status, 200);
}, SLOW);
