// Reading criterion's output: the median from estimates.json and the 10th percentile of the
// per-operation times of sample.json, which the FFI/native targets compare with the binding's.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { readCriterion } from "../../bench/support/criterion.ts";
import { lowQuantile } from "../../bench/support/measure.ts";

test("lowQuantile is the nearest-rank 10th percentile, whatever the order", () => {
  const values = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
  assert.equal(lowQuantile(values), 3);
  assert.equal(lowQuantile([7]), 7);
  assert.ok(Number.isNaN(lowQuantile([])));
});

test("readCriterion gives each bench's median and the 10th percentile of its samples per operation", () => {
  const target = mkdtempSync(join(tmpdir(), "pqgate-criterion-"));
  try {
    // ml-dsa-65/sign: 10 samples of 10·k iterations; sample k takes k·(1000 + 100·k) ns in all,
    // so its ns per operation is 100 + 10·k: 110, 120, …, 200.
    const dir = join(target, "criterion", "ml-dsa-65", "sign", "new");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "estimates.json"), JSON.stringify({ median: { point_estimate: 155 } }));
    const iters = Array.from({ length: 10 }, (_, i) => 10 * (i + 1));
    const times = iters.map((n, i) => n * (100 + 10 * (i + 1)));
    writeFileSync(join(dir, "sample.json"), JSON.stringify({ sampling_mode: "Linear", iters, times }));
    // aes-256-gcm/seal-1KiB: a median only (no sample.json): the low quantile is left out, not made up.
    const aes = join(target, "criterion", "aes-256-gcm", "seal-1KiB", "new");
    mkdirSync(aes, { recursive: true });
    writeFileSync(join(aes, "estimates.json"), JSON.stringify({ median: { point_estimate: 900 } }));

    const run = readCriterion(target);
    assert.equal(run.medians["ml-dsa-65/sign"], 155);
    assert.equal(run.lowQuantiles["ml-dsa-65/sign"], 120);
    assert.equal(run.medians["aes-256-gcm/seal-1KiB"], 900);
    assert.equal(run.lowQuantiles["aes-256-gcm/seal-1KiB"], undefined);
    assert.equal(run.medians["ml-kem-768/encaps"], undefined, "a bench that did not run has no figure");
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
});
