// The real server process on a TPM keystore: /readyz reports the keystore, turns 503 while
// the TPM is down and 200 again when it is back, without restarting the server. A server
// whose keystore cannot be opened does not start.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Swtpm } from "../support/devices.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { dataEnv } from "../ops/support.ts";

const SLOW = { timeoutMs: 60_000 };

async function readiness(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test("readiness follows the TPM: 200, 503 while it is killed, 200 after it restarts", async () => {
  using dir = tempDir();
  await using tpm = await Swtpm.start();
  await using server = await startServer({ ...dataEnv(dir.path), PQGATE_KEYSTORE: "tpm", PQGATE_TPM_TCTI: tpm.tcti });
  const up = await readiness(server.url);
  assert.equal(up.status, 200, server.output());
  assert.deepEqual(up.body.keystore, { backend: "tpm", protection: "hardware-wrapped", reachable: true });
  await tpm.kill();
  const down = await readiness(server.url);
  assert.equal(down.status, 503);
  assert.equal(down.body.type, "urn:pqgate:problem:not-ready");
  assert.deepEqual(down.body.keystore, { backend: "tpm", protection: "hardware-wrapped", reachable: false });
  await tpm.restart();
  assert.equal((await readiness(server.url)).status, 200);
}, SLOW);

test("a server whose keystore cannot be opened exits with a clear message instead of serving", async () => {
  using dir = tempDir();
  const pinFile = `${dir.path}/missing-pin`;
  await assert.rejects(
    startServer({
      PQGATE_KEYSTORE: "pkcs11",
      PQGATE_PKCS11_MODULE: "/usr/lib/softhsm/libsofthsm2.so",
      PQGATE_PKCS11_TOKEN: "x",
      PQGATE_PKCS11_PIN_FILE: pinFile,
    }),
    (e: unknown) => /exited with 78/.test(String(e)) && /cannot read secret file/.test(String(e)),
  );
  await assert.rejects(
    startServer({ PQGATE_KEYSTORE: "tpm", PQGATE_TPM_TCTI: "swtpm:host=127.0.0.1,port=1" }),
    (e: unknown) => /exited with 69/.test(String(e)) && /keystore unavailable/.test(String(e)),
  );
}, SLOW);
