// The pqgate figure each comparison uses. WebCrypto's key generation runs no pairwise-consistency
// test; pqgate's always does (FIPS 140-3; no export skips it), so its figure without the test is
// derived: FFI keygen scaled by the share of native keygen that remains without the test in the
// same run (criterion `keygen-no-pct` / `keygen`, rust/core/benches/primitives.rs). A ratio, not a
// difference, because native and FFI run in different processes minutes apart: on a shared
// machine a uniform slowdown between them cancels in the ratio, while a difference can come out
// negative. Derived figures are marked †.

import type { NativeTimes } from "../support/criterion.ts";
import type { RuntimeResults } from "../support/results.ts";
import type { OperationId } from "../support/workload.ts";

/** Keygen rows and the native bench of the same generation without the consistency test. */
export const WITHOUT_PCT = {
  "ml-kem-768/keygen": "ml-kem-768/keygen-no-pct",
  "ml-dsa-65/keygen": "ml-dsa-65/keygen-no-pct",
} as const satisfies Partial<Record<OperationId, string>>;

export const DERIVED_MARK = "†";

export const DERIVED_NOTE =
  `${DERIVED_MARK} keygen without the pairwise-consistency test (WebCrypto runs none): pqgate's FFI keygen ` +
  "× native `keygen-no-pct` / `keygen` of this run (criterion); no export skips the test.";

/** Native nanoseconds the pairwise-consistency test adds to `id`'s key generation, or null. */
export function pctNs(native: NativeTimes, id: OperationId): number | null {
  const without = WITHOUT_PCT[id as keyof typeof WITHOUT_PCT];
  const withPct = native[id];
  const noPct = without === undefined ? undefined : native[without];
  return withPct === undefined || noPct === undefined ? null : withPct - noPct;
}

/** pqgate's time for `id` as compared with WebCrypto: keygen without the test (derived). */
export function pqgateVersusWebCrypto(
  native: NativeTimes,
  run: RuntimeResults,
  id: OperationId,
): { readonly ns: number | null; readonly derived: boolean } {
  const ffi = run.operations[id].ffi;
  const without = WITHOUT_PCT[id as keyof typeof WITHOUT_PCT];
  if (without === undefined) return { ns: ffi, derived: false };
  const withPct = native[id], noPct = native[without];
  const share = withPct === undefined || noPct === undefined || !(withPct > 0) ? null : noPct / withPct;
  return { ns: ffi === null || share === null ? null : ffi * share, derived: true };
}
