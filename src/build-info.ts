/**
 * What is running, for `/metrics` (`pqgate_build_info`) and the OpenAPI document.
 *
 * @module
 */

import { type RuntimeInfo, runtimeInfo as detectRuntime } from "../ffi/mod.ts";

/** The gateway's version (package.json's; a test keeps them equal). */
export const VERSION = "0.1.0";

/** The runtime serving: Deno or Bun, the only runtimes the binding loads on. */
export function runtimeInfo(): RuntimeInfo {
  const info = detectRuntime();
  if (info === undefined) throw new Error("pqgate runs on Deno or Bun only");
  return info;
}
