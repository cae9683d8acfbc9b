// Reads the native baseline criterion wrote (rust/target/criterion/<group>/<bench>/new/
// estimates.json, written by `cargo bench --bench primitives`): median ns per operation.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type OperationId, OPERATIONS } from "./workload.ts";

export type NativeTimes = Partial<Record<OperationId, number>>;

export function readCriterion(targetDir: string): NativeTimes {
  const times: NativeTimes = {};
  for (const id of OPERATIONS) {
    const file = join(targetDir, "criterion", id, "new", "estimates.json");
    if (!existsSync(file)) continue;
    const estimates = JSON.parse(readFileSync(file, "utf8")) as { median?: { point_estimate?: number } };
    const median = estimates.median?.point_estimate;
    if (typeof median === "number" && median > 0) times[id] = median;
  }
  return times;
}
