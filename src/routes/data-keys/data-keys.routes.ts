/**
 * The data-key routes (envelope encryption under a stored KEM key): generate and unwrap.
 * Scopes `data-keys:generate` and `data-keys:unwrap`, each checked against the key name.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { validationHook } from "../../http/validation.ts";
import type { DataKeyService } from "../../services/data-keys/data-key-service.ts";
import { KeyParams } from "../keys/keys.schemas.ts";
import { KEY_USE_PROBLEMS } from "../keys/keys.routes.ts";
import { DataKeyBody, GenerateDataKeyBody, UnwrapDataKeyBody, UnwrappedDataKeyBody } from "./data-keys.schemas.ts";

const tags = ["data-keys"];

const generate = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/data-key",
  audit: { action: "data-keys.generate", keyName: "path" },
  problems: KEY_USE_PROBLEMS,
  tags,
  summary: "Generate a data key, returned in the clear and wrapped under a KEM key",
  request: { params: KeyParams, body: json(GenerateDataKeyBody) },
  responses: {
    200: ok("The data key", DataKeyBody, {
      unwrap: link("dataKeysUnwrap", "Unwrap the wrapped data key", {
        parameters: { name: "$request.path.name" },
        requestBody: { wrapped: "$response.body#/wrapped", aad: "$request.body#/aad" },
      }),
    }),
  },
});
const unwrap = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/data-key/unwrap",
  audit: { action: "data-keys.unwrap", keyName: "path" },
  problems: [...KEY_USE_PROBLEMS, "wrapped-key-malformed", "decryption-failed"],
  tags,
  summary: "Unwrap a data key with the key version its blob names",
  request: { params: KeyParams, body: json(UnwrapDataKeyBody) },
  responses: { 200: ok("The data key", UnwrappedDataKeyBody) },
});

/** The data-key routes. */
export function dataKeyRoutes(dataKeys: DataKeyService): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(generate, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "data-keys:generate", name);
      const key = await dataKeys.generate(owner, name, c.req.valid("json"));
      const plaintext = toBase64Url(key.plaintext);
      key.plaintext.fill(0);
      return c.json({ plaintext, wrapped: toBase64Url(key.wrapped), version: key.version }, 200);
    })
    .openapi(unwrap, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "data-keys:unwrap", name);
      const { wrapped, aad } = c.req.valid("json");
      const key = await dataKeys.unwrap(owner, name, wrapped, aad);
      const plaintext = toBase64Url(key);
      key.fill(0);
      return c.json({ plaintext }, 200);
    });
}
