// Graceful shutdown of the real server process: SIGTERM while a request is in flight (its
// body still arriving) stops new connections, lets that request complete, and exits 0.

import { request } from "node:http";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { opsServer } from "./support.ts";

const SLOW = { timeoutMs: 90_000 };

test("SIGTERM during a slow in-flight request completes it, refuses new connections and exits 0", async () => {
  await using gw = await opsServer({ PQGATE_SHUTDOWN_TIMEOUT_SECONDS: "30", PQGATE_METRICS_OPEN: "true" });
  const body = JSON.stringify({ name: "drained", algorithm: "ML-KEM-768" });
  const half = Math.floor(body.length / 2);
  const { port } = new URL(gw.server.url);
  const req = request({
    host: "127.0.0.1",
    port: Number(port),
    method: "POST",
    path: "/v1/keys",
    headers: {
      authorization: `Bearer ${gw.token}`,
      "content-type": "application/json",
      "content-length": String(body.length),
      "x-request-id": "slow-1",
    },
  });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.once("error", reject);
    req.once("response", (res) => {
      let text = "";
      res.on("data", (chunk) => (text += String(chunk)));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
  });
  req.write(body.slice(0, half));
  // In flight: the handler runs (the scrape itself is the second request) and waits for the body.
  const inFlight = async () => {
    const metrics = await (await fetch(`${gw.server.url}/metrics`)).text();
    return /^pqgate_http_requests_in_flight 2$/m.test(metrics);
  };
  const deadline = Date.now() + 10_000;
  while (!(await inFlight())) {
    assert.ok(Date.now() < deadline, "the slow request never reached the handler");
    await new Promise((r) => setTimeout(r, 50));
  }
  gw.server.signal("SIGTERM");
  const draining = Date.now() + 10_000;
  while (!gw.server.output().includes("draining in-flight requests")) {
    assert.ok(Date.now() < draining, gw.server.output());
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 300));
  await assert.rejects(fetch(`${gw.server.url}/healthz`), "no new connections while draining");
  req.end(body.slice(half));
  const { status, text } = await response;
  assert.equal(status, 201, text);
  assert.equal(JSON.parse(text).name, "drained");
  assert.equal(await gw.server.exited(), 0, gw.server.output());
  const lines = gw.server.output().split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
  const served = lines.find((l) => l.requestId === "slow-1");
  assert.equal(served?.status, 201);
  assert.ok(lines.some((l) => l.msg === "shutdown complete" && l.signal === "SIGTERM"));
  assert.ok(!lines.some((l) => l.msg === "in-flight requests cut off"));
}, SLOW);
