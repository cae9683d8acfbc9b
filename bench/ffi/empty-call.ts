// Cost of one empty FFI call (`pq_abi_version`) through the raw symbol: the floor under every
// binding call, whatever the operation.

import type { Pqgate } from "../../ffi/mod.ts";
import { unsafeRawSymbols } from "../../ffi/internal.ts";
import { measure } from "../support/measure.ts";
import type { ModeSettings } from "../support/mode.ts";

export async function emptyCallNs(pq: Pqgate, settings: ModeSettings): Promise<number> {
  const abiVersion = unsafeRawSymbols(pq).pq_abi_version;
  const batch = settings.emptyCalls;
  let sum = 0;
  // One "operation" is a batch, so the loop overhead per call is amortised like a tight C loop.
  const timing = await measure(() => {
    for (let i = 0; i < batch; i++) sum += abiVersion();
  }, settings);
  if (sum % pq.abiVersion !== 0) throw new Error("unexpected ABI version during the benchmark");
  return timing.nsPerOp / batch;
}
