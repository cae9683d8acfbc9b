// Attributes a sample to a part of the request path. A sample goes to the innermost frame on
// its stack that belongs to a known part: a runtime built-in (a promise job, a TextEncoder, an
// FFI trampoline) counts for the gateway or library code that called it. Stacks end at an
// `await`, so work resumed after one is attributed by its own synchronous stack.

import { fileURLToPath } from "node:url";
import type { Frame } from "./cpu-profile.ts";

export const BUCKETS = [
  "FFI / crypto",
  "database: drizzle-orm",
  "database: postgres.js",
  "audit",
  "auth / token lookup",
  "key service (lookup, cache)",
  "HTTP / framework",
  "JSON / zod validation",
  "other gateway code",
  "runtime internals",
  "GC",
  "(program)",
  "idle",
] as const;
export type Bucket = typeof BUCKETS[number];

/** Buckets that are the JavaScript thread doing something (all but idle). */
export const isBusy = (bucket: Bucket): boolean => bucket !== "idle";

const ROOT = `file://${fileURLToPath(new URL("../../", import.meta.url))}`;

/** Profiler pseudo-frames (V8 names; JSC has no such frames). */
const PSEUDO = new Map<string, Bucket>([
  ["(garbage collector)", "GC"],
  ["(program)", "(program)"],
  ["(idle)", "idle"],
  ["(root)", "(program)"],
]);

/** npm packages by the part they serve. */
const PACKAGES = new Map<string, Bucket>([
  ["postgres", "database: postgres.js"],
  ["drizzle-orm", "database: drizzle-orm"],
  ["hono", "HTTP / framework"],
  ["zod", "JSON / zod validation"],
  ["@hono/zod-openapi", "JSON / zod validation"],
  ["@hono/zod-validator", "JSON / zod validation"],
  ["@asteasolutions/zod-to-openapi", "JSON / zod validation"],
]);

/** Gateway source folders and files (paths from the repository root), most specific first. */
const SOURCES: [prefix: string, bucket: Bucket][] = [
  ["ffi/", "FFI / crypto"],
  ["src/services/audit/", "audit"],
  ["src/db/audit.ts", "audit"],
  ["src/http/audit-middleware.ts", "audit"],
  ["src/services/auth/", "auth / token lookup"],
  ["src/db/tokens.ts", "auth / token lookup"],
  ["src/http/auth.ts", "auth / token lookup"],
  ["src/services/keys/", "key service (lookup, cache)"],
  ["src/db/keys.ts", "key service (lookup, cache)"],
  ["src/http/validation.ts", "JSON / zod validation"],
  ["src/", "other gateway code"],
];

/** Runtime built-ins that are the HTTP server or its Request/Response objects. */
const RUNTIME_HTTP = [/^ext:deno_http\//, /^ext:deno_fetch\//, /^ext:deno_net\//, /^node:http/];

/** JSON natives: their frames carry no URL, only the name. */
const JSON_NATIVES = new Set(["parse", "stringify", "JSONParse", "JSONStringify"]);

const PACKAGE = /\/node_modules\/(?:\.deno\/[^/]+\/node_modules\/)?(@[^/]+\/[^/]+|[^/]+)\//;

/** The part `frame` belongs to, when its place (a package, a gateway source file) says so. */
export function bucketOfFrame(frame: Frame): Bucket | undefined {
  const pkg = PACKAGE.exec(frame.url)?.[1];
  if (pkg !== undefined) return PACKAGES.get(pkg);
  if (!frame.url.startsWith(ROOT)) return undefined;
  const path = frame.url.slice(ROOT.length);
  return SOURCES.find(([prefix]) => path.startsWith(prefix))?.[1];
}

/** The pseudo-frame bucket of a leaf (idle, GC, program), if it is one. */
export const pseudoBucket = (leaf: Frame): Bucket | undefined => leaf.url === "" ? PSEUDO.get(leaf.name) : undefined;

/** The bucket of a sample, from its stack (leaf first). */
export function bucketOfStack(stack: readonly Frame[]): Bucket {
  const leaf = stack[0];
  if (leaf === undefined) return "(program)";
  const pseudo = pseudoBucket(leaf);
  if (pseudo !== undefined) return pseudo;
  if (leaf.url === "" && JSON_NATIVES.has(leaf.name)) return "JSON / zod validation";
  for (const frame of stack) {
    const bucket = bucketOfFrame(frame);
    if (bucket !== undefined) return bucket;
  }
  if (stack.some((frame) => RUNTIME_HTTP.some((pattern) => pattern.test(frame.url)))) return "HTTP / framework";
  return "runtime internals";
}
