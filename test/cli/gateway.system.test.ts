// The CLI's gateway commands (encrypt, decrypt, sign, verify, hmac) against the real server over
// loopback HTTP: in-process through runCli, and as real processes reading stdin and writing raw
// bytes to stdout, with no database or keystore of their own. Round trips, tampered inputs
// (exit 1 or 65), a wrong token (the problem shown, exit 77), a missing key (exit 66), and the
// token never printed.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { runtimeCommand, startServer } from "../support/runtime.ts";
import { fromBase64Url } from "../../src/common/base64url.ts";
import { runCli } from "../../src/cli/main.ts";
import { gatewayClient, must } from "../../client/http/mod.ts";

const SLOW = { timeoutMs: 180_000 };
const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

/** Runs the CLI as its own process with `input` on stdin; stdout as bytes. */
function cliProcess(args: string[], env: Record<string, string>, input: Uint8Array = new Uint8Array()) {
  const [command, prefix] = runtimeCommand(MAIN);
  const result = spawnSync(command, [...prefix, ...args], {
    input,
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: new Uint8Array(result.stdout), stderr: result.stderr.toString("utf8") };
}

test("cli encrypt/decrypt/sign/verify/hmac speak to a running gateway, in-process and as processes", async () => {
  using dir = tempDir();
  const tokenOut = join(dir.path, "initial-admin-token");
  await using server = await startServer({
    PQGATE_DB_DIR: join(dir.path, "db"),
    PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: tokenOut,
  });
  const token = readFileSync(tokenOut, "utf8").trim();
  const api = gatewayClient(server.url, token);
  await must(api.POST("/v1/keys", { body: { name: "vault", algorithm: "AES-256-GCM" } }));
  const signer = await must(api.POST("/v1/keys", { body: { name: "signer", algorithm: "ML-DSA-65" } }));
  await must(api.POST("/v1/keys", { body: { name: "hooks", algorithm: "HMAC-SHA-256" } }));

  const file = (name: string) => join(dir.path, name);
  const plaintext = new TextEncoder().encode("invoice 42: 1000 EUR\n".repeat(100));
  writeFileSync(file("plain"), plaintext);
  const connection = ["--url", server.url, "--token-file", tokenOut];
  const run = (...args: string[]) => runCli([...args, ...connection]);

  // encrypt → decrypt with aad; another aad is refused by the gateway (422 → 65).
  assert.equal(await run("encrypt", "--key", "vault", "--in", file("plain"), "--out", file("ct"), "--aad", "inv"), 0);
  const ciphertext = readFileSync(file("ct"));
  assert.ok(ciphertext.length > plaintext.length && !ciphertext.includes(Buffer.from("invoice")));
  assert.equal(await run("decrypt", "--key", "vault", "--in", file("ct"), "--out", file("back"), "--aad", "inv"), 0);
  assert.deepEqual(new Uint8Array(readFileSync(file("back"))), plaintext);
  assert.equal(await run("decrypt", "--key", "vault", "--in", file("ct"), "--out", file("x"), "--aad", "other"), 65);

  // sign → verify (with a context); a tampered file does not verify (exit 1).
  const signArgs = ["--key", "signer", "--in", file("plain"), "--context", "invoices"];
  assert.equal(await run("sign", ...signArgs, "--out", file("sig")), 0);
  const signature = new Uint8Array(readFileSync(file("sig")));
  const publicKey = fromBase64Url(signer.versions[0]?.publicKey ?? "") ?? new Uint8Array();
  const context = new TextEncoder().encode("invoices");
  assert.ok(ml_dsa65.verify(signature, plaintext, publicKey, { context }), "an ordinary ML-DSA signature");
  assert.equal(await run("verify", ...signArgs, "--signature", file("sig")), 0);
  assert.equal(await run("verify", ...signArgs, "--signature", file("sig"), "--version", "1"), 0);
  writeFileSync(file("tampered"), plaintext.map((b, i) => (i === 7 ? b ^ 1 : b)));
  const tampered = ["--key", "signer", "--in", file("tampered"), "--context", "invoices", "--signature", file("sig")];
  assert.equal(await run("verify", ...tampered), 1);
  assert.equal(await run("verify", "--key", "signer", "--in", file("plain"), "--signature", file("sig")), 1);

  // hmac → hmac verify; a tampered file is not valid (exit 1).
  assert.equal(await run("hmac", "--key", "hooks", "--in", file("plain"), "--out", file("mac")), 0);
  assert.equal(await run("hmac", "verify", "--key", "hooks", "--in", file("plain"), "--mac", file("mac")), 0);
  assert.equal(await run("hmac", "verify", "--key", "hooks", "--in", file("tampered"), "--mac", file("mac")), 1);

  // Refusals: a missing key (404 → 66), a key of the wrong kind (422 → 65), usage errors (64),
  // no token (78), an unreachable gateway (69).
  assert.equal(await run("sign", "--key", "missing", "--in", file("plain"), "--out", file("x")), 66);
  assert.equal(await run("sign", "--key", "vault", "--in", file("plain"), "--out", file("x")), 65);
  assert.equal(await run("verify", "--key", "signer", "--in", file("plain")), 64);
  assert.equal(await runCli(["sign", "--in", file("plain"), ...connection]), 64);
  assert.equal(await run("hmac", "check", "--key", "hooks", "--in", file("plain")), 64);
  assert.equal(await run("sign", "--key", "signer", "--version", "first", "--in", file("plain")), 64);
  assert.equal(await run("sign", "--key", "signer", "--in", file("nothing-here")), 66);
  assert.equal(await run("sign", "--key", "signer", "--in", file("plain"), "--out", join(file("no-dir"), "sig")), 73);
  const unreachable = ["--url", "http://127.0.0.1:9", "--token-file", tokenOut, "--in", file("plain")];
  assert.equal(await runCli(["sign", "--key", "signer", ...unreachable]), 69);

  // Real processes, with a data directory that does not exist: the commands open no database.
  const env = {
    PQGATE_URL: server.url,
    PQGATE_TOKEN: token,
    PQGATE_DB_DIR: join(dir.path, "no-database"),
    PQGATE_KEYSTORE_DIR: join(dir.path, "no-keystore"),
  };
  const signed = cliProcess(["sign", "--key", "signer"], env, plaintext);
  assert.equal(signed.status, 0, signed.stderr);
  assert.equal(signed.stdout.length, 3309, "the raw ML-DSA-65 signature on stdout");
  assert.match(signed.stderr, /signed with version 1/);
  assert.ok(ml_dsa65.verify(signed.stdout, plaintext, publicKey));
  writeFileSync(file("sig2"), signed.stdout);
  const verified = cliProcess(["verify", "--key", "signer", "--signature", file("sig2")], env, plaintext);
  assert.equal(verified.status, 0, verified.stderr);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.stdout)), { valid: true, version: 1 });
  const notValid = cliProcess(["verify", "--key", "signer", "--signature", file("sig2")], env, plaintext.slice(1));
  assert.equal(notValid.status, 1, notValid.stderr);
  const sealed = cliProcess(["encrypt", "--key", "vault", "--aad", "a"], env, plaintext);
  assert.equal(sealed.status, 0, sealed.stderr);
  const opened = cliProcess(["decrypt", "--key", "vault", "--aad", "a"], env, sealed.stdout);
  assert.equal(opened.status, 0, opened.stderr);
  assert.deepEqual(opened.stdout, plaintext);

  // A wrong token: the problem is shown (status, title, detail, type), exit 77, no secret printed.
  const wrong = cliProcess(["hmac", "--key", "hooks"], { ...env, PQGATE_TOKEN: "pqg_wrong-token" }, plaintext);
  assert.equal(wrong.status, 77, wrong.stderr);
  assert.match(wrong.stderr, /401 Unauthorized: .+ \(urn:pqgate:problem:unauthorized\)/);
  assert.equal(wrong.stdout.length, 0);
  const missing = cliProcess(["hmac", "--key", "gone"], env, plaintext);
  assert.equal(missing.status, 66);
  assert.match(missing.stderr, /404 Key Not Found: .+ \(urn:pqgate:problem:key-not-found\)/);
  const noToken = cliProcess(["hmac", "--key", "hooks"], { ...env, PQGATE_TOKEN: "" }, plaintext);
  assert.equal(noToken.status, 78);
  assert.match(noToken.stderr, /no token: set PQGATE_TOKEN or pass --token-file/);
  for (const result of [signed, verified, notValid, sealed, opened, wrong, missing, noToken]) {
    assert.ok(
      !result.stderr.includes(token) && !Buffer.from(result.stdout).includes(token),
      "the token is not printed",
    );
    assert.ok(!result.stderr.includes("pqg_wrong-token"), "not even a wrong one");
  }
  const help = cliProcess(["--help"], env);
  assert.match(help.stderr + new TextDecoder().decode(help.stdout), /gateway commands: .*need no database/s);
}, SLOW);
