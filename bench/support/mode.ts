// BENCH_MODE: "smoke" (CI: real measurements, few iterations, seconds) or "full" (people:
// bench/RESULTS.md). Every size that differs between the two lives here.

import process from "node:process";

export type BenchMode = "smoke" | "full";

export interface ModeSettings {
  readonly mode: BenchMode;
  /** Minimum time spent per measured operation (split over the rounds). */
  readonly msPerOperation: number;
  /** Rounds per operation; the median is reported. */
  readonly rounds: number;
  /** Calls of the empty FFI function per round. */
  readonly emptyCalls: number;
  /** Create/use/free cycles of the FFI memory test. */
  readonly memoryCycles: number;
  /** Batches (and ms each) of the low-quantile FFI figure the FFI/native targets use. */
  readonly lowQuantileSamples: number;
  readonly lowQuantileSampleMs: number;
}

const SETTINGS: Record<BenchMode, ModeSettings> = {
  smoke: {
    mode: "smoke",
    msPerOperation: 40,
    rounds: 3,
    emptyCalls: 100_000,
    memoryCycles: 2_000,
    lowQuantileSamples: 20,
    lowQuantileSampleMs: 2,
  },
  full: {
    mode: "full",
    msPerOperation: 1_500,
    rounds: 5,
    emptyCalls: 5_000_000,
    memoryCycles: 1_000_000,
    lowQuantileSamples: 100,
    lowQuantileSampleMs: 20,
  },
};

export function benchMode(): ModeSettings {
  const requested = process.env.BENCH_MODE ?? "smoke";
  if (requested !== "smoke" && requested !== "full") {
    throw new Error(`BENCH_MODE must be "smoke" or "full", not ${JSON.stringify(requested)}`);
  }
  return SETTINGS[requested];
}
