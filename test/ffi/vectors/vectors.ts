/**
 * Finds and reads the shared test vectors for the TypeScript vector suites.
 *
 * The vectors are not copied into the repository: they live in `$PQGATE_VECTORS`, by
 * default `../shared/vectors` next to the repository root. A missing folder fails the run
 * under `CI=true` (so CI can never pass by skipping) and elsewhere skips the suite with a
 * clear line on the console.
 *
 * @module
 */

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { missingPrerequisite } from "../../support/prerequisite.ts";

/** The repository root (this file is `test/ffi/vectors/vectors.ts`). */
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The vectors folder: `$PQGATE_VECTORS` or `<repo>/../shared/vectors`. A relative
 * `PQGATE_VECTORS` is resolved against the repository root, as the Rust suites do
 * (`rust/core/tests/support`), so both find the same folder from any working directory.
 */
export function vectorsRoot(): string {
  const fromEnv = process.env.PQGATE_VECTORS;
  return resolve(REPO_ROOT, fromEnv !== undefined && fromEnv !== "" ? fromEnv : "../shared/vectors");
}

/**
 * The folder of one vector suite (`relative` inside the vectors root), or `undefined` when
 * it is missing outside CI, after printing `SKIPPED vector suite <name>: …`.
 *
 * @throws {Error} when the folder is missing and `CI=true`.
 */
export function suiteFolder(name: string, relative: string): string | undefined {
  const folder = resolve(vectorsRoot(), relative);
  if (existsSync(folder)) return folder;
  missingPrerequisite(`vector suite ${name}`, `folder not found at ${folder}`, "set PQGATE_VECTORS");
  return undefined;
}

/** Parses a JSON file. */
export function readJson<T>(folder: string, file: string): T {
  return JSON.parse(readFileSync(resolve(folder, file), "utf8")) as T;
}

/** Decodes upper- or lower-case hex. */
export function hex(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new Error(`not hex: ${text.slice(0, 16)}…`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The bytes of hex field `name` of a test case.
 *
 * @throws {Error} naming the case when the field is missing (a malformed file must fail,
 * not silently test an empty input).
 */
export function hexField(test: { readonly tcId: number }, name: string): Uint8Array {
  const value = (test as unknown as Record<string, unknown>)[name];
  if (typeof value !== "string") throw new Error(`tcId ${test.tcId}: missing hex field ${name}`);
  return hex(value);
}

/** Hex of bytes (for assertion messages: a mismatch shows bytes, not array dumps). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Asserts two byte strings are equal; on mismatch the message names the case and shows
 * where they differ (whole multi-kilobyte arrays in a diff help nobody).
 */
export function assertBytes(actual: Uint8Array, expected: Uint8Array, label: string): void {
  if (actual.length === expected.length && actual.every((b, i) => b === expected[i])) return;
  const at = actual.findIndex((b, i) => b !== expected[i]);
  throw new Error(
    `${label}: bytes differ (length ${actual.length} vs ${expected.length}, first difference at ${at}); ` +
      `got ${toHex(actual.subarray(0, 32))}…, expected ${toHex(expected.subarray(0, 32))}…`,
  );
}

/** One ACVP test group: its parameters plus its tests. */
export interface AcvpGroup<T> {
  readonly tgId: number;
  readonly tests: readonly T[];
  readonly [parameter: string]: unknown;
}

/** An ACVP file (prompt, expectedResults or internalProjection). */
export interface AcvpFile<T> {
  readonly testGroups: readonly AcvpGroup<T & { tcId: number }>[];
}

/**
 * Joins `prompt.json` and `expectedResults.json` by `tgId`/`tcId`: each test carries its
 * inputs and expected outputs, each group its parameters.
 *
 * @throws {Error} if a prompt test has no expected result (the files would be mismatched).
 */
export function joinAcvp<P, E>(folder: string): AcvpGroup<P & E & { tcId: number }>[] {
  const prompt = readJson<AcvpFile<P>>(folder, "prompt.json");
  const expected = readJson<AcvpFile<E>>(folder, "expectedResults.json");
  const results = new Map<string, E>();
  for (const group of expected.testGroups) {
    for (const test of group.tests) results.set(`${group.tgId}/${test.tcId}`, test);
  }
  return prompt.testGroups.map((group) => ({
    ...group,
    tests: group.tests.map((test) => {
      const result = results.get(`${group.tgId}/${test.tcId}`);
      if (result === undefined) throw new Error(`no expected result for tgId ${group.tgId} tcId ${test.tcId}`);
      return { ...test, ...result };
    }),
  }));
}

/** Running totals of one suite, printed and checked at its end. */
export class Tally {
  readonly suite: string;
  ran = 0;
  readonly skipped = new Map<string, number>();

  constructor(suite: string) {
    this.suite = suite;
  }

  /** Records `count` cases not run, with the reason. */
  skip(reason: string, count: number): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  /** Number of skipped cases. */
  get skippedCount(): number {
    let n = 0;
    for (const count of this.skipped.values()) n += count;
    return n;
  }

  /** Prints `<suite>: N cases run, M skipped (n reason)`, the Rust suites' summary line. */
  report(): void {
    const reasons = [...this.skipped].map(([reason, n]) => `${n} ${reason}`).join("; ");
    console.log(`${this.suite}: ${this.ran} cases run, ${this.skippedCount} skipped${reasons ? ` (${reasons})` : ""}`);
  }
}
