// What the HTTP part of the run reports (bench/http/run.ts → bench/report/).

import type { LoadResult } from "./load.ts";

export interface HttpRun extends LoadResult {
  readonly runtime: "deno" | "bun";
  readonly processes: number;
  readonly scenario: string;
  /** Native ceiling for the same operation on the same number of cores (requests/s). */
  readonly ceilingRps: number | null;
  /** Open-loop rate used, when paced (the half-peak-load run). */
  readonly ratePerSecond?: number | undefined;
}

export interface HttpMemory {
  readonly runtime: "deno" | "bun";
  readonly seconds: number;
  readonly requests: number;
  /** Server RSS (MiB) sampled at equal intervals. */
  readonly rssMiB: number[];
}

export interface HttpResults {
  readonly runs: HttpRun[];
  readonly memory: HttpMemory[];
}
