/**
 * Helpers shared by the binding tests: status assertions, bit flips and temporary folders.
 *
 * @module
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Algorithm, PqError, type Pqgate, PqStatus, type PqStatusName } from "../../ffi/mod.ts";
import { ALGORITHMS } from "../../ffi/internal.ts";
import assert from "./assert.ts";

/** Asserts `fn` throws a PqError with status `status` (and, if given, from `op`). */
export function throwsStatus(fn: () => unknown, status: PqStatusName, op?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PqError, `expected PqError ${status}, got ${String(e)}`);
    assert.equal(e.status, status, e.message);
    assert.equal(e.code, PqStatus[status]);
    if (op !== undefined) assert.equal(e.op, op);
    return true;
  });
}

/** A copy of `bytes` with `bit` flipped at `index` (negative counts from the end). */
export function flip(bytes: Uint8Array, index: number, bit = 1): Uint8Array {
  const copy = bytes.slice();
  const i = index < 0 ? copy.length + index : index;
  copy[i] = (copy[i] ?? 0) ^ bit;
  return copy;
}

/** A fresh temporary folder, removed when the returned object is disposed. */
export function tempDir(prefix = "pqgate-test-"): { readonly path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every algorithm whose private keys the library itself can hold (all but device-only ECDSA P-256). */
export function softwareAlgorithms(pq: Pqgate): Algorithm[] {
  return (Object.keys(ALGORITHMS) as Algorithm[]).filter((algorithm) => pq.algorithmSizes(algorithm).seed > 0);
}
