// Reads the native baseline criterion wrote (rust/target/criterion/<group>/<bench>/new/
// estimates.json, written by `cargo bench --bench primitives` and `--bench boundary`): median
// ns per operation.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NATIVE_ONLY, type NativeOnlyId, type OperationId, OPERATIONS } from "./workload.ts";

export type NativeTimes = Partial<Record<OperationId | NativeOnlyId, number>>;

export function readCriterion(targetDir: string): NativeTimes {
  const times: NativeTimes = {};
  for (const id of [...OPERATIONS, ...NATIVE_ONLY]) {
    const file = join(targetDir, "criterion", medianFile(id));
    if (!existsSync(file)) continue;
    const estimates = JSON.parse(readFileSync(file, "utf8")) as { median?: { point_estimate?: number } };
    const median = estimates.median?.point_estimate;
    if (typeof median === "number" && median > 0) times[id] = median;
  }
  return times;
}

/**
 * Criterion's file for a bench id `<group>/<function…>`: `<group>/<function>/new/estimates.json`,
 * where criterion writes a `/` inside the function name as `_`.
 */
export function medianFile(id: string): string {
  const [group = "", ...fn] = id.split("/");
  return join(group, fn.join("_"), "new", "estimates.json");
}
