/**
 * The layering rules of docs/ARCHITECTURE.md as data, and the check that applies them to
 * the import statements of TypeScript sources. Every import counts, type-only ones too: a
 * type import still couples a layer to what it names.
 *
 * @module
 */

import { dirname, join, normalize } from "node:path";

/** A layer: the files it holds and what they may import. */
export interface Layer {
  readonly name: string;
  /** Files whose repository path starts with one of these (a folder ends in `/`). */
  readonly holds: readonly string[];
  /** Repository paths (prefixes) its files may import. */
  readonly mayImport: readonly string[];
  /** npm packages its files may import (`node:` built-ins are always allowed). */
  readonly packages: readonly string[];
}

const HONO = ["hono", "@hono/zod-openapi", "zod"];
const DATABASE = ["drizzle-orm", "@electric-sql/pglite", "postgres"];

/** The layers, from the bottom up. A file in none of them is not checked (tests, benches). */
export const LAYERS: readonly Layer[] = [
  { name: "binding", holds: ["ffi/"], mayImport: ["ffi/"], packages: [] },
  { name: "common", holds: ["src/common/"], mayImport: ["src/common/", "ffi/"], packages: [] },
  { name: "db", holds: ["src/db/"], mayImport: ["src/db/", "src/common/"], packages: DATABASE },
  {
    name: "services",
    holds: ["src/services/"],
    mayImport: ["src/services/", "src/db/", "src/common/", "ffi/"],
    packages: [],
  },
  {
    name: "http",
    holds: ["src/http/"],
    mayImport: ["src/http/", "src/services/", "src/common/", "src/logger.ts"],
    packages: HONO,
  },
  {
    name: "routes",
    holds: ["src/routes/"],
    mayImport: ["src/routes/", "src/http/", "src/services/", "src/common/", "src/build-info.ts"],
    packages: HONO,
  },
  {
    name: "app",
    holds: ["src/app.ts"],
    mayImport: ["src/routes/", "src/http/", "src/services/", "src/common/", "src/build-info.ts", "src/logger.ts"],
    packages: HONO,
  },
  { name: "leaf modules", holds: ["src/logger.ts"], mayImport: [], packages: [] },
  { name: "build info", holds: ["src/build-info.ts"], mayImport: ["ffi/"], packages: [] },
  {
    name: "entry",
    holds: ["src/bootstrap/", "src/serve/", "src/cli/", "src/config.ts"],
    // client/http/: the CLI's gateway commands speak HTTP through the typed client.
    mayImport: ["src/", "ffi/", "migrations/", "client/http/"],
    packages: [...HONO, ...DATABASE, "openapi-fetch"],
  },
  { name: "device client", holds: ["client/"], mayImport: ["client/", "src/common/", "ffi/"], packages: [] },
  // Typed from the OpenAPI document alone (schema.ts is generated): nothing of pqgate's code.
  { name: "HTTP client", holds: ["client/http/"], mayImport: ["client/http/"], packages: ["openapi-fetch"] },
  {
    name: "device client tests",
    holds: ["test/client/"],
    mayImport: ["test/client/", "test/support/assert.ts", "test/support/harness.ts", "client/", "src/common/", "ffi/"],
    packages: [],
  },
  {
    name: "examples",
    holds: ["examples/"],
    mayImport: ["examples/", "client/", "src/common/", "ffi/", "scripts/dev/"],
    // An example may stand in for a client written without pqgate's code at all.
    packages: ["@noble/post-quantum", "@noble/curves", "@noble/ciphers", "@noble/hashes"],
  },
];

/** One import that crosses a forbidden boundary. */
export interface Violation {
  readonly file: string;
  readonly imports: string;
  readonly layer: string;
}

const IMPORT =
  /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers a source imports (static, re-exports and literal dynamic imports). */
export function importsOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...withoutComments.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? "");
}

/** The layer holding `file` (a repository path), if any; the most specific one wins. */
export function layerOf(file: string): Layer | undefined {
  let best: Layer | undefined;
  let length = -1;
  for (const layer of LAYERS) {
    for (const prefix of layer.holds) {
      if (file.startsWith(prefix) && prefix.length > length) [best, length] = [layer, prefix.length];
    }
  }
  return best;
}

/** Every forbidden import among `sources` (repository path → text). */
export function violations(sources: ReadonlyMap<string, string>): Violation[] {
  const found: Violation[] = [];
  for (const [file, text] of sources) {
    const layer = layerOf(file);
    if (layer === undefined) continue;
    for (const specifier of importsOf(text)) {
      if (specifier.startsWith("node:")) continue;
      const allowed = specifier.startsWith(".")
        ? layer.mayImport.some((prefix) => normalize(join(dirname(file), specifier)).startsWith(prefix))
        : layer.packages.some((name) => specifier === name || specifier.startsWith(`${name}/`));
      if (!allowed) found.push({ file, imports: specifier, layer: layer.name });
    }
  }
  return found;
}
