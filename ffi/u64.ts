/**
 * The one place `u64` values are normalised.
 *
 * Handles are `uint64_t`: they come back through a `BigUint64Array(1)` out-parameter (so
 * they are `bigint` on both runtimes, with no precision loss above 2⁵³), and go back in as
 * that same `bigint` to `u64` parameters, which both Deno and Bun accept unchanged. No
 * export returns a `u64`, so nothing else ever needs converting.
 *
 * @module
 */

/** Reads the handle an export stored in its `uint64_t *handle` out-parameter. */
export function readHandle(out: BigUint64Array): bigint {
  return out[0] as bigint;
}
