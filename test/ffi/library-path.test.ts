// Library resolution: candidates in order (explicit path, PQGATE_LIB, release build),
// platform file names, and a load failure that lists every path tried.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { backend } from "../../ffi/backend/select.ts";
import { libraryCandidates, libraryFileName, openFirst, releaseLibraryPath } from "../../ffi/library-path.ts";

test("the release path is resolved from the module, with the platform's file name", () => {
  assert.match(releaseLibraryPath(), /[\\/]rust[\\/]target[\\/]release[\\/]libpqgate\.(so|dylib)$|pqgate\.dll$/);
  assert.equal(libraryFileName("linux"), "libpqgate.so");
  assert.equal(libraryFileName("darwin"), "libpqgate.dylib");
  assert.equal(libraryFileName("win32"), "pqgate.dll");
});

test("an explicit path comes first and the release build last, without duplicates", () => {
  const candidates = libraryCandidates("/explicit/libpqgate.so");
  assert.equal(candidates[0], "/explicit/libpqgate.so");
  assert.equal(candidates.at(-1), releaseLibraryPath());
  assert.equal(new Set(candidates).size, candidates.length);
  assert.deepEqual(libraryCandidates(releaseLibraryPath()).filter((p) => p === releaseLibraryPath()).length, 1);
});

test("a load failure names every path tried and why", () => {
  const tried = ["/nonexistent/a/libpqgate.so", "/nonexistent/b/libpqgate.so"];
  assert.throws(
    () => openFirst(tried, (p) => backend.open(p)),
    (e: unknown) => e instanceof Error && tried.every((p) => e.message.includes(p)) && e.message.includes("PQGATE_LIB"),
  );
});

test("a missing explicit path falls through to the next candidate that loads", () => {
  const pq = loadPqgate({ path: "/nonexistent/libpqgate.so" });
  assert.notEqual(pq.path, "/nonexistent/libpqgate.so");
  assert.equal(pq.abiVersion, 1);
  assert.equal(pq.runtime, backend.runtime);
});
