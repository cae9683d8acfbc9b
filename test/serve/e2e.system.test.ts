// The real server process (src/serve/deno.ts or src/serve/bun.ts, on the runtime running
// the tests) over HTTP on loopback: first start writes the admin token, then a full key
// scenario; a restart keeps keys and tokens (PGlite on disk, software keystore on disk).

import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { runScript, startServer } from "../support/runtime.ts";
import { toBase64Url } from "../../src/common/base64url.ts";

const SLOW = { timeoutMs: 90_000 };

test("first start, token, key, sign, verify over HTTP; everything survives a restart", async () => {
  using dir = tempDir();
  const env = {
    PQGATE_DB_DIR: join(dir.path, "db"),
    PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "initial-admin-token"),
  };
  const message = toBase64Url(new TextEncoder().encode("over the wire"));
  let signature: string;
  let token: string;
  {
    await using server = await startServer(env);
    const tokenFile = env.PQGATE_INITIAL_TOKEN_OUT;
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    token = readFileSync(tokenFile, "utf8").trim();
    assert.ok(!server.output().includes(token), "the secret is written to the file, not the log");
    const call = (path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = await call("/v1/keys", { name: "wire", algorithm: "ML-DSA-87" });
    assert.equal(created.status, 201, await created.clone().text());
    signature = (await (await call("/v1/keys/wire/sign", { message })).json()).signature;
    const verdict = await (await call("/v1/keys/wire/verify", { message, signature })).json();
    assert.deepEqual(verdict, { valid: true, version: 1 });
    assert.equal((await fetch(`${server.url}/v1/keys`)).status, 401);
    // The README tour's session example: a client-side KEM (noble), the rest plain HTTP.
    const client = runScript(new URL("../../examples/session-client.ts", import.meta.url).pathname, [
      server.url,
      token,
    ]);
    assert.equal(client.status, 0, client.stderr);
    assert.match(client.stdout, /established; opened: hello from the gateway/);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  }
  await using server = await startServer(env);
  assert.ok(!server.output().includes("admin token written"), "no second bootstrap");
  const res = await fetch(`${server.url}/v1/keys/wire/sign`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ message }),
  });
  assert.equal(res.status, 200, "the key unwraps after a restart");
  const verify = await fetch(`${server.url}/v1/keys/wire/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ message, signature }),
  });
  assert.deepEqual(await verify.json(), { valid: true, version: 1 });
}, SLOW);
