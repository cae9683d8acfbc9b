/**
 * JSON views of sync results, the scope check that accepts either sync scope, and the account
 * scope of tokens bound to one sync account.
 *
 * @module
 */

import type { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AuthEnv } from "../../http/auth.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { AuthError } from "../../services/auth/errors.ts";
import { SyncError } from "../../services/sync/errors.ts";
import { allows, type Principal, type Scope } from "../../services/auth/scopes.ts";
import type { ChallengeView } from "../../services/sync/challenges.ts";
import type { AccountView, BackupView, DeviceView } from "../../services/sync/views.ts";
import type { BackupStatement } from "../../common/sync.ts";
import type { AccountBody, ChallengeBody } from "./sync.schemas.ts";

const b64OrNull = (bytes: Uint8Array | null) => bytes === null ? null : toBase64Url(bytes);

/** A challenge as the API returns it. */
export function challengeJson(challenge: ChallengeView): z.infer<typeof ChallengeBody> {
  return {
    id: challenge.id,
    nonce: toBase64Url(challenge.nonce),
    epoch: challenge.epoch,
    expiresAt: challenge.expiresAt.toISOString(),
  };
}

function statementJson(b: BackupStatement) {
  return {
    uploaderId: b.uploaderId,
    epoch: b.epoch,
    method: b.method,
    blobDigest: toBase64Url(b.blobDigest),
    verifierPublicKey: toBase64Url(b.verifierPublicKey),
    verifierScheme: b.verifierScheme,
    kdf: toBase64Url(b.kdf),
    nonce: toBase64Url(b.nonce),
    signature: toBase64Url(b.signature),
  };
}

function backupJson(backup: BackupView) {
  return {
    method: backup.method,
    stale: backup.stale,
    statement: backup.statement === null ? null : statementJson(backup.statement),
  };
}

function deviceJson(device: DeviceView) {
  return {
    id: device.id,
    name: device.name,
    status: device.status,
    fingerprint: device.fingerprint,
    signingPublicKey: toBase64Url(device.signingPublicKey),
    kemPublicKey: toBase64Url(device.kemPublicKey),
    signatureScheme: device.signatureScheme,
    approval: device.approval === null ? null : {
      approverId: device.approval.approverId,
      epoch: device.approval.epoch,
      nonce: b64OrNull(device.approval.nonce),
      signature: b64OrNull(device.approval.signature),
      backup: device.approval.backup === null ? null : statementJson(device.approval.backup),
    },
    revokedEpoch: device.revokedEpoch,
    createdAt: device.createdAt.toISOString(),
  };
}

/** An account as the API returns it. */
export function accountJson(account: AccountView): z.infer<typeof AccountBody> {
  const { id, name, epoch, custodial } = account;
  return {
    id,
    name,
    epoch,
    custodial,
    devices: account.devices.map(deviceJson),
    backups: account.backups.map(backupJson),
  };
}

/** The principal, if its token has any of `scopes`. @throws {AuthError} `forbidden`. */
export function authorizeAny<E extends AuthEnv>(c: Context<E>, scopes: readonly Scope[]): Principal {
  const principal = (c as unknown as Context<AuthEnv>).get("principal");
  if (!scopes.some((scope) => allows(principal, scope))) {
    throw new AuthError("forbidden", `This token needs one of the scopes ${scopes.join(", ")}.`);
  }
  return principal;
}

/** `/v1/sync/accounts` and the account id after it, if any. */
const ACCOUNT_PATH = /^\/v1\/sync\/accounts(?:\/([^/]*))?/;

/**
 * Guards every sync route: a token scoped to one sync account (`Principal.syncAccount`) acts
 * on that account only. Any other account id in the path, and creating an account, is refused
 * before the route runs, so nothing of another account is read or spent (its recovery budget).
 * Owner-wide tokens pass unchanged (their device tokens are then held to the devices they
 * registered: `requireRegisteredBy`, `requireEnrolledToken`).
 *
 * @throws {SyncError} `sync-token-wrong-account`.
 */
export function requireTokenAccount(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { syncAccount } = c.get("principal");
    const match = ACCOUNT_PATH.exec(c.req.path);
    if (syncAccount !== null && match !== null && match[1] !== syncAccount) {
      throw new SyncError(
        "sync-token-wrong-account",
        match[1] === undefined || match[1] === ""
          ? "this token acts on one sync account only: it cannot create accounts"
          : "this token acts on another sync account",
      );
    }
    await next();
  };
}
