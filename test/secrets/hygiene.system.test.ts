// Secret hygiene of the real server process with debug logging: a full scenario over HTTP
// (keys-scenario.ts, sync-scenario.ts), then every response, log line, database cell and file
// of the data folder is searched for every secret in raw, hex, base64 and UTF-16 forms. A
// secret may appear only where the ledger allows it: the one response that hands it out, or
// the file that stores it, and each allowance must really be seen there. While the server
// still runs its memory is read too: what it never received (device seeds, the password, R,
// K, shares, a client's KEM key) must be absent; what it did receive or make may linger in
// its heap, which is reported, not failed. Once on PGlite, once on PostgreSQL.

import { Buffer } from "node:buffer";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { openDatabase } from "../../src/db/client.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { Postgres } from "../support/postgres.ts";
import { startServer } from "../support/runtime.ts";
import { type ByteSource, dumpDatabase, filesUnder, SecretScanner } from "../support/scan.ts";
import { dataEnv, secretFile } from "../ops/support.ts";
import { keysScenario } from "./keys-scenario.ts";
import { SecretLedger } from "./ledger.ts";
import { scanProcessMemory } from "./process-memory.ts";
import { RecordingClient } from "./recorder.ts";
import { syncScenario } from "./sync-scenario.ts";

const SLOW = { timeoutMs: 120_000 };
const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Reads the running server's memory; asserts what the server never received is not there. */
async function memoryCheck(pid: number, ledger: SecretLedger): Promise<void> {
  let scan;
  try {
    scan = await scanProcessMemory(pid, ledger.secrets);
  } catch (error) {
    // Reading another process's memory needs the same uid and a Yama ptrace_scope that allows it.
    console.log(`memory scan: not possible here, ${(error as Error).message.split("\n")[0]}`);
    if (process.env.CI === "true") throw error;
    return;
  }
  const regions = new Map<string, Set<string>>();
  for (const f of scan.findings) regions.set(f.secret, (regions.get(f.secret) ?? new Set()).add(f.where));
  const seen = [...regions].map(([secret, where]) => `${secret} (${where.size})`).join(", ");
  console.log(
    `memory scan: ${scan.regions} readable regions mapping ${MiB(scan.mappedBytes)}, ${MiB(scan.bytes)} resident ` +
      `read, ${scan.unreadable.length} reads refused; found (regions): ${seen || "none"}; ` +
      `${ledger.clientOnly.size} secrets the server never received: absent`,
  );
  assert.ok(regions.has("environment marker"), "positive control: the marker in the server's environment is found");
  assert.deepEqual([...ledger.clientOnly].filter((s) => regions.has(s)), [], "client-only secrets in server memory");
}

/** The scenario against a server on `dir` (PGlite there, or `databaseUrl`), then the scans. */
async function scenarioAndScan(dir: string, databaseUrl?: string): Promise<void> {
  const ledger = new SecretLedger();
  const marker = new Uint8Array(randomBytes(16));
  ledger.add("environment marker", marker);
  const metricsToken = Buffer.from(randomBytes(32)).toString("base64url");
  ledger.add("metrics token", metricsToken, { handedOut: ["file metrics-token"] });
  const env = {
    ...dataEnv(dir),
    PQGATE_KEYSTORE: "software",
    PQGATE_LOG_LEVEL: "debug",
    PQGATE_METRICS_TOKEN_FILE: secretFile(dir, "metrics-token", metricsToken),
    PQGATE_RATE_BURST: "1000",
    HYGIENE_MARKER: Buffer.from(marker).toString("hex"),
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  };
  await using server = await startServer(env);
  const adminToken = readFileSync(join(dir, "initial-admin-token"), "utf8").trim();
  ledger.addToken("admin token", adminToken, ["file initial-admin-token"]);
  const http = new RecordingClient(server.url, adminToken);
  await keysScenario(http, ledger, join(dir, "keystore"));
  await syncScenario(http, ledger);
  assert.match((await http.call("GET", "/metrics", undefined, 200, metricsToken)).json, /pqgate_ready 1/);

  await memoryCheck(server.pid, ledger);
  server.signal("SIGTERM");
  assert.equal(await server.exited(), 0, server.output());

  const lines = server.output().split("\n").filter((line) => line !== "");
  const log = lines.map((line, i): ByteSource => ({ where: `log line ${i + 1}`, bytes: Buffer.from(line) }));
  const files = filesUnder(dir);
  const database = await openDatabase(
    databaseUrl === undefined ? { dataDir: join(dir, "db") } : { url: databaseUrl },
  );
  const cells = await dumpDatabase(database.db).finally(() => database.close());

  const findings = new SecretScanner(ledger.secrets).findAll([...http.responses, ...log, ...cells, ...files]);
  console.log(
    `scanned ${http.responses.length} responses, ${log.length} log lines, ${cells.length} database cells, ` +
      `${files.length} files (${MiB(files.reduce((n, f) => n + f.bytes.length, 0))}) for ` +
      `${Object.keys(ledger.secrets).length} secrets; allowed and found: ${ledger.allowed.length}`,
  );
  assert.deepEqual(ledger.unexpected(findings), [], "secrets where none may be");
  assert.deepEqual(
    ledger.unconfirmed(findings),
    [],
    "positive control: each handed-out secret is seen where it is handed out",
  );

  // Positive controls of the other sources: debug logging was on, and the database scan sees
  // what is stored (the app token's hash).
  assert.ok(lines.some((line) => line.includes('"level":"debug"')), "the server logged at debug");
  const appTokenHash = createHash("sha256").update(ledger.secrets["token app"] ?? new Uint8Array()).digest();
  assert.ok(new SecretScanner({ appTokenHash }).findAll(cells).length > 0, "the token's hash is found in the database");
}

test("secret hygiene on PGlite: responses, debug logs, database, data files and server memory", async () => {
  using dir = tempDir();
  await scenarioAndScan(dir.path);
}, SLOW);

test("secret hygiene on PostgreSQL: responses, debug logs, database, data files and server memory", async () => {
  using dir = tempDir();
  await using postgres = await Postgres.start();
  await scenarioAndScan(dir.path, await postgres.createDatabase());
}, SLOW);
