// Reads the native baseline criterion wrote (rust/target/criterion/<group>/<bench>/new/,
// written by `cargo bench --bench primitives` and `--bench boundary`): the median ns per
// operation (estimates.json) and the 10th percentile of its samples (sample.json), the figure the
// FFI/native targets compare with the binding's own 10th percentile (bench/support/measure.ts).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lowQuantile } from "./measure.ts";
import { NATIVE_ONLY, type NativeOnlyId, type OperationId, OPERATIONS } from "./workload.ts";

export type NativeTimes = Partial<Record<OperationId | NativeOnlyId, number>>;

/** Criterion's figures per bench id. */
export interface NativeRun {
  /** Median ns per operation. */
  readonly medians: NativeTimes;
  /** 10th percentile of the samples' ns per operation. */
  readonly lowQuantiles: NativeTimes;
}

export function readCriterion(targetDir: string): NativeRun {
  const root = join(targetDir, "criterion");
  const medians: NativeTimes = {}, lowQuantiles: NativeTimes = {};
  for (const id of [...OPERATIONS, ...NATIVE_ONLY]) {
    const median = criterionMedian(root, id), low = criterionLowQuantile(root, id);
    if (median !== undefined) medians[id] = median;
    if (low !== undefined) lowQuantiles[id] = low;
  }
  return { medians, lowQuantiles };
}

/** The median ns per operation of bench `id` under criterion's folder `root`, if it ran. */
export function criterionMedian(root: string, id: string): number | undefined {
  const file = join(root, criterionDir(id), "new", "estimates.json");
  if (!existsSync(file)) return undefined;
  const median = (JSON.parse(readFileSync(file, "utf8")) as { median?: { point_estimate?: number } }).median
    ?.point_estimate;
  return typeof median === "number" && median > 0 ? median : undefined;
}

function criterionLowQuantile(root: string, id: string): number | undefined {
  const file = join(root, criterionDir(id), "new", "sample.json");
  if (!existsSync(file)) return undefined;
  const { iters, times } = JSON.parse(readFileSync(file, "utf8")) as { iters: number[]; times: number[] };
  const perOp = times.map((t, i) => t / (iters[i] ?? NaN)).filter((ns) => ns > 0);
  return perOp.length > 0 ? lowQuantile(perOp) : undefined;
}

/**
 * Criterion's folder for a bench id `<group>/<function…>`: `<group>/<function>`, where criterion
 * writes a `/` inside the function name as `_`.
 */
function criterionDir(id: string): string {
  const [group = "", ...fn] = id.split("/");
  return join(group, fn.join("_"));
}
