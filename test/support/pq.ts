/**
 * Helpers shared by the binding tests: status assertions, bit flips and temporary folders.
 *
 * @module
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Algorithm,
  hasPublicKey,
  type MacAlgorithm,
  PqError,
  type Pqgate,
  PqStatus,
  type PqStatusName,
  type SymmetricAlgorithm,
} from "../../ffi/mod.ts";
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

/** A key-pair algorithm (every algorithm but the symmetric key types). */
export type PairAlgorithm = Exclude<Algorithm, SymmetricAlgorithm | MacAlgorithm>;

/**
 * Every key-pair algorithm whose private keys the library itself can hold (all but device-only
 * ECDSA P-256; the symmetric key types, which have no public half, are not key pairs).
 */
export function softwareAlgorithms(pq: Pqgate): PairAlgorithm[] {
  return (Object.keys(ALGORITHMS) as Algorithm[]).filter((algorithm): algorithm is PairAlgorithm =>
    hasPublicKey(algorithm) && pq.algorithmSizes(algorithm).seed > 0
  );
}
