/**
 * What a runtime backend provides: opening the library from the symbol table.
 *
 * @module
 */

import type { Offload } from "../offload/types.ts";
import type { RawSymbols } from "../symbols.ts";

/** A runtime's FFI, reduced to the one thing the binding needs. */
export interface Backend {
  /** `"deno"` or `"bun"`, for diagnostics and benchmarks. */
  readonly runtime: "deno" | "bun";
  /**
   * Opens the library at `path` with every export of `symbols.ts`.
   *
   * @throws whatever the runtime throws when the file is missing or a symbol is absent.
   */
  open(path: string): RawSymbols;
  /** Runs the offloadable exports of the library at `path` on up to `threads` other threads. */
  offload(path: string, threads: number): Offload;
}
