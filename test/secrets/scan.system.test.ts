// The secret scan itself: each form is found wherever a secret sits inside a larger encoded
// blob, nothing is found where the secret is not, and a process's memory is read whole
// (chunk seams included). The hygiene test's "none found" means something only if this holds.

import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import process from "node:process";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { findSecrets, SecretScanner } from "../support/scan.ts";
import { scanProcessMemory } from "./process-memory.ts";

const random = (n: number) => new Uint8Array(randomBytes(n));

test("every form of a secret is found at every offset inside a longer blob, in each encoding", () => {
  for (const length of [32, 33, 34]) {
    const secret = random(length);
    const scanner = new SecretScanner({ secret });
    for (let offset = 0; offset < 6; offset++) {
      const blob = Buffer.concat([random(offset), secret, random(5)]);
      const encodings: [string, Buffer][] = [
        ["raw", blob],
        ["hex", Buffer.from(blob.toString("hex"))],
        ["HEX", Buffer.from(blob.toString("hex").toUpperCase())],
        ["base64", Buffer.from(blob.toString("base64"))],
        ["base64url", Buffer.from(blob.toString("base64url"))],
        ["utf16 base64url", Buffer.from(blob.toString("base64url"), "utf16le")],
        ["utf16 hex", Buffer.from(blob.toString("hex"), "utf16le")],
      ];
      for (const [name, bytes] of encodings) {
        const framed = Buffer.concat([Buffer.from(`{"x":"`), bytes, Buffer.from(`"}`)]);
        const found = scanner.find({ where: name, bytes: framed });
        assert.ok(found.length > 0, `${length}-byte secret at offset ${offset}, ${name}: not found`);
        assert.ok(found.every((f) => f.secret === "secret" && f.where === name));
      }
    }
  }
});

test("a text secret is found as text and as UTF-16; a near miss and random bytes are not", () => {
  const password = new TextEncoder().encode("pw-Kq8vX2nL5tR9wE3z");
  const scanner = new SecretScanner({ password });
  assert.deepEqual(
    scanner.find({ where: "log", bytes: Buffer.from('{"p":"pw-Kq8vX2nL5tR9wE3z"}') }).map((f) => f.form),
    [
      "raw",
    ],
  );
  assert.ok(scanner.find({ where: "heap", bytes: Buffer.from("..pw-Kq8vX2nL5tR9wE3z..", "utf16le") }).length > 0);
  assert.deepEqual(scanner.find({ where: "near", bytes: Buffer.from("pw-Kq8vX2nL5tR9wE3Z") }), []);
  const noise = random(4 << 20);
  assert.deepEqual(
    new SecretScanner({ a: random(32), b: random(16), password }).find({ where: "noise", bytes: noise }),
    [],
  );
  assert.throws(() => new SecretScanner({ short: random(7) }), /too short/);
});

test("findSecrets names each secret and source once", () => {
  const secret = random(32);
  const sources = [
    {
      where: "cell a",
      bytes: Buffer.from(Buffer.from(secret).toString("hex") + Buffer.from(secret).toString("base64")),
    },
    { where: "cell b", bytes: random(64) },
  ];
  assert.deepEqual(findSecrets(sources, { secret }), ["secret in cell a"]);
});

test("a source read in chunks smaller than the secret still yields it, across every seam", () => {
  const secret = random(32);
  const scanner = new SecretScanner({ secret });
  for (let offset = 0; offset < 7; offset++) {
    const blob = Buffer.concat([random(offset), Buffer.from(Buffer.from(secret).toString("base64url")), random(9)]);
    const chunks = function* () {
      const reused = new Uint8Array(7);
      for (let at = 0; at < blob.length; at += 7) {
        const part = blob.subarray(at, at + 7);
        reused.set(part);
        yield reused.subarray(0, part.length);
        reused.fill(0); // the scan must have copied what it carries over
      }
    };
    assert.deepEqual(scanner.findChunked("blob", chunks()).map((f) => f.form), ["base64url@0"], `offset ${offset}`);
  }
});

test("process memory: a secret a child holds is found in its readable regions; one it never saw is not", async () => {
  const held = random(48);
  // The child decodes the secret from base64, so its raw bytes exist only in the child's heap.
  const script = `globalThis.keep = Uint8Array.from(atob("${
    Buffer.from(held).toString("base64")
  }"), (c) => c.charCodeAt(0));
    process.stdout.write("ready\\n"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, typeof Deno === "undefined" ? ["-e", script] : ["eval", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk) => String(chunk).includes("ready") && resolve());
      child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
    });
    const pid = child.pid ?? 0;
    const scan = await scanProcessMemory(pid, { held, absent: random(32) });
    assert.ok(scan.regions > 10 && scan.bytes > 1 << 20, `read ${scan.regions} regions, ${scan.bytes} bytes`);
    assert.ok(scan.bytes < scan.mappedBytes, "only resident pages are read");
    assert.ok(scan.findings.some((f) => f.secret === "held" && f.form === "raw"), "the held secret is found");
    assert.ok(!scan.findings.some((f) => f.secret === "absent"), "a secret the child never saw is not");
  } finally {
    child.kill("SIGKILL");
  }
}, { timeoutMs: 60_000 });

test("process memory that cannot be read is an error naming the reason, never an empty scan", async () => {
  // A pid above the kernel's pid_max (at most 2^22) belongs to no process.
  await assert.rejects(scanProcessMemory(1 << 23, { secret: random(32) }), /memory scan of process .*ptrace_scope/);
});
