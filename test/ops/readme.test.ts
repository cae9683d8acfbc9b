// docs/CONFIGURATION.md lists every variable the config module reads, with the defaults the
// module really applies; the README links every file in docs/; the build version is
// package.json's.

import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { CONFIG_VARIABLES, parseConfig } from "../../src/config.ts";
import { VERSION } from "../../src/build-info.ts";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), "utf8");

test("the configuration reference names every variable with the defaults parseConfig applies", () => {
  const section = read("docs/CONFIGURATION.md");
  const rows = new Map<string, string>();
  for (const [, name = "", embedded = ""] of section.matchAll(/^\| `(\w+)` \| ([^|]*) \|/gm)) rows.set(name, embedded);
  assert.deepEqual([...rows.keys()].sort(), [...CONFIG_VARIABLES].sort());
  assert.equal([...rows.keys()][0], "PQGATE_DATA_DIR", "the one folder of all state comes first");
  const config = parseConfig({});
  const expected: Record<string, unknown> = {
    PQGATE_DATA_DIR: dirname(config.database.dataDir),
    PORT: config.port,
    HOSTNAME: config.hostname,
    PQGATE_KEYSTORE: config.keystore.backend,
    PQGATE_KEYSTORE_DIR: config.keystore.backend === "software" ? config.keystore.dir : undefined,
    PQGATE_DB_DIR: config.database.dataDir,
    PQGATE_INITIAL_TOKEN_OUT: config.auth.initialTokenOut,
    PQGATE_RATE_LIMIT: config.auth.ratePerSecond,
    PQGATE_RATE_BURST: config.auth.rateBurst,
    PQGATE_ANON_RATE_LIMIT: config.auth.anonymousRatePerSecond,
    PQGATE_ANON_RATE_BURST: config.auth.anonymousBurst,
    PQGATE_TOKEN_MAX_TTL: config.auth.tokenMaxTtlSeconds,
    PQGATE_AUDIT_FAIL_OPEN: config.audit.failOpen,
    PQGATE_LOG_LEVEL: config.ops.logLevel,
    PQGATE_METRICS_OPEN: config.ops.metricsOpen,
    PQGATE_SHUTDOWN_TIMEOUT_SECONDS: config.ops.shutdownTimeoutSeconds,
    PQGATE_IDLE_TIMEOUT_SECONDS: config.ops.idleTimeoutSeconds,
    PQGATE_CACHE_TTL_SECONDS: config.database.cacheTtlSeconds,
  };
  for (const [name, value] of Object.entries(expected)) {
    assert.equal(/^`([^`]*)`/.exec(rows.get(name) ?? "")?.[1], String(value), name);
  }
});

test("the README quick start and tour keep state in PQGATE_DATA_DIR", () => {
  const readme = read("README.md");
  const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  assert.match(quickStart, /^export PQGATE_DATA_DIR=\S+\nscripts\/serve-all\.sh$/m);
  const tour = /## A five-minute curl tour[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  assert.match(tour, /TOKEN=\$\(cat "\$PQGATE_DATA_DIR\/initial-admin-token"\)/);
  assert.doesNotMatch(tour, /\.pqgate-data/);
});

test("the README links every file in docs/", () => {
  const readme = read("README.md");
  const docs = readdirSync(fileURLToPath(new URL("../../docs", import.meta.url))).filter((f) => f.endsWith(".md"));
  assert.ok(docs.length > 0);
  for (const file of docs) assert.ok(readme.includes(`](docs/${file})`), `README links docs/${file}`);
});

test("the build version is package.json's", () => {
  assert.equal(VERSION, JSON.parse(read("package.json")).version);
});
