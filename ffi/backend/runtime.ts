/**
 * Which JavaScript runtime is running: the one test of `globalThis` that picks the FFI
 * backend and names the runtime in `/metrics`.
 *
 * @module
 */

/** The runtime's name and version. */
export interface RuntimeInfo {
  readonly runtime: "deno" | "bun";
  readonly version: string;
}

/** The running runtime; `undefined` on any other (Node.js, a browser). */
export function runtimeInfo(): RuntimeInfo | undefined {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
  // Bun first: it defines no `Deno`, but a Deno compatibility shim on Bun must not win.
  if (g.Bun !== undefined) return { runtime: "bun", version: g.Bun.version };
  if (g.Deno !== undefined) return { runtime: "deno", version: g.Deno.version.deno };
  return undefined;
}
