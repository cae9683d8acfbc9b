// Time per operation: calibrate a batch size, then run `rounds` timed batches and keep the
// median (robust to one round disturbed by GC or by another process on a shared machine).

import type { ModeSettings } from "./mode.ts";

export type Operation = () => unknown;
export type AsyncOperation = () => Promise<unknown>;

export interface Timing {
  /** Median nanoseconds per operation over the rounds. */
  readonly nsPerOp: number;
  /** Operations executed in the timed rounds. */
  readonly iterations: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** How many calls fill `targetMs`, measured by doubling from 1 (also the warm-up). */
async function calibrate(op: AsyncOperation | Operation, targetMs: number, isAsync: boolean): Promise<number> {
  let batch = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) isAsync ? await op() : op();
    const elapsed = performance.now() - start;
    if (elapsed >= targetMs || batch >= 1 << 24) {
      return Math.max(1, Math.round(batch * targetMs / Math.max(elapsed, 1e-3)));
    }
    batch *= 2;
  }
}

async function time(op: AsyncOperation | Operation, settings: ModeSettings, isAsync: boolean): Promise<Timing> {
  const perRoundMs = settings.msPerOperation / settings.rounds;
  const batch = await calibrate(op, perRoundMs, isAsync);
  const samples: number[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const start = performance.now();
    if (isAsync) { for (let i = 0; i < batch; i++) await op(); }
    else for (let i = 0; i < batch; i++) op();
    samples.push(((performance.now() - start) * 1e6) / batch);
  }
  return { nsPerOp: median(samples), iterations: batch * settings.rounds };
}

export function measure(op: Operation, settings: ModeSettings): Promise<Timing> {
  return time(op, settings, false);
}

/**
 * The 10th percentile of ns per operation over `samples` batches of about `sampleMs` each. Load
 * from other processes on a shared machine only ever adds time, so a low quantile of many short
 * batches is what two processes' figures can be compared by (the FFI/native targets: criterion's
 * samples are read the same way, bench/support/criterion.ts); their medians, minutes apart, were
 * not (FFI/native 0.78 on one operation, 1.11 on the next).
 */
export async function measureLowQuantile(op: Operation, samples: number, sampleMs: number): Promise<number> {
  const batch = await calibrate(op, sampleMs, false);
  const perOp: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    for (let j = 0; j < batch; j++) op();
    perOp.push(((performance.now() - start) * 1e6) / batch);
  }
  return lowQuantile(perOp);
}

/** The 10th percentile (nearest rank) of `values`. */
export function lowQuantile(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 10)] ?? NaN;
}

/** For promise-returning APIs (WebCrypto): each call is awaited, as a caller would. */
export function measureAsync(op: AsyncOperation, settings: ModeSettings): Promise<Timing> {
  return time(op, settings, true);
}
