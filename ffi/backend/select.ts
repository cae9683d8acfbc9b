/**
 * Picks the backend for the running runtime, once, when the binding is first imported.
 *
 * Both imports are dynamic so neither runtime ever resolves the other's FFI module; the
 * Bun specifier is computed so `deno check` does not follow it into `bun:ffi`.
 *
 * @module
 */

import { runtimeInfo } from "./runtime.ts";
import type { Backend } from "./types.ts";

async function select(): Promise<Backend> {
  switch (runtimeInfo()?.runtime) {
    case "bun": {
      const bunModule = "./bun.ts";
      return ((await import(bunModule)) as { backend: Backend }).backend;
    }
    case "deno":
      return (await import("./deno.ts")).backend;
  }
  throw new Error("pqgate's FFI binding runs on Deno or Bun only");
}

/** The backend of this runtime. */
export const backend: Backend = await select();
