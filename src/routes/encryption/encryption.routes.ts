/**
 * The encryption routes: encrypt, decrypt and rewrap under a named AES-256-GCM or
 * ChaCha20-Poly1305 key, and their batch forms; encrypt and decrypt (and their batches) also
 * serve KEM keys with HPKE (`HpkeService`), dispatched by the key's algorithm. Scopes
 * `keys:encrypt` and `keys:decrypt` (rewrap needs both), each checked against the key name.
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
import { EncryptionError } from "../../services/encryption/errors.ts";
import type { HpkeSealed, HpkeService } from "../../services/encryption/hpke-service.ts";
import { KeyError } from "../../services/keys/errors.ts";
import { KeyParams } from "../keys/keys.schemas.ts";
import { KEY_USE_PROBLEMS } from "../keys/keys.routes.ts";
import {
  CiphertextBatchResultBody,
  CiphertextBody,
  DecryptBatchBody,
  DecryptBody,
  EncryptBatchBody,
  EncryptBatchResultBody,
  EncryptBody,
  EncryptResultBody,
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
  summary: "Encrypt under the latest version: a symmetric key's ciphertext, or HPKE to a KEM key's public key",
  request: { params: KeyParams, body: json(EncryptBody) },
  responses: {
    200: ok("The ciphertext (symmetric key) or HPKE message (KEM key)", EncryptResultBody, {
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
  summary: "Decrypt with the key version the ciphertext names, or open an HPKE message to a KEM key",
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
  responses: { 200: ok("Per-item results", EncryptBatchResultBody) },
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

function sealedJson(sealed: HpkeSealed) {
  const { enc, ciphertext, version, suite } = sealed;
  return { enc: toBase64Url(enc), ciphertext: toBase64Url(ciphertext), version, suite };
}

/** Whether a request carries the fields of HPKE (what a symmetric key must not be sent). */
function hpkeFields(item: { info?: unknown; aead?: unknown }): boolean {
  return item.info !== undefined || item.aead !== undefined;
}

/** The refusal of HPKE fields or an HPKE message for a symmetric key. */
function notKem(name: string): KeyError {
  return new KeyError("wrong-key-purpose", `${name} is a symmetric key: enc, info and aead apply to KEM keys (HPKE)`);
}

/** The refusal of a symmetric ciphertext for a KEM key. */
function notSymmetric(name: string): EncryptionError {
  return new EncryptionError("ciphertext-malformed", `${name} is a KEM key: send an HPKE message (enc, ciphertext)`);
}

/** The encryption routes; KEM keys are served when `hpke` is given. */
export function encryptionRoutes(service: EncryptionService, hpke?: HpkeService): OpenAPIHono<AuthEnv & AuditEnv> {
  const isKem = (owner: string, name: string) => hpke?.handles(owner, name) ?? Promise.resolve(false);
  // A batch answers key refusals per item: a missing key fails each item (on the symmetric path).
  const isKemForBatch = (owner: string, name: string) =>
    isKem(owner, name).catch((error: unknown) => {
      if (error instanceof KeyError) return false;
      throw error;
    });
  const encryptOne = async (
    owner: string,
    name: string,
    kem: boolean,
    item: {
      plaintext: Uint8Array;
      aad?: Uint8Array | undefined;
      info?: Uint8Array | undefined;
      aead?: "AES-256-GCM" | "ChaCha20-Poly1305" | undefined;
    },
  ) => {
    const { plaintext, aad, info, aead } = item;
    try {
      if (kem && hpke !== undefined) return sealedJson(await hpke.encrypt(owner, name, plaintext, { aad, info, aead }));
      if (hpkeFields(item)) throw notKem(name);
      const { ciphertext, version } = await service.encrypt(owner, name, plaintext, aad);
      return { ciphertext: toBase64Url(ciphertext), version };
    } finally {
      plaintext.fill(0);
    }
  };
  type DecryptItem =
    | { ciphertext: Uint8Array; aad?: Uint8Array | undefined }
    | {
      enc: Uint8Array;
      ciphertext: Uint8Array;
      aad?: Uint8Array | undefined;
      info?: Uint8Array | undefined;
      aead?: "AES-256-GCM" | "ChaCha20-Poly1305" | undefined;
      version?: number | undefined;
    };
  const decryptOne = async (owner: string, name: string, kem: boolean, item: DecryptItem) => {
    if ("enc" in item) {
      if (!kem || hpke === undefined) throw notKem(name);
      const { plaintext, version } = await hpke.decrypt(owner, name, item);
      return { plaintext: released(plaintext), version };
    }
    if (kem) throw notSymmetric(name);
    const { plaintext, version } = await service.decrypt(owner, name, item.ciphertext, item.aad);
    return { plaintext: released(plaintext), version };
  };
  return new OpenAPIHono<AuthEnv & AuditEnv>({ defaultHook: validationHook })
    .openapi(encrypt, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:encrypt", name);
      const body = c.req.valid("json");
      const result = await encryptOne(owner, name, await isKem(owner, name), body);
      c.set("audit", { keyVersion: result.version });
      return c.json(result, 200);
    })
    .openapi(decrypt, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:decrypt", name);
      const result = await decryptOne(owner, name, await isKem(owner, name), c.req.valid("json"));
      c.set("audit", { keyVersion: result.version });
      return c.json(result, 200);
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
      const kem = await isKemForBatch(owner, name);
      const results = await eachItem(c.req.valid("json").items, (item) => encryptOne(owner, name, kem, item));
      return c.json({ results }, 200);
    })
    .openapi(decryptBatch, async (c) => {
      const { name } = c.req.valid("param");
      const { owner } = authorize(c, "keys:decrypt", name);
      const kem = await isKemForBatch(owner, name);
      const results = await eachItem(c.req.valid("json").items, (item) => decryptOne(owner, name, kem, item));
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
