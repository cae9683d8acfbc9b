/**
 * INTERNAL: the raw C symbols behind a `Pqgate`, for the misuse and parity tests, which
 * must call the ABI exactly as a C caller would (wrong-kind handles, lying lengths, short
 * buffers). Nothing in the application may import this module: every check the typed API
 * makes is bypassed here.
 *
 * @module
 */

import { NATIVE, type Pqgate } from "./pqgate.ts";
import type { RawSymbols } from "./symbols.ts";

export { symbols } from "./symbols.ts";
export type { NativeType, RawSymbols, SymbolName } from "./symbols.ts";
export { AEADS, ALGORITHMS, HASHES, KEY_KINDS } from "./algorithms.ts";
export { NATIVE_OPS } from "./native-stats.ts";

/** The raw exports of the library `pq` opened. */
export function unsafeRawSymbols(pq: Pqgate): RawSymbols {
  return pq[NATIVE].raw;
}
