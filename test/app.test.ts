// The HTTP app built by createApp with in-test dependencies: liveness, readiness in both
// self-test states, unknown routes and internal faults, all as RFC 9457 problem details.

import { test } from "./support/harness.ts";
import assert from "./support/assert.ts";
import {
  type Clock,
  createApp,
  type ErrorLog,
  type KeystoreStatus,
  type NativeCounters,
  type NativeStatus,
  type SelfTestResult,
} from "../src/app.ts";

const PROBLEM = "application/problem+json";
const FIXED_TIME = "2025-01-02T03:04:05.000Z";
const clock: Clock = { now: () => new Date(FIXED_TIME) };

/** Counters of a library nothing has called yet. */
const UNCALLED: NativeCounters = { nativeStats: () => [], liveHandleCount: () => 0 };

/** A native-status object whose self-test returns `result`. */
function nativeWith(result: SelfTestResult): NativeStatus & NativeCounters {
  return { ...UNCALLED, abiVersion: 1, selfTest: () => result };
}

const PASSING = nativeWith({ ok: true, code: 0, message: "success" });
const FAILING = nativeWith({ ok: false, code: -201, message: "self-test failed" });

/** Collects what the app logs, so tests stay quiet and can inspect it. */
function recordingLog(): ErrorLog & { entries: Array<Readonly<Record<string, unknown>>> } {
  const entries: Array<Readonly<Record<string, unknown>>> = [];
  return { entries, error: (_message, fields) => void entries.push(fields) };
}

async function problemBody(res: Response): Promise<Record<string, unknown>> {
  assert.equal(res.headers.get("content-type"), PROBLEM);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(typeof body.type, "string");
  assert.equal(typeof body.title, "string");
  assert.equal(typeof body.detail, "string");
  assert.equal(body.status, res.status);
  return body;
}

test("GET /healthz answers 200 {status: ok}", async () => {
  const res = await createApp({ native: FAILING, clock }).request("/healthz");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(await res.json(), { status: "ok" });
});

test("GET /readyz answers 200 with the ABI version and self-test state when the self-tests passed", async () => {
  const res = await createApp({ native: PASSING, clock }).request("/readyz");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    status: "ready",
    abiVersion: 1,
    selfTest: { ok: true, code: 0, message: "success" },
    checkedAt: FIXED_TIME,
  });
});

test("GET /readyz answers 503 problem+json when the self-tests failed", async () => {
  const res = await createApp({ native: FAILING, clock }).request("/readyz");
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "30");
  const body = await problemBody(res);
  assert.equal(body.type, "urn:pqgate:problem:not-ready");
  assert.equal(body.abiVersion, 1);
  assert.deepEqual(body.selfTest, { ok: false, code: -201, message: "self-test failed" });
  assert.equal(body.checkedAt, FIXED_TIME);
});

test("GET /readyz reports the keystore, and answers 503 while its device does not answer", async () => {
  let up = true;
  const keystore: KeystoreStatus = {
    backend: "tpm",
    protection: "hardware-wrapped",
    ping: () => {
      if (!up) throw new Error("KEYSTORE_UNAVAILABLE: connection refused by 127.0.0.1:2321");
    },
  };
  const app = createApp({ native: PASSING, clock, keystore });
  const ready = await app.request("/readyz");
  assert.equal(ready.status, 200);
  assert.deepEqual((await ready.json()).keystore, { backend: "tpm", protection: "hardware-wrapped", reachable: true });
  up = false;
  const down = await app.request("/readyz");
  assert.equal(down.status, 503);
  const text = await down.clone().text();
  assert.ok(!text.includes("2321"), "the device's error stays out of the public probe");
  const body = await problemBody(down);
  assert.equal(body.type, "urn:pqgate:problem:not-ready");
  assert.match(String(body.detail), /keystore/);
  assert.deepEqual(body.keystore, { backend: "tpm", protection: "hardware-wrapped", reachable: false });
  up = true;
  assert.equal((await app.request("/readyz")).status, 200, "ready again without a restart");
});

test("GET /readyz answers 503 while the database does not answer, and 200 when it is back", async () => {
  let up = true;
  const database = {
    ping: () => (up ? Promise.resolve() : Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"))),
  };
  const app = createApp({ native: PASSING, clock, database });
  assert.deepEqual((await (await app.request("/readyz")).json()).database, { reachable: true });
  up = false;
  const down = await app.request("/readyz");
  const body = await problemBody(down);
  assert.equal(down.status, 503);
  assert.match(String(body.detail), /database/);
  assert.deepEqual(body.database, { reachable: false });
  assert.ok(!JSON.stringify(body).includes("5432"));
  up = true;
  assert.equal((await app.request("/readyz")).status, 200);
});

test("an unknown route answers 404 problem+json", async () => {
  const res = await createApp({ native: PASSING, clock }).request("/no/such/route", { method: "POST" });
  assert.equal(res.status, 404);
  const body = await problemBody(res);
  assert.equal(body.type, "urn:pqgate:problem:not-found");
  assert.equal(body.title, "Not Found");
});

test("an internal fault answers 500 problem+json without internals and logs them", async () => {
  const secret = "/secret/path/libpqgate.so: internal detail";
  const throwing: NativeStatus & NativeCounters = {
    ...UNCALLED,
    abiVersion: 1,
    selfTest: () => {
      throw new Error(secret);
    },
  };
  const log = recordingLog();
  const res = await createApp({ native: throwing, clock, log }).request("/readyz");
  assert.equal(res.status, 500);
  const text = await res.clone().text();
  assert.ok(!text.includes("secret"), `response leaks internals: ${text}`);
  const body = await problemBody(res);
  assert.equal(body.type, "urn:pqgate:problem:internal");
  assert.match(String(body.instance), /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(log.entries.length, 1);
  assert.equal(`urn:uuid:${String(log.entries[0]?.incident)}`, body.instance);
  assert.ok(log.entries[0]?.error instanceof Error);
});

test("apps are independent: each uses its own dependencies", async () => {
  const ready = createApp({ native: PASSING, clock });
  const broken = createApp({ native: FAILING, clock });
  assert.equal((await ready.request("/readyz")).status, 200);
  assert.equal((await broken.request("/readyz")).status, 503);
});
