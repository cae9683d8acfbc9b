// Writes the report of one run: bench/results.json (the figures, so the text can be rendered
// again without measuring again), bench/RESULTS.md and bench/ratios.svg. The prose of
// bench/report/analysis.md is read at render time: it is written after looking at a run's
// figures, then `deno task bench:render` puts it into RESULTS.md.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CandidatesRun } from "./candidates.ts";
import { ratiosSvg } from "./chart.ts";
import { panels, resultsMarkdown, type RunDescription, type RunResults, withHotPath } from "./results-md.ts";

const BENCH = fileURLToPath(new URL("../", import.meta.url));
export const RESULTS_JSON = `${BENCH}results.json`;
/** The last candidates run (`deno task bench:candidates`), rendered into RESULTS.md when present. */
export const CANDIDATES_JSON = `${BENCH}candidates/results.json`;

/** The stored candidates run, if any. */
export function readCandidates(): CandidatesRun | undefined {
  return existsSync(CANDIDATES_JSON) ? JSON.parse(readFileSync(CANDIDATES_JSON, "utf8")) as CandidatesRun : undefined;
}

/** One run as stored in bench/results.json. */
export interface StoredRun {
  readonly description: RunDescription;
  readonly results: RunResults;
}

/** Renders bench/RESULTS.md and bench/ratios.svg from `run` and the current analysis. */
export function renderReport(run: StoredRun): void {
  const analysis = readFileSync(`${BENCH}report/analysis.md`, "utf8");
  const hot = `${BENCH}report/hot-path.md`;
  const markdown = resultsMarkdown(run.description, run.results, analysis, readCandidates());
  writeFileSync(
    `${BENCH}RESULTS.md`,
    withHotPath(markdown, existsSync(hot) ? readFileSync(hot, "utf8") : undefined),
  );
  writeFileSync(`${BENCH}ratios.svg`, ratiosSvg(panels(run.results)));
}

/** Stores `run` in bench/results.json, then renders the report from it. */
export function writeReport(run: StoredRun): void {
  writeFileSync(RESULTS_JSON, `${JSON.stringify(run, null, 2)}\n`);
  renderReport(run);
}
