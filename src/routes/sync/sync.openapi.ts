/**
 * OpenAPI pieces both sync route files share: the error responses, each naming the problem
 * types a sync route gives with that status (the normative list, with the order of checks, is
 * docs/sync-protocol.md).
 *
 * @module
 */

import { ProblemBody, problemResponses } from "../../http/openapi.ts";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemBody } },
});

/** Error responses of the sync routes. */
export const syncProblems = {
  ...problemResponses,
  401: problem(
    "`unauthorized`: missing or invalid bearer token; or `sync-signature-invalid`: the token was fine but the " +
      "device's (or recovery verifier key's) hybrid signature over the statement does not verify",
  ),
  403: problem(
    "`forbidden` (the token lacks the scope), `sync-token-not-enrolled` (a device token acting through a device " +
      "it did not register, or reading an account where it registered none), `sync-token-wrong-account` (a token " +
      "scoped to one sync account addressing another, or creating an account), `sync-challenge-mismatch`, " +
      "`sync-device-revoked`, `sync-device-not-trusted`, `sync-bootstrap-invalid`, `sync-recovery-proof-invalid`",
  ),
  404: problem(
    "`sync-account-not-found`, `sync-device-not-found`, `sync-challenge-not-found`, `sync-bundle-not-found`, " +
      "`sync-backup-not-found`",
  ),
  409: problem("`sync-challenge-used`, `sync-stale-epoch`, `sync-device-state`, `sync-backup-stale`"),
  410: problem("`sync-challenge-expired`"),
  422: problem(
    "`invalid-crypto-input` with `code` `INVALID_KEY` (a public key that does not import: ML-KEM modulus; Ed25519 " +
      "point not canonical or of small order), `sync-bundle-malformed`, `sync-backup-malformed`, `sync-kdf-too-weak`",
  ),
  429: problem(
    "`rate-limited` (the token's request rate), `sync-recovery-rate-limited` (recovery challenges per account)",
  ),
};
/** The OpenAPI tag of the sync routes. */
export const tags = ["sync"];
