// The CPU-profile summary behind bench/PROFILE.md (bench/profile/): a small V8-format profile
// with known stacks goes through the parser, the window, the buckets and the report; and a real
// gateway under the running runtime's profiler writes its profile when stopped gracefully.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Postgres } from "../support/postgres.ts";
import { freePort } from "../support/runtime.ts";
import { gatewayEnv } from "../../bench/http/gateway-env.ts";
import { createKeys, prepare } from "../../bench/http/scenarios.ts";
import { startGateway } from "../../bench/http/servers.ts";
import { bucketOfStack } from "../../bench/profile/buckets.ts";
import { type CpuProfileJson, type Frame, parseProfile } from "../../bench/profile/cpu-profile.ts";
import { profileMarkdown } from "../../bench/profile/profile-md.ts";
import { summarise } from "../../bench/profile/summary.ts";

const ROOT = `file://${fileURLToPath(new URL("../../", import.meta.url))}`;
const node = (id: number, functionName: string, url: string, children: number[] = [], lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
  children,
});

/**
 * (root) ─┬─ serve (ext:deno_http) ─ handler (src/routes) ─ sign (key service) ─ sign (ffi) ─ ffiCall (native)
 *         ├─ nextWrite (postgres, via .deno/) ─ writeBuffer (native) ; walk (src) ─ walk (recursion)
 *         ├─ (idle)
 *         └─ (garbage collector)
 */
const PROFILE: CpuProfileJson = {
  nodes: [
    node(1, "(root)", "", [2, 7, 9, 11, 12]),
    node(2, "serve", "ext:deno_http/00_serve.ts", [3]),
    node(3, "handler", `${ROOT}src/routes/keys/keys.handlers.ts`, [4], 9),
    node(4, "sign", `${ROOT}src/services/keys/key-service.ts`, [5], 220),
    node(5, "sign", `${ROOT}ffi/keys/signature.ts`, [6], 120),
    node(6, "ffiCall", ""),
    node(7, "nextWrite", `${ROOT}node_modules/.deno/postgres@3.4.9/node_modules/postgres/src/connection.js`, [8]),
    node(8, "writeBuffer", ""),
    node(9, "walk", `${ROOT}src/app.ts`, [10], 4),
    node(10, "walk", `${ROOT}src/app.ts`, [], 4),
    node(11, "(idle)", ""),
    node(12, "(garbage collector)", ""),
  ],
  startTime: 1_000_000,
  endTime: 1_010_000,
  // One sample a millisecond from 1 ms; the window below keeps 2–9 ms.
  samples: [11, 6, 6, 6, 8, 8, 10, 11, 12, 6],
  timeDeltas: Array(10).fill(1000),
};

test("a profile's window is summarised by function and by bucket", () => {
  const profile = parseProfile(PROFILE);
  assert.equal(profile.durationMs, 10);
  assert.deepEqual(profile.samples.map((s) => s.atMs), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(profile.samples[1]?.stack.map((f) => f.name), [
    "ffiCall",
    "sign",
    "sign",
    "handler",
    "serve",
    "(root)",
  ]);

  const summary = summarise(profile, { fromMs: 2, toMs: 9 });
  assert.equal(summary.samples, 8);
  assert.equal(summary.windowMs, 7);
  const { buckets } = summary;
  // The native FFI call counts for ffi/ (its innermost known caller), the socket write for the driver.
  assert.equal(buckets["FFI / crypto"], 3);
  assert.equal(buckets["database: postgres.js"], 2);
  assert.equal(buckets["other gateway code"], 1);
  assert.equal(buckets.idle, 1);
  assert.equal(buckets.GC, 1);
  assert.equal(Object.values(buckets).reduce((a, b) => a + b, 0), 8);

  const row = (name: string, url: string) => {
    const found = summary.functions.find((f) => f.frame.name === name && f.frame.url.endsWith(url));
    assert.ok(found, `${name} ${url}`);
    return found;
  };
  const ffiCall = row("ffiCall", "");
  assert.deepEqual([ffiCall.self, ffiCall.total, ffiCall.bucket], [3, 3, "FFI / crypto"]);
  const keySign = row("sign", "key-service.ts");
  assert.deepEqual([keySign.self, keySign.total, keySign.bucket], [0, 3, "key service (lookup, cache)"]);
  assert.equal(keySign.frame.line, 221);
  const writeBuffer = row("writeBuffer", "");
  assert.deepEqual([writeBuffer.self, writeBuffer.bucket], [2, "database: postgres.js"]);
  // Recursion: the inner walk is the leaf, and walk counts once in the sample's total.
  const walk = row("walk", "src/app.ts");
  assert.deepEqual([walk.self, walk.total], [1, 1]);
});

test("samples are attributed to the innermost known frame, by package and source path", () => {
  const frame = (name: string, url: string): Frame => ({ name, url, line: 1 });
  const drizzle = frame("is", "file:///elsewhere/node_modules/drizzle-orm/entity.js");
  const audit = frame("record", `${ROOT}src/services/audit/audit-service.ts`);
  const hono = frame("dispatch", `${ROOT}node_modules/hono/dist/hono-base.js`);
  const zod = frame("parse", `${ROOT}node_modules/.deno/@hono+zod-openapi@1.6.3/node_modules/@hono/zod-openapi/x.js`);
  assert.equal(bucketOfStack([drizzle, audit, hono]), "database: drizzle-orm");
  assert.equal(bucketOfStack([frame("then", "ext:core/01_core.js"), audit, hono]), "audit");
  assert.equal(bucketOfStack([zod, hono]), "JSON / zod validation");
  assert.equal(bucketOfStack([frame("stringify", ""), hono]), "JSON / zod validation");
  assert.equal(
    bucketOfStack([frame("op_read_all", ""), frame("serve", "ext:deno_http/00_serve.ts")]),
    "HTTP / framework",
  );
  // Names that are also Object.prototype members are plain names, not lookups into a table.
  assert.equal(bucketOfStack([frame("toString", ""), frame("constructor", "")]), "runtime internals");
  assert.equal(bucketOfStack([frame("(program)", "")]), "(program)");
  // A pseudo-frame name is only a bucket as the leaf: (root) under a native frame says nothing.
  assert.equal(bucketOfStack([frame("(anonymous)", ""), frame("(root)", "")]), "runtime internals");
});

test("the report shows each runtime's load, CPU split, buckets and hottest functions", () => {
  const summary = summarise(parseProfile(PROFILE), { fromMs: 2, toMs: 9 });
  const load = {
    concurrency: 8,
    requests: 1000,
    errors: 0,
    errorKinds: {},
    seconds: 10,
    rps: 100,
    p50Ms: 20,
    p99Ms: 50,
  };
  const cpu = {
    wallSeconds: 10,
    cores: 2,
    gateway: 5,
    mainThread: { running: 4, runnable: 3 },
    postgres: 2,
    loadGenerator: 1,
    other: 12,
  };
  const md = profileMarkdown(
    { date: "2026-01-01T00:00:00.000Z", machine: ["CPU: test"], seconds: 60 },
    [{ runtime: "deno", load, cpu, transactionsPerRequest: 2.5, summary }],
  );
  // 3 of the 7 busy samples (all but idle) are FFI; 5 CPU s over 1000 requests is 5 ms each.
  assert.match(md, /deno: 100 req\/s; FFI \/ crypto 42\.9 %, database: postgres\.js 28\.6 %/);
  assert.match(
    md,
    /main thread 40\.0 % running, 30\.0 % waiting for a core; 5\.00 gateway CPU ms and 2\.50 PostgreSQL/,
  );
  assert.match(md, /\| deno \| 100 \| 5\.00 \| 2\.00 \| 1\.00 \| 2\.50 \| 0\.50 \| 1\.20 \| 2\.00 of 2 cores \|/);
  assert.match(
    md,
    /\| deno \| 40\.0 % \(4\.00 ms\/req\) \| 30\.0 % \(3\.00 ms\/req\) \| 30\.0 % \(3\.00 ms\/req\) \| 7 \/ 8 \|/,
  );
  assert.match(md, /\| `ffiCall` \| `\[native\]` \| FFI \/ crypto \| 42\.9 % \| 42\.9 % \|/);
  assert.match(
    md,
    /\| `sign` \| `src\/services\/keys\/key-service\.ts:221` \| key service \(lookup, cache\) \| 0\.0 % \| 42\.9 % \|/,
  );
  assert.doesNotMatch(md, /`\(idle\)`/);
});

test("a gateway under --cpu-prof stopped by SIGTERM exits 0 and leaves a profile of its code", async () => {
  await using pg = await Postgres.start();
  const dir = mkdtempSync(join(tmpdir(), "pqgate-profile-test-"));
  try {
    const { token, env } = await gatewayEnv(pg, dir);
    const profileDir = join(dir, "cpu-prof");
    const runtime = (globalThis as { Deno?: unknown }).Deno !== undefined ? "deno" : "bun";
    const runtimeFlags = ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
    await using gateway = await startGateway(runtime, 1, await freePort(), env, { runtimeFlags });
    await createKeys(gateway.url, token);
    await prepare(gateway.url, token); // signs once and opens a session
    assert.deepEqual(await gateway.stopGracefully(), [0]);

    const files = readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"));
    assert.equal(files.length, 1, `profiles written: ${readdirSync(profileDir)}`);
    const json = JSON.parse(readFileSync(join(profileDir, files[0] ?? ""), "utf8")) as CpuProfileJson;
    const summary = summarise(parseProfile(json), { fromMs: 0, toMs: Infinity });
    assert.ok(summary.samples > 0);
    // Start-up (configuration, migrations, the app's routes) runs gateway code long enough to be sampled.
    assert.ok(summary.functions.some((f) => f.frame.url.startsWith(`${ROOT}src/`) && f.total > 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 120_000 });
