// A client that closes its connection right after sending a request is not a client error: the
// real server (Deno or Bun, whichever runs the tests) records it as `client-closed`, with no
// status, in the request log, the metrics and the audit trail. Raw TCP (node:net, on both
// runtimes) sends each request and closes at once.
//
// Two shapes. Headers and half the body, then close: the body can never be read, so the outcome
// is `client-closed` every time (Deno used to log and audit it as `400 http-error`, Bun as
// `400 http-error` too). The whole request, then close: whether the server sees the close before
// its answer is ready is a race, so such a request is either answered (`200`, the signature made
// and recorded) or `client-closed`; never a 4xx or 5xx, and the log and the audit row agree.

import { connect } from "node:net";
import { join } from "node:path";
import { like } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { opsServer } from "../ops/support.ts";
import { openDatabase } from "../../src/db/client.ts";
import { auditLog } from "../../src/db/schema/audit.ts";

const SLOW = { timeoutMs: 120_000 };

/** Writes `chunks` to a fresh connection to `url` one by one, then closes it at once. */
function sendAndClose(url: string, chunks: string[]): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      for (const chunk of chunks) socket.write(chunk);
      socket.destroy();
      resolve();
    });
    socket.once("error", reject);
  });
}

/** The JSON log lines of `output` that carry `requestId`. */
function logLines(output: string, requestId: string): Record<string, unknown>[] {
  return output.split("\n").filter((line) => line.startsWith("{") && line.includes(`"requestId":"${requestId}"`))
    .map((line) => JSON.parse(line));
}

test("a request whose client closes at once is recorded as client-closed, never as a client error", async () => {
  await using gw = await opsServer({ PQGATE_METRICS_OPEN: "true" });
  assert.equal((await gw.call("POST", "/v1/keys", { name: "closer", algorithm: "ML-DSA-65" })).status, 201);
  const body = JSON.stringify({ message: "c2hpcCAzIGNyYXRlcw" });
  const head = (requestId: string) =>
    `POST /v1/keys/closer/sign HTTP/1.1\r\nhost: ${new URL(gw.server.url).host}\r\n` +
    `authorization: Bearer ${gw.token}\r\ncontent-type: application/json\r\n` +
    `content-length: ${body.length}\r\nx-request-id: ${requestId}\r\n\r\n`;
  const partial = ["closed-partial-1", "closed-partial-2", "closed-partial-3"];
  const whole = Array.from({ length: 6 }, (_, i) => `closed-whole-${i + 1}`);
  for (const id of partial) await sendAndClose(gw.server.url, [head(id), body.slice(0, body.length >> 1)]);
  for (const [i, id] of whole.entries()) {
    await sendAndClose(gw.server.url, i % 2 === 0 ? [head(id) + body] : [head(id), body]);
  }

  // Every request is logged exactly once, once the server has finished with it.
  const deadline = Date.now() + 20_000;
  while ([...partial, ...whole].some((id) => logLines(gw.server.output(), id).length === 0)) {
    assert.ok(Date.now() < deadline, `not all requests were logged:\n${gw.server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const logged = new Map([...partial, ...whole].map((id) => {
    const lines = logLines(gw.server.output(), id);
    assert.equal(lines.length, 1, id);
    return [id, lines[0] ?? {}];
  }));
  for (const id of partial) {
    const line = logged.get(id) ?? {};
    assert.equal(line.outcome, "client-closed", JSON.stringify(line));
    assert.ok(!("status" in line) && !("problem" in line), JSON.stringify(line));
    assert.equal(line.level, "info");
  }
  for (const id of whole) {
    const line = logged.get(id) ?? {};
    assert.ok(line.outcome === "client-closed" || line.status === 200, JSON.stringify(line));
  }

  const metrics = await (await fetch(`${gw.server.url}/metrics`)).text();
  const closedCount = Number(
    /^pqgate_http_requests_total\{method="POST",route="\/v1\/keys\/:name\/sign",status="client-closed"\} (\d+)$/m
      .exec(metrics)?.[1] ?? 0,
  );
  const closedInLog = [...logged.values()].filter((line) => line.outcome === "client-closed").length;
  assert.equal(closedCount, closedInLog, metrics);
  assert.doesNotMatch(metrics, /pqgate_http_errors_total\{type="(http-error|bad-request|internal)"\}/, metrics);
  assert.doesNotMatch(metrics, /route="\/v1\/keys\/:name\/sign",status="[45]\d\d"/, metrics);
  const chain = await (await gw.call("GET", "/v1/audit/verify")).json();
  assert.equal(chain.ok, true, JSON.stringify(chain));

  // The audit rows, read from the database once the server has stopped (PGlite: one process).
  gw.server.signal("SIGTERM");
  assert.equal(await gw.server.exited(), 0);
  const database = await openDatabase({ dataDir: join(gw.dir, "db") });
  const rows = await database.db.select().from(auditLog).where(like(auditLog.requestId, "closed-%"))
    .finally(() => database.close());
  assert.deepEqual(rows.map((row) => row.requestId).sort(), [...partial, ...whole].sort());
  for (const row of rows) {
    assert.equal(row.action, "keys.sign");
    assert.equal(row.keyName, "closer");
    const line = logged.get(row.requestId) ?? {};
    if (line.outcome === "client-closed") {
      assert.deepEqual([row.outcome, row.status], ["client-closed", 0], row.requestId);
    } else {
      assert.deepEqual([row.outcome, row.status], ["ok", 200], row.requestId);
    }
  }
}, SLOW);
