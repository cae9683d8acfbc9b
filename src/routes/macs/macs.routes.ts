/**
 * The HMAC routes: compute and verify MACs under a named HMAC key, and their batch forms.
 * Scopes `keys:sign` (compute) and `keys:verify` (verify), as for signatures, each checked
 * against the key name.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import type { AuditEnv } from "../../http/audit-middleware.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { eachItem } from "../../http/batch.ts";
import { validationHook } from "../../http/validation.ts";
import { toBase64Url } from "../../common/base64url.ts";
import type { MacService } from "../../services/macs/mac-service.ts";
import { KeyParams } from "../keys/keys.schemas.ts";
import { KEY_USE_PROBLEMS } from "../keys/keys.routes.ts";
import {
  HmacBatchBody,
  HmacBody,
  HmacVerifyBatchBody,
  HmacVerifyBody,
  MacBatchResultBody,
  MacBody,
  MacVerdictBatchResultBody,
  MacVerdictBody,
} from "./macs.schemas.ts";

const tags = ["macs"];

const hmac = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/hmac",
  audit: { action: "keys.hmac", keyName: "path" },
  problems: KEY_USE_PROBLEMS,
  tags,
  summary: "Compute an HMAC under the latest version of an HMAC key",
  request: { params: KeyParams, body: json(HmacBody) },
  responses: {
    200: ok("The MAC", MacBody, {
      verify: link("keysHmacVerify", "Verify the MAC", {
        parameters: { name: "$request.path.name" },
        requestBody: { data: "$request.body#/data", mac: "$response.body#/mac" },
      }),
    }),
  },
});
const hmacVerify = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/hmac/verify",
  audit: { action: "keys.hmac-verify", keyName: "path" },
  problems: [...KEY_USE_PROBLEMS, "mac-malformed"],
  tags,
  summary: "Verify an HMAC with the version it names (constant-time)",
  request: { params: KeyParams, body: json(HmacVerifyBody) },
  responses: { 200: ok("The verdict", MacVerdictBody) },
});
const hmacBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/hmac-batch",
  audit: { action: "keys.hmac-batch", keyName: "path" },
  problems: [],
  tags,
  summary: "Compute up to 100 HMACs; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(HmacBatchBody) },
  responses: { 200: ok("Per-item results", MacBatchResultBody) },
});
const hmacVerifyBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/hmac/verify-batch",
  audit: { action: "keys.hmac-verify-batch", keyName: "path" },
  problems: [],
  tags,
  summary: "Verify up to 100 HMACs; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(HmacVerifyBatchBody) },
  responses: { 200: ok("Per-item verdicts", MacVerdictBatchResultBody) },
});

/** The HMAC routes. */
export function macRoutes(macs: MacService): OpenAPIHono<AuthEnv & AuditEnv> {
  return new OpenAPIHono<AuthEnv & AuditEnv>({ defaultHook: validationHook })
    .openapi(hmac, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:sign", name);
      const result = await macs.mac(owner, name, c.req.valid("json").data);
      c.set("audit", { keyVersion: result.version });
      return c.json({ mac: toBase64Url(result.mac), version: result.version }, 200);
    })
    .openapi(hmacVerify, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:verify", name);
      const { data, mac } = c.req.valid("json");
      const verdict = await macs.verify(owner, name, data, mac);
      c.set("audit", { keyVersion: verdict.version });
      return c.json(verdict, 200);
    })
    .openapi(hmacBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:sign", name);
      const results = await eachItem(c.req.valid("json").items, async ({ data }) => {
        const { mac, version } = await macs.mac(owner, name, data);
        return { mac: toBase64Url(mac), version };
      });
      return c.json({ results }, 200);
    })
    .openapi(hmacVerifyBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:verify", name);
      const results = await eachItem(
        c.req.valid("json").items,
        ({ data, mac }) => macs.verify(owner, name, data, mac),
      );
      return c.json({ results }, 200);
    });
}
