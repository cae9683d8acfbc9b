/**
 * Where the native library is looked for, in order: an explicit path, the `PQGATE_LIB`
 * environment variable, then the local release build `<repo>/rust/target/release/`.
 *
 * The release path is resolved from this module's own URL, not the working directory, so
 * tests, scripts and the server find the same file wherever they are started from.
 *
 * @module
 */

import process from "node:process";
import { fileURLToPath } from "node:url";

/** The file name `cargo build` gives the cdylib on this platform. */
export function libraryFileName(platform: string = process.platform): string {
  switch (platform) {
    case "darwin":
      return "libpqgate.dylib";
    case "win32":
      return "pqgate.dll";
    default:
      return "libpqgate.so";
  }
}

/** The release build inside this repository (`ffi/` sits next to `rust/`). */
export function releaseLibraryPath(): string {
  return fileURLToPath(new URL(`../rust/target/release/${libraryFileName()}`, import.meta.url));
}

/** Reads `PQGATE_LIB`; an unreadable environment (no permission) counts as unset. */
function envLibraryPath(): string | undefined {
  try {
    const value = process.env.PQGATE_LIB;
    return value === undefined || value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The candidate paths, most specific first, without duplicates. */
export function libraryCandidates(explicit?: string): string[] {
  const candidates = [explicit, envLibraryPath(), releaseLibraryPath()];
  return [...new Set(candidates.filter((p): p is string => p !== undefined && p !== ""))];
}

/**
 * Opens the first candidate that loads.
 *
 * @throws {Error} listing every path tried and why each failed.
 */
export function openFirst<T>(candidates: readonly string[], open: (path: string) => T): { path: string; lib: T } {
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      return { path, lib: open(path) };
    } catch (error) {
      failures.push(`  ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(
    `could not load the pqgate library; tried:\n${failures.join("\n")}\n` +
      "Build it with `cd rust && cargo build --release` or set PQGATE_LIB.",
  );
}
