// examples/sync-three-devices.ts stays runnable: its one-command mode (own gateway on a free
// loopback port, temporary data folder) runs to completion on the runtime running the tests.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { runScript } from "../support/runtime.ts";

test("the sync example links three devices, revokes one, recovers from 3 of 5 shares", () => {
  const example = new URL("../../examples/sync-three-devices.ts", import.meta.url).pathname;
  const result = runScript(example, [], {}, { allowRun: true, timeoutMs: 120_000 });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /approval chain: laptop \(bootstrap\) -> phone -> tablet/);
  assert.match(result.stdout, /phone refused: urn:pqgate:problem:sync-device-revoked/);
  assert.match(result.stdout, /laptop=trusted phone=revoked tablet=trusted spare=trusted/);
  assert.match(result.stdout, /recovered the bundle from 3 of 5 shares: done/);
}, { timeoutMs: 150_000 });
