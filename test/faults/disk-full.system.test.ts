// A full disk under PGlite's data directory (a real 64 MiB tmpfs, filled with a ballast file):
// writes answer 503 storage-unavailable (never 500), reads keep working, and once the ballast
// is removed writes succeed again without a restart; nothing acknowledged is lost and the
// audit chain still verifies.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { mountTmpfs } from "../support/tmpfs.ts";
import { startServer } from "../support/runtime.ts";
import { dataEnv } from "../ops/support.ts";

test("a full data disk is a 503 storage-unavailable, and writes recover once space is back", async () => {
  using disk = mountTmpfs(64);
  assert.ok(disk !== undefined, "mount -t tmpfs was refused: run this suite as root (CI does)");
  await using server = await startServer(dataEnv(disk.path));
  const token = readFileSync(join(disk.path, "initial-admin-token"), "utf8").trim();
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const create = (name: string) => call("POST", "/v1/keys", { name, algorithm: "ML-DSA-65" });
  assert.equal((await create("before")).status, 201);

  disk.fill();
  const statuses: number[] = [];
  // PGlite buffers some writes in memory; a few creations are enough to reach the disk.
  for (let i = 0; i < 12 && !statuses.includes(503); i++) {
    const res = await create(`full-${i}`);
    statuses.push(res.status);
    const body = await res.text();
    assert.ok(res.status === 201 || res.status === 503, `status ${res.status}: ${body}`);
    if (res.status === 503) {
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      // audit-unavailable (fail-closed): the key was stored but its audit row was not.
      assert.match(JSON.parse(body).type, /^urn:pqgate:problem:(storage|audit)-unavailable$/, body);
      assert.equal(res.headers.get("retry-after"), "5");
    }
  }
  assert.ok(statuses.includes(503), `no write was refused on a full disk: ${statuses.join(",")}\n${server.output()}`);
  assert.doesNotMatch(server.output(), /internal error/, "no internal fault was logged");

  disk.drain();
  const after = await create("after");
  assert.equal(after.status, 201, await after.clone().text());
  const names = ((await (await call("GET", "/v1/keys")).json()).keys as { name: string }[]).map((k) => k.name);
  for (const [i, status] of statuses.entries()) {
    if (status === 201) assert.ok(names.includes(`full-${i}`), `acknowledged key full-${i} is present`);
  }
  assert.ok(names.includes("before") && names.includes("after"));
  const verified = await (await call("GET", "/v1/audit/verify")).json();
  assert.equal(verified.ok, true, JSON.stringify(verified));
  console.log(`disk full: creations answered ${statuses.join(",")}; audit rows ${verified.rows}`);
}, { timeoutMs: 120_000 });
