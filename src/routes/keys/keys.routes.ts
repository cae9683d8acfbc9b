/**
 * The key routes: create, list, read, rotate, configure, sign, verify. Handlers translate
 * between JSON and the key service; every refusal becomes a problem in `onError`.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import type { AuditEnv } from "../../http/audit-middleware.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import type { ProblemKind } from "../../http/problem.ts";
import { validationHook } from "../../http/validation.ts";
import type { KeyService } from "../../services/keys/key-service.ts";
import type { ImportService } from "../../services/keys/wrapped-import.ts";
import { keyJson } from "./keys.handlers.ts";
import {
  ConfigureKeyBody,
  CreateKeyBody,
  ImportKeyBody,
  ImportParamsBody,
  ImportParamsResult,
  KeyBody,
  KeyListBody,
  KeyParams,
  ListKeysQuery,
  ScheduleDeletionBody,
  SignatureBody,
  SignBatchBody,
  SignBatchResultBody,
  SignBody,
  VerdictBody,
  VerifyBatchBody,
  VerifyBatchResultBody,
  VerifyBody,
} from "./keys.schemas.ts";
import { eachItem } from "../../http/batch.ts";
import { toBase64Url } from "../../common/base64url.ts";

/** Refusals of every route that reads a key by name. */
const FIND: ProblemKind[] = ["key-not-found", "key-integrity-failed"];
/** Refusals of every route that uses a version's private key. */
const USE: ProblemKind[] = [
  ...FIND,
  "wrong-key-purpose",
  "version-not-found",
  "version-disabled",
  "key-pending-deletion",
  "key-disabled",
  "keystore-unavailable",
  "invalid-crypto-input",
];

/** The refusals of the routes that use a key (data keys, sessions with a gateway key). */
export const KEY_USE_PROBLEMS: readonly ProblemKind[] = USE;

const byName = { name: "$response.body#/name" };
const samePath = { name: "$request.path.name" };
/** What a key response leads to: the operations on that key. */
const keyLinks = (parameters: Record<string, string>) => ({
  read: link("keysRead", "Read the key", { parameters }),
  sign: link("keysSign", "Sign with it (signature keys)", { parameters }),
  verify: link("keysVerify", "Verify with it (signature keys)", { parameters }),
  signBatch: link("keysSignBatch", "Sign a batch with it", { parameters }),
  verifyBatch: link("keysVerifyBatch", "Verify a batch with it", { parameters }),
  rotate: link("keysRotate", "Rotate it", { parameters }),
  configure: link("keysConfigure", "Configure it", { parameters }),
  scheduleDeletion: link("keysScheduleDeletion", "Schedule its deletion", { parameters }),
  cancelDeletion: link("keysCancelDeletion", "Cancel its deletion", { parameters }),
  generateDataKey: link("dataKeysGenerate", "Generate a data key under it (KEM keys)", { parameters }),
  createSession: link("sessionsCreate", "Establish a session with it (KEM keys)", {
    requestBody: { mode: "gateway-key", keyName: parameters.name },
  }),
});

const createKey = apiRoute({
  method: "post",
  path: "/v1/keys",
  audit: { action: "keys.create", keyName: "body" },
  problems: ["key-exists", "unsupported-algorithm", "keystore-unavailable"],
  tags: ["keys"],
  summary: "Create a key (version 1)",
  request: { body: json(CreateKeyBody) },
  responses: { 201: ok("The new key", KeyBody, keyLinks(byName)) },
});
const listKeys = apiRoute({
  method: "get",
  path: "/v1/keys",
  audit: { action: "keys.list" },
  problems: ["key-integrity-failed"],
  tags: ["keys"],
  summary: "List keys by name, a page at a time",
  request: { query: ListKeysQuery },
  responses: { 200: ok("A page of keys", KeyListBody) },
});
const getKey = apiRoute({
  method: "get",
  path: "/v1/keys/{name}",
  audit: { action: "keys.read", keyName: "path" },
  problems: FIND,
  tags: ["keys"],
  summary: "Read a key and the public key of every version",
  request: { params: KeyParams },
  responses: { 200: ok("The key", KeyBody, keyLinks(samePath)) },
});
const rotateKey = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/rotate",
  audit: { action: "keys.rotate", keyName: "path" },
  problems: [...FIND, "conflict", "keystore-unavailable"],
  tags: ["keys"],
  summary: "Add a new latest version",
  request: { params: KeyParams },
  responses: { 200: ok("The rotated key", KeyBody, keyLinks(samePath)) },
});
const configureKey = apiRoute({
  method: "patch",
  path: "/v1/keys/{name}/config",
  audit: { action: "keys.configure", keyName: "path" },
  problems: [...FIND, "invalid-config"],
  tags: ["keys"],
  summary: "Change minDecryptionVersion, auto-rotation, deletion settings and enable or disable the key",
  request: { params: KeyParams, body: json(ConfigureKeyBody) },
  responses: { 200: ok("The key", KeyBody) },
});
const sign = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/sign",
  audit: { action: "keys.sign", keyName: "path" },
  problems: [...USE, "unsupported-algorithm"],
  tags: ["signing"],
  summary: "Sign a message, or an ML-DSA external mu (ML-DSA hedged by default; contexts up to 255 bytes)",
  request: { params: KeyParams, body: json(SignBody) },
  responses: {
    200: ok("The signature", SignatureBody, {
      verify: link("keysVerify", "Verify the signature", {
        parameters: samePath,
        requestBody: {
          message: "$request.body#/message",
          mu: "$request.body#/mu",
          context: "$request.body#/context",
          signature: "$response.body#/signature",
          version: "$response.body#/version",
        },
      }),
    }),
  },
});
const verify = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/verify",
  audit: { action: "keys.verify", keyName: "path" },
  problems: [...FIND, "wrong-key-purpose", "version-not-found", "invalid-crypto-input", "unsupported-algorithm"],
  tags: ["signing"],
  summary: "Verify a signature over a message, or an ML-DSA external mu, with a version's public key",
  request: { params: KeyParams, body: json(VerifyBody) },
  responses: { 200: ok("The verdict", VerdictBody) },
});

const importKey = apiRoute({
  method: "post",
  path: "/v1/keys/import",
  audit: { action: "keys.import", keyName: "body" },
  problems: [
    "key-exists",
    "unsupported-algorithm",
    "keystore-unavailable",
    "invalid-crypto-input",
    "import-token-invalid",
    "decryption-failed",
    "plaintext-import-disabled",
  ],
  tags: ["keys"],
  summary: "Import your own private key (BYOK) as version 1, sealed to an import key; stored only wrapped",
  request: { body: json(ImportKeyBody) },
  responses: { 201: ok("The imported key", KeyBody, keyLinks(byName)) },
});
const importParams = apiRoute({
  method: "post",
  path: "/v1/keys/import-params",
  audit: { action: "keys.import-params", keyName: "none" },
  problems: ["unsupported-algorithm", "keystore-unavailable"],
  tags: ["keys"],
  summary: "Get a single-use import token and the X-Wing key to seal a private key to (wrapped import)",
  request: { body: json(ImportParamsBody) },
  responses: { 200: ok("The import token and key", ImportParamsResult) },
});
const scheduleDeletion = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/deletion",
  audit: { action: "keys.schedule-deletion", keyName: "path" },
  problems: [...FIND, "deletion-not-allowed"],
  tags: ["keys"],
  summary: "Schedule deletion after a grace period (private use stops at once)",
  request: { params: KeyParams, body: json(ScheduleDeletionBody) },
  responses: { 200: ok("The key, with deletionAfter", KeyBody) },
});
const cancelDeletion = apiRoute({
  method: "delete",
  path: "/v1/keys/{name}/deletion",
  audit: { action: "keys.cancel-deletion", keyName: "path" },
  problems: FIND,
  tags: ["keys"],
  summary: "Cancel a scheduled deletion",
  request: { params: KeyParams },
  responses: { 200: ok("The key", KeyBody) },
});
const signBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/sign-batch",
  audit: { action: "keys.sign-batch", keyName: "path" },
  problems: [],
  tags: ["signing"],
  summary: "Sign up to 100 messages; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(SignBatchBody) },
  responses: { 200: ok("Per-item results", SignBatchResultBody) },
});
const verifyBatch = apiRoute({
  method: "post",
  path: "/v1/keys/{name}/verify-batch",
  audit: { action: "keys.verify-batch", keyName: "path" },
  problems: [],
  tags: ["signing"],
  summary: "Verify up to 100 signatures; each item succeeds or fails on its own",
  request: { params: KeyParams, body: json(VerifyBatchBody) },
  responses: { 200: ok("Per-item verdicts", VerifyBatchResultBody) },
});

/** The key routes; each checks its scope and the key name against the token. */
export function keyRoutes(keys: KeyService, imports: ImportService): OpenAPIHono<AuthEnv & AuditEnv> {
  return new OpenAPIHono<AuthEnv & AuditEnv>({ defaultHook: validationHook })
    .openapi(importParams, async (c) => {
      const { owner } = authorize(c, "keys:create");
      const params = await imports.params(owner, c.req.valid("json").algorithm);
      return c.json({
        ...params,
        publicKey: toBase64Url(params.publicKey),
        expiresAt: params.expiresAt.toISOString(),
      }, 200);
    })
    .openapi(importKey, async (c) => {
      const body = c.req.valid("json");
      const { owner } = authorize(c, "keys:create", body.name);
      if ("importToken" in body) return c.json(keyJson(await imports.importWrapped({ ...body, owner })), 201);
      try {
        return c.json(keyJson(await imports.importPlaintext({ ...body, owner })), 201);
      } finally {
        body.privateKey.fill(0);
      }
    })
    .openapi(scheduleDeletion, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:configure", name);
      return c.json(keyJson(await keys.scheduleDeletion(owner, name, c.req.valid("json").graceSeconds)), 200);
    })
    .openapi(cancelDeletion, async (c) => {
      const { name } = c.req.valid("param");
      return c.json(keyJson(await keys.cancelDeletion(authorize(c, "keys:configure", name).owner, name)), 200);
    })
    .openapi(signBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:sign", name);
      const results = await eachItem(c.req.valid("json").items, async (item) => {
        const { signature, version } = await keys.sign(owner, name, item);
        return { signature: toBase64Url(signature), version };
      });
      return c.json({ results }, 200);
    })
    .openapi(verifyBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:verify", name);
      return c.json(
        { results: await eachItem(c.req.valid("json").items, (item) => keys.verify(owner, name, item)) },
        200,
      );
    })
    .openapi(createKey, async (c) => {
      const body = c.req.valid("json");
      const { owner } = authorize(c, "keys:create", body.name);
      return c.json(keyJson(await keys.create({ ...body, owner })), 201);
    })
    .openapi(listKeys, async (c) => {
      const { owner, keyPattern } = authorize(c, "keys:read");
      const { after, limit } = c.req.valid("query");
      const page = await keys.list(owner, { after, limit, pattern: keyPattern });
      return c.json({ keys: page.keys.map(keyJson), next: page.next }, 200);
    })
    .openapi(getKey, async (c) => {
      const { name } = c.req.valid("param");
      return c.json(keyJson(await keys.get(authorize(c, "keys:read", name).owner, name)), 200);
    })
    .openapi(rotateKey, async (c) => {
      const { name } = c.req.valid("param");
      const rotated = await keys.rotate(authorize(c, "keys:rotate", name).owner, name);
      c.set("audit", { keyVersion: rotated.latestVersion });
      return c.json(keyJson(rotated), 200);
    })
    .openapi(configureKey, async (c) => {
      const { name } = c.req.valid("param");
      const patch = c.req.valid("json");
      const view = await keys.configure(authorize(c, "keys:configure", name).owner, name, patch);
      // The audit row names the new state of `enabled` (keys.configure.enable / .disable).
      if (patch.enabled !== undefined) c.set("audit", { actionSuffix: patch.enabled ? "enable" : "disable" });
      return c.json(keyJson(view), 200);
    })
    .openapi(sign, async (c) => {
      const { name } = c.req.valid("param");
      const result = await keys.sign(authorize(c, "keys:sign", name).owner, name, c.req.valid("json"));
      c.set("audit", { keyVersion: result.version });
      return c.json({ signature: toBase64Url(result.signature), version: result.version }, 200);
    })
    .openapi(verify, async (c) => {
      const { name } = c.req.valid("param");
      const verdict = await keys.verify(authorize(c, "keys:verify", name).owner, name, c.req.valid("json"));
      c.set("audit", { keyVersion: verdict.version });
      return c.json(verdict, 200);
    });
}
