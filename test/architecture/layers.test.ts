// The import graph keeps the layering of docs/ARCHITECTURE.md: no file imports across a
// forbidden boundary (services → http, routes → binding or database, client → server…).

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { importsOf, layerOf, LAYERS, violations } from "./layers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sourcesUnder(folders: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) out.set(relative(ROOT, path), readFileSync(path, "utf8"));
    }
  };
  for (const folder of folders) walk(join(ROOT, folder));
  return out;
}

test("no source imports across a forbidden layer boundary", () => {
  const sources = sourcesUnder(["src", "ffi", "client", "examples", "test/client"]);
  assert.ok(sources.size > 100, `only ${sources.size} sources found`);
  const found = violations(sources).map((v) => `${v.file} (${v.layer}) imports ${v.imports}`);
  assert.deepEqual(found, []);
});

test("every source file of the product belongs to a layer", () => {
  const unplaced = [...sourcesUnder(["src", "ffi", "client", "examples"]).keys()].filter((f) => !layerOf(f));
  assert.deepEqual(unplaced, []);
});

test("the check catches the crossings it exists for", () => {
  const crossings: Record<string, string> = {
    "src/services/compose.ts": 'import type { ApiDeps } from "../app.ts";',
    "src/services/auth/token-secret.ts": 'import { toBase64Url } from "../../http/base64url.ts";',
    "src/routes/keys/keys.schemas.ts": 'import { ALGORITHM_NAMES } from "../../../ffi/mod.ts";',
    "src/http/domain-problems.ts": 'import { isStorageUnavailable } from "../db/storage-faults.ts";',
    "src/services/sync/custodial.ts": 'import { Hono } from "hono";',
    "client/sync/signer.ts": 'import { hybridSign } from "../../src/services/keys/hybrid.ts";',
    "client/sync/http.ts": 'export { toBase64Url } from "../../src/http/base64url.ts";',
    "src/common/sync.ts": 'import { concat } from "../services/bytes.ts";',
    "examples/sync-three-devices.ts": 'const { tempDir } = await import("../test/support/pq.ts");',
    "ffi/pqgate.ts": 'import type { Clock } from "../src/common/clock.ts";',
  };
  const found = violations(new Map(Object.entries(crossings)));
  assert.deepEqual(found.map((v) => v.file).sort(), Object.keys(crossings).sort());
});

test("imports are read from static, type-only, re-export and dynamic forms, not from comments", () => {
  const source = [
    'import { a } from "./a.ts";',
    'import type { B } from "./b.ts";',
    "import {\n  c,\n  d,\n} from './cd.ts';",
    'import {\n  e,\n  f,\n} from "./ef.ts";',
    'export * from "./g.ts";',
    'export { h } from "./h.ts";',
    'import "./side-effect.ts";',
    'const m = await import("./dynamic.ts");',
    '// import { x } from "./commented.ts";',
    '/** import { y } from "./doc-comment.ts"; */',
  ].join("\n");
  assert.deepEqual(importsOf(source), [
    "./a.ts",
    "./b.ts",
    "./cd.ts",
    "./ef.ts",
    "./g.ts",
    "./h.ts",
    "./side-effect.ts",
    "./dynamic.ts",
  ]);
  assert.ok(LAYERS.every((layer) => layer.holds.length > 0));
});
