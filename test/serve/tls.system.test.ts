// HTTPS in the gateway itself, on the runtime running the tests (Deno.serve or Bun.serve), and
// which key exchange it negotiates, as an independent client sees it: Go's crypto/tls
// (test/support/tls-probe), which offers the hybrid post-quantum group X25519MLKEM768 first.
// What /readyz claims about the key exchange must agree with what was measured here.

import { connect } from "node:net";
import { chmodSync, readFileSync } from "node:fs";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { runScript, startServer } from "../support/runtime.ts";
import { dataEnv } from "../ops/support.ts";
import { makeCertificate, runProbe, tlsPrerequisites } from "../support/tls.ts";

const SLOW = { timeoutMs: 120_000 };
const SERVE = new URL(`../../src/serve/${"Bun" in globalThis ? "bun" : "deno"}.ts`, import.meta.url).pathname;

test("HTTPS: a modern client negotiates X25519MLKEM768, and /readyz says so", async () => {
  using dir = tempDir();
  if (!tlsPrerequisites(dir.path)) return;
  const cert = makeCertificate(dir.path);
  await using server = await startServer({
    ...dataEnv(dir.path),
    PQGATE_TLS_CERT_FILE: cert.certFile,
    PQGATE_TLS_KEY_FILE: cert.keyFile,
  });
  assert.ok(server.url.startsWith("https://"), server.url);
  const port = Number(new URL(server.url).port);

  // Go's default groups: X25519MLKEM768, X25519, P-256, … (key shares for the first two).
  const modern = runProbe(port, cert);
  assert.equal(modern.error, undefined, JSON.stringify(modern));
  assert.deepEqual(
    { group: modern.group, version: modern.version, status: modern.status },
    { group: "X25519MLKEM768", version: "TLS 1.3", status: 200 },
    `negotiated by ${modern.go}`,
  );

  // A client that will not fall back: X25519MLKEM768 or nothing. Both runtimes accept it.
  const only = runProbe(port, cert, { onlyMlkem: true });
  assert.deepEqual({ group: only.group, status: only.status, exitCode: only.exitCode }, {
    group: "X25519MLKEM768",
    status: 200,
    exitCode: 0,
  }, JSON.stringify(only));

  // /readyz claims the post-quantum key exchange only where it was measured (serve/tls.ts): on
  // the pinned runtimes it must say true, matching the group negotiated above. A pin moved
  // without re-measuring shows "unknown" here and fails until MEASURED_PQ_KEY_EXCHANGE agrees.
  const ready = runProbe(port, cert, { path: "/readyz" });
  assert.equal(ready.status, 200, JSON.stringify(ready));
  assert.deepEqual(ready.body?.tls, { enabled: true, pqKeyExchange: modern.group === "X25519MLKEM768" });

  // The container's health check follows the configuration onto HTTPS.
  const health = runScript(new URL("../../src/serve/healthcheck.ts", import.meta.url).pathname, [], {
    PORT: String(port),
    PQGATE_TLS_CERT_FILE: cert.certFile,
    PQGATE_TLS_KEY_FILE: cert.keyFile,
  });
  assert.equal(health.status, 0, health.stdout + health.stderr);

  // The TLS port speaks nothing else: a plain-HTTP request gets no HTTP answer.
  const plain = await new Promise<string>((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n"));
    let seen = "";
    socket.on("data", (chunk) => (seen += String(chunk)));
    socket.on("close", () => resolve(seen));
    socket.on("error", () => resolve(seen));
    socket.setTimeout(5000, () => socket.destroy());
  });
  assert.doesNotMatch(plain, /^HTTP\/1\.1 200/);
  // The private key never reaches the log.
  const keyBody = readFileSync(cert.keyFile, "utf8").split("\n").filter((l) => l && !l.startsWith("-----"));
  for (const line of keyBody) assert.ok(!server.output().includes(line), "the key's PEM is in the server log");
}, SLOW);

test("HTTPS configuration errors stop the server with status 78 and a clear message", () => {
  using dir = tempDir();
  const cert = makeCertificate(dir.path);
  const cases: [Record<string, string>, RegExp][] = [
    [{ PQGATE_TLS_CERT_FILE: cert.certFile }, /PQGATE_TLS_KEY_FILE: required with the other TLS file/],
    [{ PQGATE_TLS_KEY_FILE: cert.keyFile }, /PQGATE_TLS_CERT_FILE: required with the other TLS file/],
    [
      { PQGATE_TLS_CERT_FILE: `${dir.path}/missing.pem`, PQGATE_TLS_KEY_FILE: cert.keyFile },
      /cannot read TLS certificate file .*missing\.pem/,
    ],
    [{ PQGATE_TLS_CERT_FILE: cert.keyFile, PQGATE_TLS_KEY_FILE: cert.keyFile }, /holds no PEM certificate/],
    [{ PQGATE_TLS_CERT_FILE: cert.certFile, PQGATE_TLS_KEY_FILE: cert.certFile }, /accessible to group or others/],
  ];
  for (const [env, message] of cases) {
    const run = runScript(SERVE, [], { ...dataEnv(dir.path), PORT: "0", ...env });
    assert.equal(run.status, 78, `${JSON.stringify(env)}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, message);
  }
  // A world-readable key file is refused, naming the file and nothing of its contents.
  chmodSync(cert.keyFile, 0o644);
  const run = runScript(SERVE, [], {
    ...dataEnv(dir.path),
    PORT: "0",
    PQGATE_TLS_CERT_FILE: cert.certFile,
    PQGATE_TLS_KEY_FILE: cert.keyFile,
  });
  assert.equal(run.status, 78, run.stderr);
  assert.match(run.stderr, /key\.pem is accessible to group or others; chmod 600 it/);
  assert.doesNotMatch(run.stderr + run.stdout, /PRIVATE KEY/);
}, SLOW);
