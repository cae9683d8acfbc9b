// The HTTP and memory tables of bench/RESULTS.md.

import type { HttpMemory, HttpRun } from "../http/results.ts";
import { fixed, table } from "./format.ts";

export function httpTable(runs: HttpRun[]): string {
  const header = [
    "runtime",
    "processes",
    "operation",
    "concurrency",
    "req/s",
    "p50 ms",
    "p99 ms",
    "errors",
    "native ceiling req/s",
    "fraction of ceiling",
  ];
  const rows = runs.map((run) => [
    run.runtime,
    String(run.processes),
    run.scenario,
    run.ratePerSecond === undefined
      ? String(run.concurrency)
      : `${run.concurrency}, paced ${run.ratePerSecond.toFixed(0)}/s`,
    run.rps.toFixed(0),
    fixed(run.p50Ms),
    fixed(run.p99Ms),
    String(run.errors),
    run.ceilingRps === null ? "n/a" : run.ceilingRps.toFixed(0),
    run.ceilingRps === null ? "n/a" : `${((run.rps / run.ceilingRps) * 100).toFixed(1)} %`,
  ]);
  return table(header, rows);
}

export function httpMemoryTable(memory: HttpMemory[]): string {
  const header = ["runtime", "seconds", "requests", "server RSS samples (MiB)", "growth after warm-up (MiB)"];
  const rows = memory.map((m) => [
    m.runtime,
    m.seconds.toFixed(0),
    m.requests.toLocaleString("en-US"),
    m.rssMiB.map((v) => v.toFixed(0)).join(" "),
    // From the second sample: the first is taken before the JIT and the caches warmed up.
    ((m.rssMiB.at(-1) ?? 0) - (m.rssMiB[1] ?? m.rssMiB[0] ?? 0)).toFixed(1),
  ]);
  return table(header, rows);
}
