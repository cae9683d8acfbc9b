// Several server processes on one port (src/serve/workers.ts), on the runtime running the tests:
// two processes answer on one port on PostgreSQL and stop together; the embedded PGlite
// database stays with one process (more workers refused at start, a second owner of the data
// directory refused with the owner's pid).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { Postgres } from "../support/postgres.ts";
import { runtimeCommand, startServer } from "../support/runtime.ts";

const SLOW = { timeoutMs: 120_000 };

/** The pids whose sockets listen on TCP `port` (`ss`: Deno reads /proc/<pid> only with --allow-all). */
function listeners(port: number): number[] {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }).stdout;
  return [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

/** Direct children of `pid` (`pgrep -P`). */
function childrenOf(pid: number): number[] {
  const out = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout;
  return out.split("\n").filter((l) => l.trim() !== "").map(Number);
}

/** Requests counted by the process that answers a fresh connection: `GET /v1/keys` answered 200. */
async function countSeen(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { connection: "close" } })).text();
  const line = text.split("\n").find((l) =>
    l.startsWith("pqgate_http_requests_total{") && l.includes('route="/v1/keys"') && l.includes('method="GET"') &&
    l.includes('status="200"')
  );
  return Number(line?.split(" ").at(-1) ?? 0);
}

test("PQGATE_WORKERS=2 on PostgreSQL: two processes listen on one port, both answer, and stop together", async () => {
  await using pg = await Postgres.start();
  using dir = tempDir();
  const env = {
    DATABASE_URL: await pg.createDatabase(),
    PQGATE_WORKERS: "2",
    PQGATE_METRICS_OPEN: "true",
    PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "token"),
  };
  await using server = await startServer(env);
  const port = Number(new URL(server.url).port);
  let workers: number[] = [];
  for (let i = 0; i < 150 && workers.length === 0; i++) {
    workers = childrenOf(server.pid).filter((pid) => listeners(port).includes(pid));
    if (workers.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(workers.length, 1, server.output());
  const both = [server.pid, ...workers].sort((a, b) => a - b);
  assert.deepEqual(listeners(port), both, "both listen on the port");
  const token = readFileSync(env.PQGATE_INITIAL_TOKEN_OUT, "utf8").trim();
  // New connections are spread by the kernel: over 41 of them both processes get some. An odd
  // count, because the processes are told apart by their counts (an even split would look like one).
  const requests = 41;
  for (let i = 0; i < requests; i++) {
    const res = await fetch(`${server.url}/v1/keys`, {
      headers: { authorization: `Bearer ${token}`, connection: "close" },
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
  const seen = new Set<number>();
  for (let i = 0; i < 60 && seen.size < 2; i++) seen.add(await countSeen(server.url));
  assert.equal(seen.size, 2, `each process counts its own requests: ${[...seen]}`);
  assert.ok(Math.min(...seen) > 0, `both processes answered: ${[...seen]}`);
  assert.equal([...seen].reduce((a, b) => a + b, 0), requests, "together they answered every request");
  server.signal("SIGTERM");
  assert.equal(await server.exited(), 0);
  assert.deepEqual(listeners(port), [], "the worker stopped too");
}, SLOW);

test("PGlite: more than one worker is refused at start; a second owner of the data directory is refused", async () => {
  using dir = tempDir();
  const env = {
    PQGATE_DB_DIR: join(dir.path, "db"),
    PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "token"),
  };
  const serve = new URL(`../../src/serve/${"Deno" in globalThis ? "deno" : "bun"}.ts`, import.meta.url).pathname;
  const [command, args] = runtimeCommand(serve, { allowRun: true });
  const run = (extra: Record<string, string>) =>
    spawnSync(command, args, {
      env: { ...process.env, ...env, PORT: "0", HOSTNAME: "127.0.0.1", ...extra },
      encoding: "utf8",
      timeout: 60_000,
    });
  const many = run({ PQGATE_WORKERS: "2" });
  assert.equal(many.status, 78, many.stderr);
  assert.match(many.stderr, /PQGATE_WORKERS: 2 processes need DATABASE_URL/);

  await using owner = await startServer({ ...env, PQGATE_WORKERS: "auto" });
  assert.deepEqual(childrenOf(owner.pid), [], "auto is one process on PGlite");
  const second = run({});
  assert.equal(second.status, 69, second.stderr);
  assert.match(second.stderr, new RegExp(`in use by process ${owner.pid}: one process per data directory`));
  owner.signal("SIGKILL");
  await owner.exited();
  // The lock of a process that died is taken over.
  await using next = await startServer(env);
  assert.equal((await fetch(`${next.url}/healthz`)).status, 200);
}, SLOW);
