/**
 * RFC 9457 problem details: every error response of the API has this shape and the media
 * type `application/problem+json`.
 *
 * `type` is a stable identifier clients may switch on; `title` is fixed per type; `detail`
 * explains this occurrence and must never carry internals (paths, stack traces, native
 * messages meant for operators).
 *
 * Every problem response is built by {@link problemResponse}, which remembers the kind it
 * answered with on the request's context: the audit trail and request log read it there
 * ({@link answeredProblem}) instead of parsing the body back.
 *
 * @module
 */

import type { Context } from "hono";
import type { DomainErrorKind } from "../services/errors.ts";

/** Problem kinds only the HTTP layer raises (routing, validation, limits, health, faults). */
export type HttpProblemKind =
  | "not-found"
  | "bad-request"
  | "http-error"
  | "not-ready"
  | "internal"
  | "validation"
  | "payload-too-large"
  | "token-not-found"
  | "audit-unavailable"
  | "method-not-allowed"
  | "unsupported-media-type";

/**
 * The problem types this service emits: one per domain refusal kind and per HTTP-only kind (a
 * kind without an entry does not compile). Append only: clients match on `type`.
 */
export const PROBLEM_TYPES = {
  "not-found": { status: 404, title: "Not Found" },
  "bad-request": { status: 400, title: "Bad Request" },
  "http-error": { status: 400, title: "HTTP Error" },
  "not-ready": { status: 503, title: "Service Not Ready" },
  "internal": { status: 500, title: "Internal Server Error" },
  "validation": { status: 400, title: "Invalid Request" },
  "key-not-found": { status: 404, title: "Key Not Found" },
  "key-exists": { status: 409, title: "Key Already Exists" },
  "version-not-found": { status: 404, title: "Key Version Not Found" },
  "version-disabled": { status: 409, title: "Key Version Disabled" },
  "wrong-key-purpose": { status: 422, title: "Wrong Key Purpose" },
  "unsupported-algorithm": { status: 422, title: "Unsupported Algorithm" },
  "conflict": { status: 409, title: "Conflict" },
  "invalid-config": { status: 422, title: "Invalid Key Configuration" },
  "invalid-crypto-input": { status: 422, title: "Invalid Cryptographic Input" },
  "keystore-unavailable": { status: 503, title: "Keystore Unavailable" },
  "unauthorized": { status: 401, title: "Unauthorized" },
  "forbidden": { status: 403, title: "Forbidden" },
  "rate-limited": { status: 429, title: "Too Many Requests" },
  "payload-too-large": { status: 413, title: "Payload Too Large" },
  "token-not-found": { status: 404, title: "Token Not Found" },
  "deletion-not-allowed": { status: 409, title: "Deletion Not Allowed" },
  "key-pending-deletion": { status: 409, title: "Key Pending Deletion" },
  "session-not-found": { status: 404, title: "Session Not Found" },
  "session-expired": { status: 410, title: "Session Expired" },
  "session-confirmation-failed": { status: 422, title: "Session Confirmation Failed" },
  "decryption-failed": { status: 422, title: "Decryption Failed" },
  "wrapped-key-malformed": { status: 422, title: "Malformed Wrapped Key" },
  "sync-account-not-found": { status: 404, title: "Sync Account Not Found" },
  "sync-device-not-found": { status: 404, title: "Sync Device Not Found" },
  "sync-challenge-not-found": { status: 404, title: "Sync Challenge Not Found" },
  "sync-challenge-mismatch": { status: 403, title: "Challenge Issued For Another Device Or Purpose" },
  "sync-challenge-used": { status: 409, title: "Challenge Already Used" },
  "sync-challenge-expired": { status: 410, title: "Challenge Expired" },
  "sync-signature-invalid": { status: 401, title: "Device Signature Invalid" },
  "sync-device-revoked": { status: 403, title: "Device Revoked" },
  "sync-device-not-trusted": { status: 403, title: "Device Not Trusted" },
  "sync-device-state": { status: 409, title: "Device In Wrong State" },
  "sync-stale-epoch": { status: 409, title: "Stale Account Epoch" },
  "sync-bootstrap-invalid": { status: 403, title: "Bootstrap Token Invalid" },
  "sync-bundle-not-found": { status: 404, title: "No Bundle For This Device And Epoch" },
  "sync-bundle-malformed": { status: 422, title: "Malformed Sealed Bundle" },
  "sync-backup-not-found": { status: 404, title: "No Backup For This Method" },
  "sync-backup-malformed": { status: 422, title: "Malformed Backup" },
  "sync-kdf-too-weak": { status: 422, title: "Password KDF Parameters Refused" },
  "sync-recovery-proof-invalid": { status: 403, title: "Recovery Proof Invalid" },
  "sync-recovery-rate-limited": { status: 429, title: "Too Many Recovery Attempts" },
  "storage-unavailable": { status: 503, title: "Storage Unavailable" },
  "scope-not-held": { status: 403, title: "Scope Not Held By The Creating Token" },
  "scope-operator-only": { status: 403, title: "Scope Granted Only By An Operator" },
  "key-pattern-not-contained": { status: 403, title: "Key Pattern Broader Than The Creating Token's" },
  "key-pattern-too-complex": { status: 422, title: "Key Pattern Too Complex" },
  "token-beyond-authority": { status: 403, title: "Token Beyond The Caller's Authority" },
  "sync-backup-stale": { status: 409, title: "Backup No Longer Valid: A Trusted Device Must Upload A New One" },
  "audit-unavailable": { status: 503, title: "Audit Unavailable" },
  "key-integrity-failed": { status: 409, title: "Key Integrity Check Failed" },
  "sync-token-not-enrolled": { status: 403, title: "This Token Has No Device In The Sync Account" },
  "token-sync-account-invalid": { status: 422, title: "Sync Account Not Allowed For This Token" },
  "token-sync-account-not-contained": { status: 403, title: "Sync Account Outside The Creating Token's" },
  "sync-token-wrong-account": { status: 403, title: "This Token Acts On Another Sync Account" },
  "method-not-allowed": { status: 405, title: "Method Not Allowed" },
  "unsupported-media-type": { status: 415, title: "Unsupported Media Type" },
  "last-admin-token": { status: 409, title: "Last Admin Token" },
  "key-disabled": { status: 409, title: "Key Disabled" },
  "token-expired": { status: 401, title: "Token Expired" },
  "token-lifetime-invalid": { status: 400, title: "Token Lifetime Not Allowed" },
  "ciphertext-malformed": { status: 422, title: "Malformed Ciphertext" },
  "message-limit-reached": { status: 409, title: "Key Version Message Limit Reached" },
  "mac-malformed": { status: 422, title: "Malformed MAC" },
  "import-token-invalid": { status: 422, title: "Import Token Unknown, Used, Expired Or For Another Algorithm" },
  "plaintext-import-disabled": { status: 403, title: "Plaintext Key Import Disabled: Use Wrapped Import" },
} as const satisfies Record<DomainErrorKind | HttpProblemKind, { status: number; title: string }>;

/** A problem type's short name. */
export type ProblemKind = keyof typeof PROBLEM_TYPES;

/** An RFC 9457 problem object, with optional extension members. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/** The media type of problem responses. */
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

/**
 * The `type` URI of a problem kind. A URN: stable and not dereferenced (RFC 9457 §3.1.1
 * allows non-resolvable URIs); the catalogue above is the documentation.
 */
export function problemType(kind: ProblemKind): string {
  return `urn:pqgate:problem:${kind}`;
}

/** Options of {@link problem}. */
export interface ProblemOptions {
  /** Overrides the kind's default status (used by `http-error`). */
  readonly status?: number;
  readonly instance?: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Builds a problem object; extensions cannot overwrite the standard members. */
export function problem(kind: ProblemKind, detail: string, options: ProblemOptions = {}): Problem {
  const { status, title } = PROBLEM_TYPES[kind];
  return {
    ...options.extensions,
    type: problemType(kind),
    title,
    status: options.status ?? status,
    detail,
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  };
}

/** Options of {@link problemResponse}. */
export interface ProblemResponseOptions extends ProblemOptions {
  /** Seconds for `retry-after` (the body is unchanged); see {@link retryAfter} for the defaults. */
  readonly retryAfterSeconds?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The problem kind each request was answered with. */
const answered = new WeakMap<Context, ProblemKind>();

/** Answers the request `c` with an `application/problem+json` response of `kind`. */
export function problemResponse(
  c: Context,
  kind: ProblemKind,
  detail: string,
  options: ProblemResponseOptions = {},
): Response {
  const body = problem(kind, detail, options);
  const headers = new Headers(options.headers);
  headers.set("content-type", PROBLEM_MEDIA_TYPE);
  const retry = retryAfter(body.status, options.retryAfterSeconds);
  if (retry !== undefined) headers.set("retry-after", retry);
  answered.set(c, kind);
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** The problem kind `c` was answered with, if it was answered with a problem. */
export function answeredProblem(c: Context): ProblemKind | undefined {
  return answered.get(c);
}

/**
 * `retry-after` for problems a client should retry: the given hint, else 5 s for outages
 * (503) and 1 s for rate limits (429); none for anything else.
 */
function retryAfter(status: number, seconds = 0): string | undefined {
  if (seconds > 0) return String(seconds);
  if (status === 503) return "5";
  if (status === 429) return "1";
  return undefined;
}
