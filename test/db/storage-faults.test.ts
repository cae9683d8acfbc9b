// Which database errors are outages (503 storage-unavailable) and which stay internal faults:
// system codes, SQLSTATEs and PGlite's text-only messages, through drizzle's cause chain.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { isStorageUnavailable } from "../../src/db/storage-faults.ts";
import { domainProblem } from "../../src/http/domain-problems.ts";

function coded(code: string, message = "failed"): Error {
  return Object.assign(new Error(message), { code });
}

/** drizzle's wrapper: its message quotes the query and parameters, the driver error is the cause. */
function wrapped(cause: unknown, params = "[]"): Error {
  return new Error(`Failed query: insert into "keys" values ($1)\nparams: ${params}`, { cause });
}

test("outages are recognised by system code, SQLSTATE and message, through the cause chain", () => {
  for (
    const code of ["ENOSPC", "EIO", "EDQUOT", "ECONNREFUSED", "ECONNRESET", "CONNECTION_CLOSED", "CONNECT_TIMEOUT"]
  ) {
    assert.ok(isStorageUnavailable(wrapped(coded(code))), code);
  }
  for (const state of ["53100", "53200", "08006", "08001", "57P01", "57P03", "58030"]) {
    assert.ok(isStorageUnavailable(wrapped(coded(state))), state);
  }
  for (const text of ['could not extend file "base/5/16384": No space left on device', "could not write to file"]) {
    assert.ok(isStorageUnavailable(wrapped(new Error(text))), text);
  }
  const problem = domainProblem(wrapped(coded("53100")));
  assert.equal(problem?.type, "urn:pqgate:problem:storage-unavailable");
  assert.equal(problem?.status, 503);
  assert.doesNotMatch(problem?.detail ?? "", /insert|53100|keys/, "no internals in the detail");
});

test("constraint violations, bugs and client text in query parameters are not outages", () => {
  for (const state of ["23505", "23514", "42P01", "22P02", "XX000"]) {
    assert.equal(isStorageUnavailable(wrapped(coded(state))), false, state);
  }
  assert.equal(isStorageUnavailable(new TypeError("cannot read properties of undefined")), false);
  assert.equal(isStorageUnavailable(wrapped(coded("42703"), '["No space left on device"]')), false);
  assert.equal(isStorageUnavailable("ENOSPC"), false, "a bare string is no error object");
  assert.equal(domainProblem(wrapped(coded("42P01"))), undefined, "a bug stays an internal fault");
  // A cycle in the cause chain ends the walk instead of looping.
  const a = coded("42P01") as Error & { cause?: unknown };
  a.cause = a;
  assert.equal(isStorageUnavailable(a), false);
});
