/**
 * Assertions for every TypeScript test: `node:assert/strict`, which Deno and Bun both
 * provide. Test files import this module, never an assertion library directly, so a change
 * of library is a one-file swap.
 *
 * @module
 */

import assert from "node:assert/strict";

export default assert;
export const {
  deepEqual,
  deepStrictEqual,
  doesNotReject,
  doesNotThrow,
  equal,
  fail,
  match,
  notDeepEqual,
  notEqual,
  ok,
  rejects,
  strictEqual,
  throws,
} = assert;
