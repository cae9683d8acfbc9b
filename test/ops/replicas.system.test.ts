// Scale-out: two real server processes on loopback ports sharing one PostgreSQL and one
// SoftHSM2 token (the PKCS#11 keystore). A key made on A works on B; a rotation on A while B
// signs is followed by B within the invalidation bound (every request B starts later than that
// after A's acknowledgement signs with the new version); a root-key rotation on A is seen by B, whose cached and uncached keys
// keep working and whose new keys are wrapped under the new root.

import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { softHsmToken } from "../support/devices.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { openDatabase } from "../../src/db/client.ts";
import { keyVersions } from "../../src/db/schema/index.ts";
import { caller, json, replicaEnv } from "./support.ts";
import { INVALIDATION_BOUND_MS } from "../cache/support.ts";

const SLOW = { timeoutMs: 180_000 };
const pq = loadPqgate();

test("two replicas on one PostgreSQL and one SoftHSM2 token stay consistent through rotations", async () => {
  await using pg = await Postgres.start();
  using token = softHsmToken();
  using dir = tempDir();
  const admin = `pqg_${toBase64Url(new Uint8Array(randomBytes(32)))}`;
  const url = await pg.createDatabase();
  const env = {
    ...replicaEnv(url, token.label, dir.path, admin),
    // The signing loop below runs as fast as B answers: above the default 50/s per token.
    PQGATE_RATE_LIMIT: "100000",
    PQGATE_RATE_BURST: "100000",
  };
  // One after the other: the first installs the admin token, the second finds it.
  await using serverA = await startServer(env);
  await using serverB = await startServer(env);
  const [a, b] = [caller(serverA, admin), caller(serverB, admin)];
  const message = toBase64Url(new TextEncoder().encode("signed by whichever replica"));

  // Made on A, used on B, verified on A.
  await json(a("POST", "/v1/keys", { name: "shared", algorithm: "ML-DSA-65" }), 201);
  const first = await json(b("POST", "/v1/keys/shared/sign", { message }));
  assert.equal(first.version, 1);
  assert.deepEqual(await json(a("POST", "/v1/keys/shared/verify", { message, signature: first.signature })), {
    valid: true,
    version: 1,
  });

  // B signs continuously while A rotates. Requests B starts later than the invalidation bound
  // after A acknowledged the rotation must sign with version 2 (B's cached key row is dropped
  // by the rotation's notification: docs/SCALING.md).
  let acknowledged = Number.POSITIVE_INFINITY;
  let stop = false;
  const signed: { started: number; version: number; signature: string }[] = [];
  // Never rejects: a failure is kept and rethrown below, so no rejection goes unhandled
  // (which would end the test before its servers are disposed).
  const signer = (async () => {
    while (!stop) {
      const started = performance.now();
      const body = await json(b("POST", "/v1/keys/shared/sign", { message }));
      signed.push({ started, version: body.version as number, signature: body.signature as string });
    }
  })().then(() => undefined, (error: unknown) => error);
  await new Promise((r) => setTimeout(r, 300));
  const rotated = await json(a("POST", "/v1/keys/shared/rotate"));
  acknowledged = performance.now();
  assert.equal(rotated.latestVersion, 2, JSON.stringify(rotated));
  await new Promise((r) => setTimeout(r, INVALIDATION_BOUND_MS + 500));
  stop = true;
  const failure = await signer;
  if (failure !== undefined) throw failure;
  const before = signed.filter((s) => s.started < acknowledged);
  const after = signed.filter((s) => s.started > acknowledged + INVALIDATION_BOUND_MS);
  assert.ok(before.length > 0 && after.length > 0, `signed ${before.length} before, ${after.length} after`);
  assert.ok(before.some((s) => s.version === 1), "B signed with version 1 before the rotation");
  assert.deepEqual([...new Set(after.map((s) => s.version))], [2], "no stale version after the acknowledgement");
  for (const s of [after[0], after.at(-1)]) {
    const verdict = await json(a("POST", "/v1/keys/shared/verify", { message, signature: s?.signature }));
    assert.deepEqual(verdict, { valid: true, version: 2 });
  }

  // A key B has never opened, then a root-key rotation on A.
  await json(a("POST", "/v1/keys", { name: "unopened", algorithm: "X-Wing" }), 201);
  await json(a("POST", "/v1/keys", { name: "signer-2", algorithm: "Ed25519" }), 201);
  const report = await json(a("POST", "/v1/keystore/root/rotate"));
  assert.equal(report.failed, 0);
  assert.equal(report.retired, 1);
  assert.equal(report.rewrapped, 4, "shared v1, v2, unopened, signer-2");
  const newRoot = (report.root as { id: string }).id;

  // B: cached handles (shared v2) and envelopes it must now open under the new root.
  assert.equal((await json(b("POST", "/v1/keys/shared/sign", { message }))).version, 2);
  const fresh = await json(b("POST", "/v1/keys/signer-2/sign", { message }));
  assert.deepEqual(await json(a("POST", "/v1/keys/signer-2/verify", { message, signature: fresh.signature })), {
    valid: true,
    version: 1,
  });
  const dataKey = await json(b("POST", "/v1/keys/unopened/data-key", {}));
  const unwrapped = await json(a("POST", "/v1/keys/unopened/data-key/unwrap", { wrapped: dataKey.wrapped }));
  assert.equal(unwrapped.plaintext, dataKey.plaintext);
  // B wraps new keys and versions under the root A created, never the retired one.
  await json(b("POST", "/v1/keys", { name: "made-on-b", algorithm: "ML-KEM-768" }), 201);
  await json(b("POST", "/v1/keys/shared/rotate"));
  assert.equal((await json(a("POST", "/v1/keys/shared/sign", { message }))).version, 3);
  assert.equal((await json(b("GET", "/readyz"))).status, "ready");

  const database = await openDatabase({ url });
  try {
    const rows = await database.db.select({ rootId: keyVersions.rootId, envelope: keyVersions.envelope }).from(
      keyVersions,
    );
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.equal(Buffer.from(row.rootId ?? []).toString("hex"), newRoot);
      // The envelope itself names the root, independently of the column.
      assert.equal(Buffer.from(pq.envelopeRootId(row.envelope ?? new Uint8Array())).toString("hex"), newRoot);
    }
  } finally {
    await database.close();
  }
}, SLOW);
