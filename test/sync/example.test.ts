// examples/sync-three-devices.ts stays runnable: its one-command mode (own gateway on a free
// loopback port, temporary data folder) runs to completion on the runtime running the tests.

import { spawnSync } from "node:child_process";
import process from "node:process";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";

test("the sync example links three devices, revokes one, recovers from 3 of 5 shares", () => {
  const example = new URL("../../examples/sync-three-devices.ts", import.meta.url).pathname;
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  const [command, args] = deno !== undefined
    ? [deno.execPath(), [
      "run",
      "--allow-env",
      "--allow-ffi",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-sys",
      example,
    ]]
    : [process.execPath, [example]];
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 120_000 });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /approval chain: laptop \(bootstrap\) -> phone -> tablet/);
  assert.match(result.stdout, /phone refused: urn:pqgate:problem:sync-device-revoked/);
  assert.match(result.stdout, /laptop=trusted phone=revoked tablet=trusted spare=trusted/);
  assert.match(result.stdout, /recovered the bundle from 3 of 5 shares: done/);
}, { timeoutMs: 150_000 });
