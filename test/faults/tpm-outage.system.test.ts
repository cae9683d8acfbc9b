// The TPM is killed and restarted while clients keep creating and using keys against the real
// server: during the outage every answer is a 2xx (a cached key still signs) or a 503
// keystore-unavailable problem, never a 500; after the restart requests succeed again
// without restarting the server, every acknowledged key works and the audit chain verifies.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Swtpm } from "../support/devices.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { dataEnv } from "../ops/support.ts";

const MESSAGE = "aGVsbG8"; // "hello", base64url

test("kill and restart swtpm under traffic: 503 keystore-unavailable, then recovery", async () => {
  await using tpm = await Swtpm.start();
  using dir = tempDir();
  await using server = await startServer({ ...dataEnv(dir.path), PQGATE_KEYSTORE: "tpm", PQGATE_TPM_TCTI: tpm.tcti });
  const token = readFileSync(join(dir.path, "initial-admin-token"), "utf8").trim();
  const call = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  const acknowledged: string[] = [];
  const statuses: number[] = [];
  /** One round of traffic: a new key (wraps in the TPM) and a signature with it. */
  const round = async (name: string) => {
    const created = await call("/v1/keys", { name, algorithm: "ML-DSA-44" });
    const text = await created.text();
    statuses.push(created.status);
    if (created.status === 201) acknowledged.push(name);
    else {
      assert.equal(created.status, 503, text);
      assert.equal(JSON.parse(text).type, "urn:pqgate:problem:keystore-unavailable", text);
    }
    return created.status;
  };
  assert.equal(await round("before"), 201, server.output());
  await tpm.kill();
  const during: number[] = [];
  for (let i = 0; i < 4; i++) during.push(await round(`during-${i}`));
  assert.ok(during.includes(503), `no 503 while the TPM was down: ${during.join(",")}`);
  await tpm.restart();
  let recovered = 0;
  for (let i = 0; i < 10 && recovered === 0; i++) {
    if ((await round(`after-${i}`)) === 201) recovered++;
    else await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(recovered, 1, `no recovery after the restart: ${statuses.join(",")}`);
  for (const name of acknowledged) {
    const signed = await call(`/v1/keys/${name}/sign`, { message: MESSAGE });
    assert.equal(signed.status, 200, `acknowledged key ${name}: ${await signed.text()}`);
  }
  const verdict =
    await (await fetch(`${server.url}/v1/audit/verify`, { headers: { authorization: `Bearer ${token}` } }))
      .json();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
  assert.doesNotMatch(server.output(), /internal error/, "no internal fault was logged");
  console.log(`TPM outage: creations answered ${statuses.join(",")}`);
}, { timeoutMs: 120_000 });
