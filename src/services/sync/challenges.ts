/**
 * Challenges and signed statements: every device-driven change answers a single-use,
 * expiring challenge bound to (account, device or none, purpose, epoch at issue) with a
 * hybrid signature over a statement that contains its nonce.
 *
 * The order is fixed: load and pre-check the challenge (specific 4xx for a foreign, used or
 * expired one), check the epoch, verify the signature (an invalid one does not burn the
 * challenge), then {@link consumeChallenge} inside the transaction that makes the change, so
 * of two racing requests exactly one succeeds and the other gets `sync-challenge-used`.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import { NONCE_BYTES, type Statement, statementContext, statementMessage } from "../../common/sync.ts";
import { hybridVerify } from "../../common/hybrid.ts";
import { later, type StatementSigner, type SyncDeps } from "./deps.ts";
import { SyncError, type SyncErrorKind } from "./errors.ts";

/** What a challenge is for; recovery challenges (no device) are `recover-<method>`. */
export type ChallengePurpose =
  | "possession"
  | "approve"
  | "bundle"
  | "fetch"
  | "revoke"
  | "backup"
  | "recover-password"
  | "recover-shares";

/** A challenge as the client receives it. */
export interface ChallengeView {
  readonly id: string;
  readonly nonce: Uint8Array;
  readonly epoch: number;
  readonly expiresAt: Date;
}

/** The row of a fresh challenge (to insert, alone or with other rows). */
export function newChallenge(
  deps: SyncDeps,
  account: repo.AccountRow,
  deviceId: string | null,
  purpose: ChallengePurpose,
): repo.ChallengeRow {
  return {
    id: crypto.randomUUID(),
    accountId: account.id,
    deviceId,
    purpose,
    nonce: deps.pq.randomBytes(NONCE_BYTES),
    epoch: account.epoch,
    expiresAt: later(deps, deps.settings.challengeTtlSeconds),
    usedAt: null,
    createdAt: deps.clock.now(),
  };
}

/** The client's view of a challenge row. */
export function challengeView(row: repo.ChallengeRow): ChallengeView {
  return { id: row.id, nonce: row.nonce, epoch: row.epoch, expiresAt: row.expiresAt };
}

/** Issues and stores a challenge. */
export async function issueChallenge(
  deps: SyncDeps,
  account: repo.AccountRow,
  deviceId: string | null,
  purpose: ChallengePurpose,
): Promise<ChallengeView> {
  const row = newChallenge(deps, account, deviceId, purpose);
  await repo.insertChallenge(deps.db, row);
  return challengeView(row);
}

/**
 * The challenge `id`, if it was issued to `deviceId` for `purpose`, is unused, unexpired and
 * (unless `anyEpoch`) of the account's current epoch.
 *
 * @throws {SyncError} `sync-challenge-not-found`, `sync-challenge-mismatch`, `sync-challenge-used`,
 * `sync-challenge-expired`, `sync-stale-epoch`.
 */
export async function openChallenge(
  deps: SyncDeps,
  account: repo.AccountRow,
  id: string,
  deviceId: string | null,
  purpose: ChallengePurpose,
  anyEpoch = false,
): Promise<repo.ChallengeRow> {
  const challenge = await repo.findChallenge(deps.db, account.id, id);
  if (challenge === undefined) throw new SyncError("sync-challenge-not-found", "no such challenge");
  if (challenge.deviceId !== deviceId || challenge.purpose !== purpose) {
    throw new SyncError("sync-challenge-mismatch", `the challenge was not issued for this device and ${purpose}`);
  }
  refuseSpent(challenge, deps.clock.now());
  if (!anyEpoch) requireEpoch(account.epoch, challenge.epoch);
  return challenge;
}

/**
 * Uses `challenge` inside the caller's transaction.
 *
 * @throws {SyncError} `sync-challenge-used` (a concurrent request won) or `sync-challenge-expired`.
 */
export async function consumeChallenge(
  deps: SyncDeps,
  tx: Database,
  challenge: repo.ChallengeRow,
): Promise<void> {
  const now = deps.clock.now();
  if (await repo.consumeChallenge(tx, challenge.id, now) !== undefined) return;
  refuseSpent({ ...challenge, usedAt: null }, now); // expired since it was opened?
  throw new SyncError("sync-challenge-used", "the challenge was already used");
}

/** Refuses a statement of another epoch. @throws {SyncError} `sync-stale-epoch`. */
export function requireEpoch(current: number, stated: number): void {
  if (stated !== current) {
    throw new SyncError("sync-stale-epoch", `the statement is for epoch ${stated}; the account is at ${current}`);
  }
}

/**
 * Verifies a hybrid signature over a statement (both halves must verify) under the signer's
 * stored `scheme` (the device's, or the backup's verifier key's): a scheme-1 signature of a
 * scheme-2 signer is refused like any wrong signature, and so is the reverse.
 *
 * @throws {SyncError} `kind` (default `sync-signature-invalid`).
 */
export function verifyStatement(
  deps: SyncDeps,
  signer: StatementSigner,
  statement: Statement,
  signature: Uint8Array,
  kind: SyncErrorKind = "sync-signature-invalid",
): void {
  const { publicKey, scheme } = signer;
  const valid = hybridVerify(
    deps.pq,
    scheme,
    publicKey,
    statementMessage(statement),
    signature,
    statementContext(statement.kind),
  );
  if (!valid) throw new SyncError(kind, `the ${statement.kind} statement's signature does not verify`);
}

function refuseSpent(challenge: repo.ChallengeRow, now: Date): void {
  if (challenge.usedAt !== null) throw new SyncError("sync-challenge-used", "the challenge was already used");
  if (challenge.expiresAt.getTime() <= now.getTime()) {
    throw new SyncError("sync-challenge-expired", "the challenge has expired; ask for a new one");
  }
}
