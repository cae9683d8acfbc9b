// Per-token rate limits across replicas: two real server processes on one PostgreSQL, a token
// with a small rate hammered alternately through both. The total admitted stays within the
// documented bound (docs/LIMITS.md#rate-limits-across-replicas): burst + rate × t + (replicas − 1)
// × (burst + rate × 0.5 s), where per-process buckets would admit about twice burst + rate × t.

import { randomBytes } from "node:crypto";
import { toBase64Url } from "../../src/common/base64url.ts";
import assert from "../support/assert.ts";
import { softHsmToken } from "../support/devices.ts";
import { test } from "../support/harness.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { caller, json, replicaEnv } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };
const RATE = 5;
const BURST = 5;
const HAMMER_MS = 4_000;
const REPLICAS = 2;
/** The sync interval plus the flush statement's round trip (docs/LIMITS.md). */
const SYNC_SLACK_S = 0.5;

test("a token's rate holds across two replicas within the documented bound", async () => {
  await using pg = await Postgres.start();
  using token = softHsmToken();
  using dir = tempDir();
  const admin = `pqg_${toBase64Url(new Uint8Array(randomBytes(32)))}`;
  const env = {
    ...replicaEnv(await pg.createDatabase(), token.label, dir.path, admin),
    PQGATE_RATE_LIMIT: String(RATE),
    PQGATE_RATE_BURST: String(BURST),
  };
  await using serverA = await startServer(env);
  await using serverB = await startServer(env);
  const user = await json(
    caller(serverA, admin)("POST", "/v1/tokens", { name: "busy", scopes: ["keys:read"], keyPattern: "*" }),
    201,
  ) as { secret: string };
  const callers = [caller(serverA, user.secret), caller(serverB, user.secret)];

  let admitted = 0;
  let refused = 0;
  let refusal: Record<string, unknown> | undefined;
  const start = performance.now();
  for (let i = 0; performance.now() - start < HAMMER_MS; i++) {
    const res = await (callers[i % 2] as (typeof callers)[0])("GET", "/v1/keys");
    if (res.status === 429) {
      refused++;
      refusal ??= await res.json() as Record<string, unknown>;
    } else {
      const text = await res.text();
      assert.equal(res.status, 200, text);
      admitted++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const bound = BURST + RATE * seconds + (REPLICAS - 1) * (BURST + RATE * SYNC_SLACK_S);
  const what = `${admitted} admitted, ${refused} refused in ${seconds.toFixed(2)} s; bound ${bound.toFixed(1)}`;
  assert.ok(refused > 0, what);
  assert.ok(admitted <= bound, `over the bound: ${what}`);
  // Not starved either: the cluster still admits about its rate.
  assert.ok(admitted >= BURST + RATE * seconds * 0.7, `under the rate: ${what}`);
  assert.equal(refusal?.limit, "token");
  assert.equal(refusal?.scope, "cluster");
  assert.equal(refusal?.rate, RATE);
  assert.match(String(refusal?.detail), /across all replicas/);
}, SLOW);
