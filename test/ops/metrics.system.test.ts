// /metrics and the request log of the real server process: counts, latency histograms and
// problem types after real requests, device and self-test gauges, the native library's
// counters, the optional scrape token; every log line is JSON with the request id, and
// neither tokens nor payloads appear.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { opsServer, secretFile } from "./support.ts";
import { tempDir } from "../support/pq.ts";

const SLOW = { timeoutMs: 90_000 };

/** The value of the sample `line` (name and labels exactly as rendered), or undefined. */
function sample(text: string, line: string): number | undefined {
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

test("metrics count requests by route, status and problem type; logs are JSON without secrets", async () => {
  using secrets = tempDir();
  const metricsToken = "scrape-secret-4b1d";
  const tokenFile = secretFile(secrets.path, "metrics-token", `${metricsToken}\n`);
  await using gw = await opsServer({ PQGATE_METRICS_TOKEN_FILE: tokenFile });
  const message = toBase64Url(new TextEncoder().encode("payload that must not be logged"));
  assert.equal((await gw.call("POST", "/v1/keys", { name: "metered", algorithm: "ML-DSA-44" })).status, 201);
  let signature = "";
  for (let i = 0; i < 3; i++) {
    const headers: Record<string, string> = i === 0 ? { "x-request-id": "trace-abc.1" } : {};
    const res = await gw.call("POST", "/v1/keys/metered/sign", { message }, headers);
    assert.equal(res.status, 200);
    signature = (await res.json()).signature;
    if (i === 0) assert.equal(res.headers.get("x-request-id"), "trace-abc.1");
  }
  const forged = fromBase64Url(signature) ?? new Uint8Array(1);
  forged[0] = (forged[0] ?? 0) ^ 1;
  const verdict = await gw.call("POST", "/v1/keys/metered/verify", { message, signature: toBase64Url(forged) });
  assert.deepEqual(await verdict.json(), { valid: false, version: 1 });
  const missing = await gw.call("POST", "/v1/keys/absent/sign", { message }, { "x-request-id": "bad id!" });
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  assert.equal((await fetch(`${gw.server.url}/v1/keys`)).status, 401);
  assert.match((await fetch(`${gw.server.url}/healthz`)).headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);

  const refused = await fetch(`${gw.server.url}/metrics`);
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).type, "urn:pqgate:problem:unauthorized");
  const wrong = await fetch(`${gw.server.url}/metrics`, { headers: { authorization: "Bearer scrape-secret-4b1e" } });
  assert.equal(wrong.status, 401);
  const res = await fetch(`${gw.server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const sign = 'method="POST",route="/v1/keys/:name/sign"';
  assert.equal(sample(text, `pqgate_http_requests_total{${sign},status="200"}`), 3, text);
  assert.equal(sample(text, `pqgate_http_requests_total{${sign},status="404"}`), 1);
  assert.equal(sample(text, `pqgate_http_requests_total{method="POST",route="/v1/keys",status="201"}`), 1);
  assert.equal(sample(text, `pqgate_http_request_duration_seconds_count{${sign}}`), 4);
  assert.equal(sample(text, `pqgate_http_request_duration_seconds_bucket{${sign},le="+Inf"}`), 4);
  const fastest = sample(text, `pqgate_http_request_duration_seconds_bucket{${sign},le="0.001"}`) ?? -1;
  const slowest = sample(text, `pqgate_http_request_duration_seconds_bucket{${sign},le="10"}`) ?? -1;
  assert.ok(0 <= fastest && fastest <= slowest && slowest <= 4, "cumulative buckets");
  assert.ok((sample(text, `pqgate_http_request_duration_seconds_sum{${sign}}`) ?? 0) > 0);
  assert.equal(sample(text, 'pqgate_http_errors_total{type="key-not-found"}'), 1);
  // One /v1 call without a token, two scrapes without the right one.
  assert.equal(sample(text, 'pqgate_http_errors_total{type="unauthorized"}'), 3);
  assert.equal(sample(text, "pqgate_http_requests_in_flight"), 1, "the scrape itself");
  assert.equal(sample(text, 'pqgate_keystore_up{backend="software",protection="software"}'), 1);
  assert.equal(sample(text, "pqgate_self_test_ok"), 1);
  assert.equal(sample(text, "pqgate_database_up"), 1);
  assert.ok((sample(text, "pqgate_database_transactions") ?? 0) > 0, "PGlite counts the transactions it runs");
  assert.equal(sample(text, "pqgate_ready"), 1);
  const runtime = "Bun" in globalThis ? "bun" : "deno";
  assert.match(text, new RegExp(`^pqgate_build_info\\{version="0\\.1\\.0",abi_version="1",runtime="${runtime}",`, "m"));
  assert.match(text, /^# TYPE pqgate_http_request_duration_seconds histogram$/m);
  // The native library's own counters, kept inside its C boundary.
  assert.equal(sample(text, 'pqgate_native_calls_total{op="pq_sig_sign",status="ok"}'), 3);
  assert.equal(sample(text, 'pqgate_native_calls_total{op="pq_sig_verify",status="verification_failed"}'), 1);
  assert.equal(sample(text, 'pqgate_native_calls_total{op="pq_shamir_split",status="ok"}'), 0, "every op has a series");
  // Coarse-clock time: three signatures may add no tick yet, but the series is there.
  assert.ok((sample(text, 'pqgate_native_seconds_total{op="pq_sig_sign"}') ?? -1) >= 0);
  assert.ok((sample(text, "pqgate_native_live_handles") ?? 0) >= 1, "the keystore's handle at least");
  assert.match(text, /^# TYPE pqgate_native_calls_total counter$/m);
  assert.match(text, /^# TYPE pqgate_native_seconds_total counter$/m);
  assert.match(text, /^# TYPE pqgate_native_live_handles gauge$/m);
  assert.doesNotMatch(text, /metered|absent/, "key names are not label values");

  const lines = gw.server.output().split("\n").filter((line) => line.trim() !== "");
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const record of records) {
    assert.match(String(record.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(["debug", "info", "warn", "error"].includes(String(record.level)));
  }
  const requests = records.filter((r) => r.msg === "request");
  const traced = requests.find((r) => r.requestId === "trace-abc.1");
  assert.deepEqual(
    { ...traced, time: undefined, durationMs: undefined },
    {
      time: undefined,
      durationMs: undefined,
      level: "info",
      msg: "request",
      requestId: "trace-abc.1",
      method: "POST",
      route: "/v1/keys/:name/sign",
      status: 200,
    },
  );
  assert.equal(typeof traced?.durationMs, "number");
  const notFound = requests.find((r) => r.status === 404);
  assert.equal(notFound?.problem, "key-not-found");
  assert.match(String(notFound?.requestId), /^[0-9a-f-]{36}$/);
  assert.equal(notFound?.requestId, missing.headers.get("x-request-id"));
  assert.ok(requests.every((r) => r.route !== "/healthz"), "probes are logged at debug only");
  const all = gw.server.output();
  for (const secret of [gw.token, metricsToken, message, signature, "payload that must not be logged"]) {
    assert.ok(!all.includes(secret), `the log must not contain ${secret.slice(0, 12)}…`);
  }
}, SLOW);
