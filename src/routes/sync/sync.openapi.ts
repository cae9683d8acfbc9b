/**
 * OpenAPI pieces both sync route files share: the refusals of the sync routes as problem kinds
 * (the error responses are computed from them; the normative list, with the order of checks,
 * is docs/sync-protocol.md).
 *
 * @module
 */

import type { ProblemKind } from "../../http/problem.ts";

/** Every sync route: the account guard (`requireTokenAccount`), the account and the token's enrolment. */
export const SYNC_PROBLEMS: readonly ProblemKind[] = [
  "sync-token-wrong-account",
  "sync-token-not-enrolled",
  "sync-account-not-found",
];

/** A route acting through a device. */
export const DEVICE_PROBLEMS: readonly ProblemKind[] = [
  ...SYNC_PROBLEMS,
  "sync-device-not-found",
  "sync-device-revoked",
  "sync-device-not-trusted",
  "sync-device-state",
];

/** A route taking a signed statement over a challenge. */
export const STATEMENT_PROBLEMS: readonly ProblemKind[] = [
  ...DEVICE_PROBLEMS,
  "sync-challenge-not-found",
  "sync-challenge-mismatch",
  "sync-challenge-used",
  "sync-challenge-expired",
  "sync-signature-invalid",
  "sync-stale-epoch",
];

/** The OpenAPI tag of the sync routes. */
export const tags = ["sync"];
