/**
 * The sync routes for accounts and devices: create and read accounts, register devices,
 * prove possession, issue challenges, approve, revoke. Admin calls need `sync:admin`,
 * device-driven calls `sync:device`; reading an account takes either. Bundle, backup and
 * recovery routes are in `sync-data.routes.ts`, mounted here.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import type { AuditEnv } from "../../http/audit-middleware.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { validationHook } from "../../http/validation.ts";
import type { SyncService } from "../../services/sync/sync-service.ts";
import { syncDataRoutes } from "./sync-data.routes.ts";
import { DEVICE_PROBLEMS, STATEMENT_PROBLEMS, SYNC_PROBLEMS, tags } from "./sync.openapi.ts";
import { accountJson, authorizeAny, challengeJson, requireTokenAccount } from "./sync.handlers.ts";
import {
  AccountBody,
  AccountParams,
  ApprovalBody,
  ChallengeBody,
  ChallengeRequestBody,
  CreateAccountBody,
  CreatedAccountBody,
  DeviceParams,
  EpochBody,
  PossessionBody,
  RegisterDeviceBody,
  RegisteredDeviceBody,
  RevokeBody,
  StatusBody,
} from "./sync.schemas.ts";

const samePath = { accountId: "$request.path.accountId", deviceId: "$request.path.deviceId" };
/** What follows a device's registration, status change or challenge: statements by that device. */
const deviceLinks = (parameters: Record<string, string>, body?: Record<string, string>) => ({
  possession: link("syncDevicesPossession", "Prove possession (signing the challenge)", {
    parameters,
    ...(body === undefined ? {} : { requestBody: body }),
  }),
  challenge: link("syncChallengesCreate", "Ask for the device's next challenge", { parameters }),
  approve: link("syncDevicesApprove", "Approve the device", { parameters }),
  revoke: link("syncDevicesRevoke", "Revoke the device", { parameters }),
  fetchBundle: link("syncBundlesFetch", "Fetch the bundle sealed to the device", {
    parameters,
    ...(body === undefined ? {} : { requestBody: body }),
  }),
});

const createAccount = apiRoute({
  method: "post",
  path: "/v1/sync/accounts",
  audit: { action: "sync.accounts.create" },
  problems: [...SYNC_PROBLEMS, "keystore-unavailable"],
  tags,
  summary: "Create a sync account (epoch 1) and its single-use bootstrap token",
  request: { body: json(CreateAccountBody) },
  responses: {
    201: ok("The account and its bootstrap token (shown once)", CreatedAccountBody, {
      read: link("syncAccountsRead", "Read the account", { parameters: { accountId: "$response.body#/id" } }),
      registerDevice: link("syncDevicesRegister", "Register a device (the bootstrap token trusts the first)", {
        parameters: { accountId: "$response.body#/id" },
      }),
    }),
  },
});
const getAccount = apiRoute({
  method: "get",
  path: "/v1/sync/accounts/{accountId}",
  audit: { action: "sync.accounts.read" },
  problems: SYNC_PROBLEMS,
  tags,
  summary: "An account with every device's public keys, status and approval (to check the chain)",
  request: { params: AccountParams },
  responses: { 200: ok("The account", AccountBody) },
});
const registerDevice = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/devices",
  audit: { action: "sync.devices.register" },
  problems: [...SYNC_PROBLEMS, "sync-device-state", "invalid-crypto-input"],
  tags,
  summary: "Register a device's public keys (pending) and get its possession challenge",
  request: { params: AccountParams, body: json(RegisterDeviceBody) },
  responses: {
    201: ok(
      "The pending device",
      RegisteredDeviceBody,
      deviceLinks({
        accountId: "$request.path.accountId",
        deviceId: "$response.body#/id",
      }, { challengeId: "$response.body#/challenge/id" }),
    ),
  },
});
const possession = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/devices/{deviceId}/possession",
  audit: { action: "sync.devices.possession" },
  problems: [...STATEMENT_PROBLEMS, "sync-bootstrap-invalid"],
  tags,
  summary: "Prove possession (possession statement); trusted with the bootstrap token, else verified",
  request: { params: DeviceParams, body: json(PossessionBody) },
  responses: { 200: ok("The device's status", StatusBody, deviceLinks(samePath)) },
});
const challenge = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/devices/{deviceId}/challenges",
  audit: { action: "sync.challenges.create" },
  problems: DEVICE_PROBLEMS,
  tags,
  summary: "A single-use challenge for the device's next statement",
  request: { params: DeviceParams, body: json(ChallengeRequestBody) },
  responses: { 201: ok("The challenge", ChallengeBody, deviceLinks(samePath, { challengeId: "$response.body#/id" })) },
});
const approve = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/devices/{deviceId}/approval",
  audit: { action: "sync.devices.approve" },
  problems: [...STATEMENT_PROBLEMS, "keystore-unavailable", "invalid-crypto-input"],
  tags,
  summary: "A trusted device approves this verified device (approve statement)",
  request: { params: DeviceParams, body: json(ApprovalBody) },
  responses: { 200: ok("Trusted", StatusBody, deviceLinks(samePath)) },
});
const revoke = apiRoute({
  method: "post",
  path: "/v1/sync/accounts/{accountId}/devices/{deviceId}/revoke",
  audit: { action: "sync.devices.revoke" },
  problems: STATEMENT_PROBLEMS,
  tags,
  summary: "Revoke a device (revoke statement of a trusted device, or {} with sync:admin); the epoch rises",
  request: { params: DeviceParams, body: json(RevokeBody) },
  responses: { 200: ok("The new epoch", EpochBody) },
});

/** Every sync route. */
export function syncRoutes(sync: SyncService): OpenAPIHono<AuthEnv & AuditEnv> {
  const app = new OpenAPIHono<AuthEnv & AuditEnv>({ defaultHook: validationHook });
  // First, so it guards every route below, the data routes included.
  app.use("/v1/sync/*", requireTokenAccount());
  return app
    .openapi(createAccount, async (c) => {
      const { owner } = authorize(c, "sync:admin");
      const body = c.req.valid("json");
      const { account, bootstrapToken } = await sync.accounts.create(owner, {
        name: body.name,
        custodial: body.custodial ?? false,
      });
      c.set("audit", { syncAccountId: account.id });
      const { id, name, epoch, custodial } = account;
      return c.json({ id, name, epoch, custodial, bootstrapToken }, 201);
    })
    .openapi(getAccount, async (c) => {
      const principal = authorizeAny(c, ["sync:admin", "sync:device"]);
      // A device token reads only accounts it registered a device in; an admin token reads all of its owner's.
      const tokenId = principal.scopes.includes("sync:admin") ? undefined : principal.tokenId;
      return c.json(
        accountJson(await sync.accounts.get(principal.owner, c.req.valid("param").accountId, tokenId)),
        200,
      );
    })
    .openapi(registerDevice, async (c) => {
      const { owner, tokenId } = authorize(c, "sync:device");
      const { accountId } = c.req.valid("param");
      const device = await sync.accounts.register(owner, accountId, c.req.valid("json"), tokenId);
      c.set("audit", { syncDeviceId: device.id });
      return c.json({ ...device, challenge: challengeJson(device.challenge) }, 201);
    })
    .openapi(possession, async (c) => {
      const { owner } = authorize(c, "sync:device");
      const { accountId, deviceId } = c.req.valid("param");
      return c.json(await sync.accounts.provePossession(owner, accountId, deviceId, c.req.valid("json")), 200);
    })
    .openapi(challenge, async (c) => {
      const { owner, tokenId } = authorize(c, "sync:device");
      const { accountId, deviceId } = c.req.valid("param");
      const issued = await sync.accounts.challenge(owner, accountId, deviceId, c.req.valid("json").purpose, tokenId);
      return c.json(challengeJson(issued), 201);
    })
    .openapi(approve, async (c) => {
      const { owner } = authorize(c, "sync:device");
      const { accountId, deviceId } = c.req.valid("param");
      return c.json(await sync.accounts.approve(owner, accountId, deviceId, c.req.valid("json")), 200);
    })
    .openapi(revoke, async (c) => {
      const body = c.req.valid("json");
      const by = "revokerId" in body ? body as Exclude<typeof body, Record<string, never>> : "admin";
      const { owner } = authorize(c, by === "admin" ? "sync:admin" : "sync:device");
      const { accountId, deviceId } = c.req.valid("param");
      return c.json(await sync.revocations.revoke(owner, accountId, deviceId, by), 200);
    })
    .route("/", syncDataRoutes(sync));
}
