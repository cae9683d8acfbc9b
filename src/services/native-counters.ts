/**
 * What `/metrics` reads from the native library at scrape time: the operation counters kept
 * inside the C boundary (calls of every export by status, and the time spent in it) and the
 * live handles. No HTTP types here: the metrics route renders them.
 *
 * @module
 */

import type { NativeOpStats } from "../../ffi/mod.ts";

export type { NativeOpStats } from "../../ffi/mod.ts";

/** The part of the native binding `/metrics` reads (`Pqgate` satisfies it). */
export interface NativeCounters {
  /** Every counted export, with its calls by status and its nanoseconds. */
  nativeStats(): readonly NativeOpStats[];
  /** Live key and keystore handles. */
  liveHandleCount(): number;
}
