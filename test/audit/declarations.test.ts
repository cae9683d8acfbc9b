/**
 * Every `/v1` route declares its audit action next to its definition (`apiRoute({ audit })`);
 * the middleware derives no names. The table below is the contract operators query the log
 * by: a route without a declaration, or a renamed action, fails here.
 *
 * @module
 */

import { createApp } from "../../src/app.ts";
import { auditDeclarationOf } from "../../src/http/audit-middleware.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";

const ACTIONS: Readonly<Record<string, string>> = {
  "POST /v1/keys": "keys.create body",
  "GET /v1/keys": "keys.list none",
  "GET /v1/keys/:name": "keys.read path",
  "POST /v1/keys/:name/rotate": "keys.rotate path",
  "PATCH /v1/keys/:name/config": "keys.configure path",
  "POST /v1/keys/:name/sign": "keys.sign path",
  "POST /v1/keys/:name/verify": "keys.verify path",
  "POST /v1/keys/import": "keys.import body",
  "POST /v1/keys/import-params": "keys.import-params none",
  "POST /v1/keys/:name/deletion": "keys.schedule-deletion path",
  "DELETE /v1/keys/:name/deletion": "keys.cancel-deletion path",
  "POST /v1/keys/:name/sign-batch": "keys.sign-batch path",
  "POST /v1/keys/:name/verify-batch": "keys.verify-batch path",
  "POST /v1/keys/:name/data-key": "data-keys.generate path",
  "POST /v1/keys/:name/data-key/unwrap": "data-keys.unwrap path",
  "POST /v1/keys/:name/encrypt": "keys.encrypt path",
  "POST /v1/keys/:name/decrypt": "keys.decrypt path",
  "POST /v1/keys/:name/rewrap": "keys.rewrap path",
  "POST /v1/keys/:name/encrypt-batch": "keys.encrypt-batch path",
  "POST /v1/keys/:name/decrypt-batch": "keys.decrypt-batch path",
  "POST /v1/keys/:name/rewrap-batch": "keys.rewrap-batch path",
  "POST /v1/keys/:name/hmac": "keys.hmac path",
  "POST /v1/keys/:name/hmac/verify": "keys.hmac-verify path",
  "POST /v1/keys/:name/hmac-batch": "keys.hmac-batch path",
  "POST /v1/keys/:name/hmac/verify-batch": "keys.hmac-verify-batch path",
  "POST /v1/keystore/root/rotate": "keystore.rotate none",
  "POST /v1/keystore/root/finish": "keystore.finish none",
  "POST /v1/sessions": "sessions.create none",
  "POST /v1/sessions/:id/confirm": "sessions.confirm none",
  "POST /v1/sessions/:id/seal": "sessions.seal none",
  "POST /v1/sessions/:id/open": "sessions.open none",
  "DELETE /v1/sessions/:id": "sessions.end none",
  "POST /v1/tokens": "tokens.create none",
  "GET /v1/tokens": "tokens.list none",
  "DELETE /v1/tokens/:id": "tokens.revoke none",
  "POST /v1/tokens/:id/renew": "tokens.renew none",
  "GET /v1/audit/verify": "audit.verify none",
  "POST /v1/sync/accounts": "sync.accounts.create none",
  "GET /v1/sync/accounts/:accountId": "sync.accounts.read none",
  "POST /v1/sync/accounts/:accountId/devices": "sync.devices.register none",
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/possession": "sync.devices.possession none",
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/challenges": "sync.challenges.create none",
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/approval": "sync.devices.approve none",
  "POST /v1/sync/accounts/:accountId/bundles": "sync.bundles.send none",
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/bundle": "sync.bundles.fetch none",
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/revoke": "sync.devices.revoke none",
  "PUT /v1/sync/accounts/:accountId/backups/:method": "sync.backups.store none",
  "POST /v1/sync/accounts/:accountId/recovery/challenges": "sync.recovery.challenge none",
  "POST /v1/sync/accounts/:accountId/recovery": "sync.recovery.recover none",
};

test("every /v1 route declares its audit action and key-name source, and none is renamed", () => {
  // Building the app only wires the routes: no service is called, so none is needed.
  const service = {} as never;
  const app = createApp({
    native: service,
    api: {
      keys: service,
      tokens: service,
      limiter: service,
      anonymousLimiter: service,
      audit: service,
      sessions: service,
      dataKeys: service,
      encryption: service,
      imports: service,
      macs: service,
      rootKey: service,
      sync: service,
    },
  });
  const routes = new Map<string, string | undefined>();
  for (const { method, path, handler } of app.routes) {
    if (method === "ALL" || !path.startsWith("/v1/")) continue;
    const key = `${method} ${path}`;
    const declared = auditDeclarationOf(handler);
    const found = declared === undefined ? undefined : `${declared.action} ${declared.keyName ?? "none"}`;
    routes.set(key, routes.get(key) ?? found);
  }
  assert.deepStrictEqual(Object.fromEntries(routes), ACTIONS);
});
