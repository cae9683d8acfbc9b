/**
 * The encryption routes: encrypt, decrypt and rewrap under a named AES-256-GCM or
 * ChaCha20-Poly1305 key, and their batch forms. Scopes `keys:encrypt` and `keys:decrypt`
 * (rewrap needs both), each checked against the key name.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import type { AuditEnv } from "../../http/audit-middleware.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { eachItem } from "../../http/batch.ts";
import type { ProblemKind } from "../../http/problem.ts";
import { validationHook } from "../../http/validation.ts";
import { toBase64Url } from "../../common/base64url.ts";
import type { EncryptionService } from "../../services/encryption/encryption-service.ts";
import { KeyParams } from "../keys/keys.schemas.ts";
import { KEY_USE_PROBLEMS } from "../keys/keys.routes.ts";
import {
  CiphertextBatchResultBody,
  CiphertextBody,
  DecryptBatchBody,
  DecryptBody,
  EncryptBatchBody,
  EncryptBody,
  PlaintextBatchResultBody,
  PlaintextBody,
  RewrapBatchBody,
  RewrapBody,
} from "./encryption.schemas.ts";

const tags = ["encryption"];
const samePath = { name: "$request.path.name" };
const ENCRYPT: ProblemKind[] = [...KEY_USE_PROBLEMS, "message-limit-reached"];
const DECRYPT: ProblemKind[] = [...KEY_USE_PROBLEMS, "ciphertext-malformed", "decryption-failed"];

const encrypt = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/encrypt",
  audit: { action: "keys.encrypt", keyName: "path" },
  problems: ENCRYPT,
  tags,
  summary: "Encrypt under the latest version of an AES-256-GCM or ChaCha20-Poly1305 key",
  request: { params: KeyParams, body: json(EncryptBody) },
  responses: {
    200: ok("The ciphertext", CiphertextBody, {
      decrypt: link("keysDecrypt", "Decrypt the ciphertext", {
        parameters: samePath,
        requestBody: { ciphertext: "$response.body#/ciphertext", aad: "$request.body#/aad" },
      }),
      rewrap: link("keysRewrap", "Rewrap the ciphertext under the latest version", {
        parameters: samePath,
        requestBody: { ciphertext: "$response.body#/ciphertext", aad: "$request.body#/aad" },
      }),
    }),
  },
});
const decrypt = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/decrypt",
  audit: { action: "keys.decrypt", keyName: "path" },
  problems: DECRYPT,
  tags,
  summary: "Decrypt with the key version the ciphertext names",
  request: { params: KeyParams, body: json(DecryptBody) },
  responses: { 200: ok("The plaintext", PlaintextBody) },
});
const rewrap = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/rewrap",
  audit: { action: "keys.rewrap", keyName: "path" },
  problems: [...DECRYPT, "message-limit-reached"],
  tags,
  summary: "Re-encrypt a ciphertext under the latest version (the plaintext never leaves the gateway)",
  request: { params: KeyParams, body: json(RewrapBody) },
  responses: { 200: ok("The new ciphertext", CiphertextBody) },
});
const encryptBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/encrypt-batch",
  audit: { action: "keys.encrypt-batch", keyName: "path" },
  problems: [],
  tags,
  summary: "Encrypt up to 100 plaintexts; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(EncryptBatchBody) },
  responses: { 200: ok("Per-item results", CiphertextBatchResultBody) },
});
const decryptBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/decrypt-batch",
  audit: { action: "keys.decrypt-batch", keyName: "path" },
  problems: [],
  tags,
  summary: "Decrypt up to 100 ciphertexts; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(DecryptBatchBody) },
  responses: { 200: ok("Per-item results", PlaintextBatchResultBody) },
});
const rewrapBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/rewrap-batch",
  audit: { action: "keys.rewrap-batch", keyName: "path" },
  problems: [],
  tags,
  summary: "Rewrap up to 100 ciphertexts; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(RewrapBatchBody) },
  responses: { 200: ok("Per-item results", CiphertextBatchResultBody) },
});

/** The plaintext as base64url; the decoded copy is wiped. */
function released(plaintext: Uint8Array): string {
  const encoded = toBase64Url(plaintext);
  plaintext.fill(0);
  return encoded;
}

/** The encryption routes. */
export function encryptionRoutes(service: EncryptionService): OpenAPIHono<AuthEnv & AuditEnv> {
  return new OpenAPIHono<AuthEnv & AuditEnv>({ defaultHook: validationHook })
    .openapi(encrypt, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:encrypt", name);
      const { plaintext, aad } = c.req.valid("json");
      const result = await service.encrypt(owner, name, plaintext, aad).finally(() => plaintext.fill(0));
      c.set("audit", { keyVersion: result.version });
      return c.json({ ciphertext: toBase64Url(result.ciphertext), version: result.version }, 200);
    })
    .openapi(decrypt, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:decrypt", name);
      const { ciphertext, aad } = c.req.valid("json");
      const result = await service.decrypt(owner, name, ciphertext, aad);
      c.set("audit", { keyVersion: result.version });
      return c.json({ plaintext: released(result.plaintext), version: result.version }, 200);
    })
    .openapi(rewrap, async (c) => {
      const { name } = c.req.valid("param");
      authorize(c, "keys:decrypt", name);
      const { owner } = authorize(c, "keys:encrypt", name);
      const { ciphertext, aad } = c.req.valid("json");
      const result = await service.rewrap(owner, name, ciphertext, aad);
      c.set("audit", { keyVersion: result.version });
      return c.json({ ciphertext: toBase64Url(result.ciphertext), version: result.version }, 200);
    })
    .openapi(encryptBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:encrypt", name);
      const results = await eachItem(c.req.valid("json").items, async ({ plaintext, aad }) => {
        const { ciphertext, version } = await service.encrypt(owner, name, plaintext, aad).finally(() =>
          plaintext.fill(0)
        );
        return { ciphertext: toBase64Url(ciphertext), version };
      });
      return c.json({ results }, 200);
    })
    .openapi(decryptBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:decrypt", name);
      const results = await eachItem(c.req.valid("json").items, async ({ ciphertext, aad }) => {
        const { plaintext, version } = await service.decrypt(owner, name, ciphertext, aad);
        return { plaintext: released(plaintext), version };
      });
      return c.json({ results }, 200);
    })
    .openapi(rewrapBatch, async (c) => {
      const { name } = c.req.valid("param");
      authorize(c, "keys:decrypt", name);
      const { owner } = authorize(c, "keys:encrypt", name);
      const results = await eachItem(c.req.valid("json").items, async ({ ciphertext, aad }) => {
        const rewrapped = await service.rewrap(owner, name, ciphertext, aad);
        return { ciphertext: toBase64Url(rewrapped.ciphertext), version: rewrapped.version };
      });
      return c.json({ results }, 200);
    });
}
