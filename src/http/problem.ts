/**
 * RFC 9457 problem details: every error response of the API has this shape and the media
 * type `application/problem+json`.
 *
 * `type` is a stable identifier clients may switch on; `title` is fixed per type; `detail`
 * explains this occurrence and must never carry internals (paths, stack traces, native
 * messages meant for operators).
 *
 * @module
 */

/** The problem types this service emits. Append only: clients match on `type`. */
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
} as const satisfies Record<string, { status: number; title: string }>;

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

/** Serialises a problem as an `application/problem+json` response. */
export function problemResponse(body: Problem, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers);
  merged.set("content-type", PROBLEM_MEDIA_TYPE);
  return new Response(JSON.stringify(body), { status: body.status, headers: merged });
}

/**
 * The problem kind a response carries, read from its `type`; `undefined` for a response that
 * is no problem or names no known type. Reads a clone, so the body still reaches the client.
 */
export async function problemKindOf(res: Response): Promise<ProblemKind | undefined> {
  if (res.headers.get("content-type") !== PROBLEM_MEDIA_TYPE) return undefined;
  try {
    const { type } = (await res.clone().json()) as { type?: unknown };
    return (Object.keys(PROBLEM_TYPES) as ProblemKind[]).find((kind) => problemType(kind) === type);
  } catch {
    return undefined;
  }
}
