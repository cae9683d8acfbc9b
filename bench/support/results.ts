// The JSON one runtime's run writes (bench/main.ts), read back by the report (bench/report/).

import type { MemoryRun } from "../ffi/memory.ts";
import type { OperationId } from "./workload.ts";

/** Nanoseconds per operation; null where the implementation lacks the operation ("n/a"). */
export interface OperationTimes {
  readonly ffi: number | null;
  readonly webcrypto: number | null;
  readonly noble: number | null;
  /** FFI_BOUND_OPERATIONS only: the binding's 10th percentile (bench/support/measure.ts). */
  readonly ffiLow?: number;
}

export interface RuntimeResults {
  readonly runtime: "deno" | "bun";
  readonly runtimeVersion: string;
  readonly mode: "smoke" | "full";
  readonly emptyCallNs: number;
  readonly operations: Record<OperationId, OperationTimes>;
  readonly memory: MemoryRun;
}
