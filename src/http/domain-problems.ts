/**
 * Maps what the services and the native library refuse to problem types, so `onError` has
 * one table instead of `try`/`catch` in every handler.
 *
 * Key errors map one to one. Native status codes map by range: argument (-1…-99) and
 * key-material (`INVALID_KEY`, `CONTEXT_TOO_LONG`…) codes are the client's input, 422;
 * `KEYSTORE_UNAVAILABLE` is 503; handle, internal and other keystore codes are our own
 * fault and stay internal (500, logged, no details). Database outages (full disk, server
 * down) are 503 `storage-unavailable`: retrying later helps, and nothing is wrong with the request.
 *
 * @module
 */

import { PqError } from "../../ffi/mod.ts";
import { isStorageUnavailable } from "../db/storage-faults.ts";
import { KeyError } from "../services/keys/errors.ts";
import { AuthError } from "./auth.ts";
import { type Problem, problem } from "./problem.ts";

const CLIENT_STATUSES: ReadonlySet<string> = new Set([
  "INVALID_LENGTH",
  "CONTEXT_TOO_LONG",
  "INVALID_ARGUMENT",
  "INPUT_TOO_LARGE",
  "INVALID_KEY",
  "UNSUPPORTED_OPERATION",
  "NON_CONTRIBUTORY",
]);

/** The problem for an expected refusal, or `undefined` for an internal fault. */
export function domainProblem(error: unknown): Problem | undefined {
  if (error instanceof KeyError) return problem(error.kind, error.message);
  if (error instanceof AuthError) {
    const retry = error.retryAfterSeconds > 0 ? { retryAfterSeconds: error.retryAfterSeconds } : {};
    return problem(error.kind, error.message, { extensions: retry });
  }
  if (error instanceof PqError) {
    if (error.status === "KEYSTORE_UNAVAILABLE") {
      return problem("keystore-unavailable", "The keystore device does not answer; retry later.");
    }
    if (CLIENT_STATUSES.has(error.status)) {
      // The status name is part of the stable contract; Rust's message carries no secrets.
      return problem("invalid-crypto-input", `The input was refused: ${error.status}.`, {
        extensions: { code: error.status },
      });
    }
  }
  if (isStorageUnavailable(error)) {
    return problem("storage-unavailable", "The database cannot be used right now; retry later.");
  }
  return undefined;
}
