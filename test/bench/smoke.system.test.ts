// The benchmark's smoke mode (what CI runs): real measurements with few iterations on the
// running runtime, then the report built from them. Asserts completeness and shape only:
// timings on a shared two-core machine are not a pass/fail criterion.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { runScript } from "../support/runtime.ts";
import type { RuntimeResults } from "../../bench/support/results.ts";
import { FFI_BOUND_OPERATIONS, OPERATIONS } from "../../bench/support/workload.ts";

const MAIN = fileURLToPath(new URL("../../bench/main.ts", import.meta.url));
const positive = (value: number | null | undefined, what: string): void =>
  assert.ok(typeof value === "number" && Number.isFinite(value) && value > 0, `${what}: ${value}`);

test("bench smoke mode measures every operation on FFI, WebCrypto and noble", () => {
  const dir = mkdtempSync(join(tmpdir(), "pqgate-bench-"));
  try {
    const out = join(dir, "results.json");
    const child = runScript(MAIN, [], { BENCH_MODE: "smoke", BENCH_OUT: out });
    assert.equal(child.status, 0, child.stderr);
    const results = JSON.parse(readFileSync(out, "utf8")) as RuntimeResults;
    const runtime = (globalThis as { Deno?: unknown }).Deno !== undefined ? "deno" : "bun";
    assert.equal(results.runtime, runtime);
    assert.equal(results.mode, "smoke");
    assert.deepEqual(Object.keys(results.operations).sort(), [...OPERATIONS].sort());
    for (const id of OPERATIONS) {
      const times = results.operations[id];
      positive(times.ffi, `${id} ffi`);
      positive(times.noble, `${id} noble`);
      // WebCrypto lacks some operations (X-Wing): those are null ("n/a"), never 0 or NaN.
      if (times.webcrypto !== null) positive(times.webcrypto, `${id} webcrypto`);
      // The low-quantile figure exists exactly for the FFI/native targets' operations.
      if ((FFI_BOUND_OPERATIONS as readonly string[]).includes(id)) positive(times.ffiLow, `${id} ffi 10th percentile`);
      else assert.equal(times.ffiLow, undefined, `${id} has no low-quantile figure`);
    }
    // Both runtimes ship these in crypto.subtle: a null here means feature detection broke.
    for (const id of ["ml-kem-768/encaps", "ml-dsa-65/sign", "ed25519/sign", "aes-256-gcm/seal-1KiB"] as const) {
      positive(results.operations[id].webcrypto, `${id} webcrypto`);
    }
    assert.equal(results.operations["x-wing/encaps"].webcrypto, null);
    positive(results.emptyCallNs, "empty call");
    assert.equal(results.memory.liveHandles, 0, "every key of the memory cycles was freed");
    assert.equal(results.memory.rssMiB.length, 10);
    results.memory.rssMiB.forEach((mib) => positive(mib, "rss"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 90_000 });
