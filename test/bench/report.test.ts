// bench/RESULTS.md and bench/ratios.svg are generated: they must be exactly what
// bench/results.json (the figures of the last full run) and bench/report/analysis.md render to,
// so nobody edits a figure by hand, and the committed run must be a full one with every table.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { ratiosSvg } from "../../bench/report/chart.ts";
import { panels, resultsMarkdown, withHotPath } from "../../bench/report/results-md.ts";
import { readCandidates, RESULTS_JSON, type StoredRun } from "../../bench/report/write.ts";
import { OPERATIONS } from "../../bench/support/workload.ts";

const bench = (file: string): string =>
  readFileSync(fileURLToPath(new URL(`../../bench/${file}`, import.meta.url)), "utf8");

test("bench/RESULTS.md and ratios.svg are the rendering of bench/results.json (rerun deno task bench:render)", () => {
  const run = JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as StoredRun;
  const markdown = withHotPath(
    resultsMarkdown(run.description, run.results, bench("report/analysis.md"), readCandidates()),
    bench("report/hot-path.md"),
  );
  assert.equal(bench("RESULTS.md"), markdown, "bench/RESULTS.md differs from its rendering");
  assert.equal(bench("ratios.svg"), ratiosSvg(panels(run.results)), "bench/ratios.svg differs from its rendering");
});

test("the committed benchmark run is a full run with every table, both runtimes and both topologies", () => {
  const { description, results } = JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as StoredRun;
  assert.equal(description.mode, "full");
  assert.deepEqual(results.runtimes.map((r) => r.runtime).sort(), ["bun", "deno"]);
  for (const run of results.runtimes) {
    assert.equal(run.mode, "full");
    assert.deepEqual(Object.keys(run.operations).sort(), [...OPERATIONS].sort());
    assert.ok(run.memory.cycles >= 1_000_000, `${run.runtime}: ${run.memory.cycles} FFI memory cycles`);
  }
  for (const id of OPERATIONS) assert.ok((results.native[id] ?? 0) > 0, `native ${id}`);
  const topologies = new Set(results.http.runs.map((r) => `${r.runtime} ×${r.processes}`));
  assert.ok(topologies.size >= 4, [...topologies].join(", "));
  assert.deepEqual(results.http.memory.map((m) => m.runtime).sort(), ["bun", "deno"]);
  const markdown = bench("RESULTS.md");
  for (
    const heading of ["## Machine", "## Targets", "## Native baseline and FFI overhead", "## HTTP", "## What limits"]
  ) {
    assert.ok(markdown.includes(heading), heading);
  }
});
