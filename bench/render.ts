// `deno task bench:render`: renders bench/RESULTS.md and bench/ratios.svg again from
// bench/results.json and the current bench/report/analysis.md, without measuring.

import { readFileSync } from "node:fs";
import { renderReport, RESULTS_JSON, type StoredRun } from "./report/write.ts";

renderReport(JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as StoredRun);
console.error("[bench] rendered bench/RESULTS.md and bench/ratios.svg from bench/results.json");
