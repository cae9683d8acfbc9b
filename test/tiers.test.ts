// The fast tier stays in-process and light: a test file not named `*.system.test.ts`
// (scripts/test-ts.sh) must not reach, through the test modules it imports, one that starts
// processes (servers, swtpm, SoftHSM2 tools, PostgreSQL, mount) or opens a database (PGlite
// runs initdb in WebAssembly for every fresh database: seconds per test). Such a test
// belongs to the system tier.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "./support/harness.ts";
import assert from "./support/assert.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const HEAVY = /["']node:child_process["']|\bDeno\.Command\b|\bBun\.spawn(Sync)?\b|\bopenDatabase\(|\bnew PGlite\(/;
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/**
 * The import chain from `file` to a test module that starts processes or opens a database, or
 * `undefined`. Only modules under test/ are followed: the code under test is not a fixture.
 */
function chainToHeavy(file: string, seen = new Set<string>()): string[] | undefined {
  // Import-like text that names no file (a fixture inside a string) leads nowhere.
  if (seen.has(file) || !file.startsWith(join(repo, "test")) || !existsSync(file)) return undefined;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  if (HEAVY.test(text)) return [file];
  for (const [, specifier = ""] of text.matchAll(RELATIVE_IMPORT)) {
    const chain = chainToHeavy(join(dirname(file), specifier), seen);
    if (chain !== undefined) return [file, ...chain];
  }
  return undefined;
}

test("unit-tier test files start no processes and open no database, not even through support modules", () => {
  const unit = testFiles(join(repo, "test")).filter((file) => !file.endsWith(".system.test.ts"));
  assert.ok(unit.length > 10, `found only ${unit.length} unit-tier files`);
  const offenders = unit.flatMap((file) => {
    const chain = chainToHeavy(file);
    return chain === undefined ? [] : [chain.map((f) => relative(repo, f)).join(" → ")];
  });
  assert.deepEqual(offenders, [], "rename these to *.system.test.ts");
});

test("the check sees the support modules that start processes or open a database", () => {
  const chain = chainToHeavy(join(repo, "test/serve/e2e.system.test.ts"));
  assert.deepEqual(chain?.map((f) => relative(repo, f)), ["test/serve/e2e.system.test.ts", "test/support/runtime.ts"]);
  assert.equal(chainToHeavy(join(repo, "test/routes/support.ts"))?.length, 1);
});
