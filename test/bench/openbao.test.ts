// The OpenBao Transit row's client (bench/http/openbao.ts) against a tiny in-process responder:
// the key is created with the token, and the request the load repeats is a Transit sign of the
// workload's message. (No OpenBao runs here; the row itself needs OPENBAO_ADDR.)

import { Buffer } from "node:buffer";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openBaoSignRequests, openBaoTarget } from "../../bench/http/openbao.ts";
import { MESSAGE } from "../../bench/support/workload.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";

test("OpenBao row: only with OPENBAO_ADDR; creates the Ed25519 key and signs the workload's message", async () => {
  assert.equal(openBaoTarget({}), undefined);
  const seen: { method: string | undefined; url: string | undefined; auth: string | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += String(chunk)));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      res.writeHead(req.url === "/v1/transit/keys/pqgate-bench-ed25519" ? 204 : 404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const target = openBaoTarget({ OPENBAO_ADDR: `http://127.0.0.1:${port}/`, OPENBAO_TOKEN: "s.test" });
    assert.deepEqual(target, { url: `http://127.0.0.1:${port}`, token: "s.test" });
    const requests = await openBaoSignRequests(target);
    assert.deepEqual(seen, [{
      method: "POST",
      url: "/v1/transit/keys/pqgate-bench-ed25519",
      auth: "Bearer s.test",
      body: JSON.stringify({ type: "ed25519" }),
    }]);
    assert.deepEqual(requests, [{
      path: "/v1/transit/sign/pqgate-bench-ed25519",
      body: JSON.stringify({ input: Buffer.from(MESSAGE).toString("base64") }),
    }]);
    // A refusal is reported with OpenBao's answer.
    await assert.rejects(openBaoSignRequests(target, "elsewhere"), /Transit key answered 404/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
