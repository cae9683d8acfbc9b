/**
 * What is running, for `/metrics` (`pqgate_build_info`) and the OpenAPI document.
 *
 * @module
 */

/** The gateway's version (package.json's; a test keeps them equal). */
export const VERSION = "0.1.0";

/** The runtime's name and version. */
export function runtimeInfo(): { runtime: "deno" | "bun"; version: string } {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
  if (g.Bun !== undefined) return { runtime: "bun", version: g.Bun.version };
  return { runtime: "deno", version: g.Deno?.version.deno ?? "unknown" };
}
