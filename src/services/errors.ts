/**
 * The one error model of the domain: every refusal a service makes is a {@link DomainError}
 * with a stable `kind`, optional machine-readable `extensions` and a retry hint. The HTTP
 * layer maps it to problem+json in one place (`src/http/errors.ts`), by kind, and knows no
 * feature's error class.
 *
 * Faults that arrive from below in a foreign shape (the binding's `PqError`, a database
 * outage) are classified here by {@link domainErrorOf}, so neither the binding's error type
 * nor the database's reaches routes or HTTP code. Anything it does not classify is an
 * internal fault.
 *
 * @module
 */

import { PqError } from "../../ffi/mod.ts";
import { isStorageUnavailable } from "../db/storage-faults.ts";
import type { AuthErrorKind } from "./auth/errors.ts";
import type { DataKeyErrorKind } from "./data-keys/errors.ts";
import type { EncryptionErrorKind } from "./encryption/errors.ts";
import type { KeyErrorKind } from "./keys/errors.ts";
import type { MacErrorKind } from "./macs/errors.ts";
import type { SessionErrorKind } from "./sessions/errors.ts";
import type { SyncErrorKind } from "./sync/errors.ts";

/** Refusals classified from faults below the services: native input errors and outages. */
export type FaultKind = "invalid-crypto-input" | "keystore-unavailable" | "storage-unavailable";

/** Every kind of refusal the domain makes. Stable: each is a problem type of the same name. */
export type DomainErrorKind =
  | AuthErrorKind
  | DataKeyErrorKind
  | EncryptionErrorKind
  | FaultKind
  | KeyErrorKind
  | MacErrorKind
  | SessionErrorKind
  | SyncErrorKind;

/** Options of {@link DomainError}. */
export interface DomainErrorOptions {
  /** Machine-readable members for the client (e.g. `{ code: "INVALID_LENGTH" }`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** When a new attempt may succeed, in seconds (rate limits); 0 for no hint. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/**
 * An expected refusal. Carries names, ids, sizes and codes only: never key material,
 * secrets or payloads, since its message becomes the problem's `detail`.
 */
export class DomainError<K extends DomainErrorKind = DomainErrorKind> extends Error {
  override readonly name: string = "DomainError";
  readonly kind: K;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds: number;

  constructor(kind: K, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds ?? 0;
  }
}

/** Native statuses caused by the client's input (argument and key-material codes): 422. */
const CLIENT_STATUSES: ReadonlySet<string> = new Set([
  "INVALID_LENGTH",
  "CONTEXT_TOO_LONG",
  "INVALID_ARGUMENT",
  "INPUT_TOO_LARGE",
  "INVALID_KEY",
  "UNSUPPORTED_OPERATION",
  "NON_CONTRIBUTORY",
]);

/**
 * `error` as a refusal, or `undefined` for an internal fault. Domain errors are themselves;
 * native client-input statuses are `invalid-crypto-input` with their status name as `code`;
 * `KEYSTORE_UNAVAILABLE` is `keystore-unavailable`; database outages (full disk, server
 * down) are `storage-unavailable`: retrying later helps, and nothing is wrong with the
 * request. Handle, internal and other keystore codes are our own fault and stay internal.
 */
export function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof PqError) {
    if (error.status === "KEYSTORE_UNAVAILABLE") {
      return new DomainError("keystore-unavailable", "The keystore device does not answer; retry later.", {
        cause: error,
      });
    }
    if (CLIENT_STATUSES.has(error.status)) {
      // The status name is part of the stable contract; Rust's message carries no secrets.
      return new DomainError("invalid-crypto-input", `The input was refused: ${error.status}.`, {
        extensions: { code: error.status },
        cause: error,
      });
    }
  }
  if (isStorageUnavailable(error)) {
    return new DomainError("storage-unavailable", "The database cannot be used right now; retry later.", {
      cause: error,
    });
  }
  return undefined;
}
