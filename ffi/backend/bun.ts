/**
 * The Bun backend: `bun:ffi` `dlopen` with the shared symbol table.
 *
 * Bun names the fields `args`/`returns`; the type strings are the same as Deno's. Buffer
 * parameters are declared with the string `"buffer"` because the numeric `FFIType.buffer`
 * failed with "invalid ABI type" on Bun 1.4.5 (docs/ARCHITECTURE.md "FFI facts"). Typed arrays are
 * passed as they are, so Bun takes their address on every call: caching `ptr()` of small
 * arrays is unsafe after JIT optimisation.
 *
 * `bun:ffi` is imported through a computed specifier so Deno's module graph (`deno check`)
 * never tries to resolve it; this file is itself only imported dynamically under Bun.
 *
 * @module
 */

import { workerOffload } from "../offload/workers.ts";
import { symbols } from "../symbols.ts";
import type { NativeResult, NativeType, RawSymbols, SymbolName } from "../symbols.ts";
import type { Backend } from "./types.ts";

/** The part of `bun:ffi` this backend uses. */
interface BunFfi {
  dlopen(
    path: string,
    symbols: Record<string, { args: readonly NativeType[]; returns: NativeResult }>,
  ): { symbols: Record<string, (...args: unknown[]) => number> };
}

const BUN_FFI = "bun:ffi";
const ffi = (await import(BUN_FFI)) as BunFfi;

/** The table in Bun's shape: `{ args, returns }` per export. */
function bunSymbols(): Record<string, { args: readonly NativeType[]; returns: NativeResult }> {
  const out: Record<string, { args: readonly NativeType[]; returns: NativeResult }> = {};
  for (const name of Object.keys(symbols) as SymbolName[]) {
    out[name] = { args: symbols[name].parameters, returns: symbols[name].result };
  }
  return out;
}

/** Opens the library through `bun:ffi`. */
export const backend: Backend = {
  runtime: "bun",
  open(path: string): RawSymbols {
    // Never closed, as in the Deno backend: live handles must not outlive the code.
    return ffi.dlopen(path, bunSymbols()).symbols as unknown as RawSymbols;
  },
  offload: workerOffload,
};
