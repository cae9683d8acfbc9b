/**
 * The Deno backend: `Deno.dlopen` with the shared symbol table.
 *
 * The table's types (`u32`, `i32`, `u64`, `buffer`) are Deno's own type names, so it is
 * passed through unchanged. `u64` parameters take the `bigint` handles as they are; no
 * export returns a `u64`, so no result needs normalising here.
 *
 * @module
 */

import { workerOffload } from "../offload/workers.ts";
import { symbols } from "../symbols.ts";
import type { RawSymbols } from "../symbols.ts";
import type { Backend } from "./types.ts";

/** Opens the library through `Deno.dlopen`. */
export const backend: Backend = {
  runtime: "deno",
  open(path: string): RawSymbols {
    // The library stays open for the life of the process: handles (and the
    // FinalizationRegistry backstop that frees them) must never outlive the code.
    return Deno.dlopen(path, symbols).symbols;
  },
  offload: workerOffload,
};
