/**
 * The sync routes that move sealed data: send and fetch bundles, store backups, recover.
 * All need `sync:device`.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import type { AuditEnv } from "../../http/audit-middleware.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { validationHook } from "../../http/validation.ts";
import type { SyncService } from "../../services/sync/sync-service.ts";
import { challengeJson } from "./sync.handlers.ts";
import { DEVICE_PROBLEMS, STATEMENT_PROBLEMS, tags } from "./sync.openapi.ts";
import {
  AccountParams,
  BackupBody,
  BackupParams,
  BundleBody,
  DeviceParams,
  RecoverBody,
  RecoveredBody,
  RecoveryChallengeBody,
  RecoveryChallengeRequestBody,
  SendBundleBody,
  SignedChallengeBody,
} from "./sync.schemas.ts";

const b64OrNull = (bytes: Uint8Array | null) => bytes === null ? null : toBase64Url(bytes);

const sendBundle = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/bundles",
  audit: { action: "sync.bundles.send" },
  problems: [...STATEMENT_PROBLEMS, "sync-bundle-malformed"],
  tags,
  summary: "Upload the account bundle sealed to a trusted recipient for the current epoch (bundle statement)",
  request: { params: AccountParams, body: json(SendBundleBody) },
  responses: { 201: { description: "Stored" } },
});
const fetchBundle = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/devices/{deviceId}/bundle",
  audit: { action: "sync.bundles.fetch" },
  problems: [...STATEMENT_PROBLEMS, "sync-bundle-not-found"],
  tags,
  summary: "Fetch the bundle sealed to this device for the current epoch (fetch statement)",
  request: { params: DeviceParams, body: json(SignedChallengeBody) },
  responses: { 200: ok("The sealed bundle and its sender's signature", BundleBody) },
});
const storeBackup = apiRoute({
  method: "put",
  path: "/v1/sync/accounts/{accountId}/backups/{method}",
  audit: { action: "sync.backups.store" },
  problems: [...STATEMENT_PROBLEMS, "sync-backup-malformed", "sync-kdf-too-weak", "invalid-crypto-input"],
  tags,
  summary: "Store the account's backup blob and recovery verifier key (backup statement)",
  request: { params: BackupParams, body: json(BackupBody) },
  responses: { 200: { description: "Stored" } },
});
const recoveryChallenge = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/recovery/challenges",
  audit: { action: "sync.recovery.challenge" },
  problems: [...DEVICE_PROBLEMS, "sync-backup-not-found", "sync-backup-stale", "sync-recovery-rate-limited"],
  tags,
  summary: "A recovery challenge (rate limited per account) with the password method's KDF parameters",
  request: { params: AccountParams, body: json(RecoveryChallengeRequestBody) },
  responses: {
    201: ok("The challenge", RecoveryChallengeBody, {
      recover: link("syncRecoveryRecover", "Recover with the challenge", {
        parameters: { accountId: "$request.path.accountId" },
        requestBody: {
          method: "$request.body#/method",
          deviceId: "$request.body#/deviceId",
          challengeId: "$response.body#/id",
        },
      }),
    }),
  },
});
const recover = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/recovery",
  audit: { action: "sync.recovery.recover" },
  problems: [
    ...STATEMENT_PROBLEMS,
    "sync-backup-not-found",
    "sync-backup-stale",
    "sync-backup-malformed",
    "sync-recovery-proof-invalid",
    "keystore-unavailable",
  ],
  tags,
  summary: "Trust a verified device by a recover statement signed with the recovery verifier key",
  request: { params: AccountParams, body: json(RecoverBody) },
  responses: { 200: ok("Trusted, with the backup blob", RecoveredBody) },
});

/** The bundle, backup and recovery routes. */
export function syncDataRoutes(sync: SyncService): OpenAPIHono<AuthEnv & AuditEnv> {
  return new OpenAPIHono<AuthEnv & AuditEnv>({ defaultHook: validationHook })
    .openapi(sendBundle, async (c) => {
      const { owner } = authorize(c, "sync:device");
      const body = c.req.valid("json");
      c.set("audit", { syncDeviceId: body.senderId });
      await sync.bundles.send(owner, c.req.valid("param").accountId, body);
      return c.body(null, 201);
    })
    .openapi(fetchBundle, async (c) => {
      const { owner } = authorize(c, "sync:device");
      const { accountId, deviceId } = c.req.valid("param");
      const bundle = await sync.bundles.fetch(owner, accountId, deviceId, c.req.valid("json"));
      c.set("audit", { syncDeviceId: deviceId });
      return c.json({
        epoch: bundle.epoch,
        senderId: bundle.senderId,
        sealed: toBase64Url(bundle.sealed),
        signature: b64OrNull(bundle.signature),
        nonce: b64OrNull(bundle.nonce),
      }, 200);
    })
    .openapi(storeBackup, async (c) => {
      const { owner } = authorize(c, "sync:device");
      const { accountId, method } = c.req.valid("param");
      const body = c.req.valid("json");
      c.set("audit", { syncDeviceId: body.deviceId });
      await sync.recovery.store(owner, accountId, method, body);
      return c.body(null, 200);
    })
    .openapi(recoveryChallenge, async (c) => {
      const { owner, tokenId } = authorize(c, "sync:device");
      const body = c.req.valid("json");
      c.set("audit", { syncDeviceId: body.deviceId });
      const issued = await sync.recovery.challenge(owner, c.req.valid("param").accountId, body, tokenId);
      const kdf = issued.kdf === null ? null : { ...issued.kdf, salt: toBase64Url(issued.kdf.salt) };
      return c.json({ ...challengeJson(issued), kdf }, 201);
    })
    .openapi(recover, async (c) => {
      const { owner, tokenId } = authorize(c, "sync:device");
      const body = c.req.valid("json");
      c.set("audit", { syncDeviceId: body.deviceId });
      const recovered = await sync.recovery.recover(owner, c.req.valid("param").accountId, body, tokenId);
      return c.json({ ...recovered, blob: toBase64Url(recovered.blob) }, 200);
    });
}
