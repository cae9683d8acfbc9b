/**
 * Contracts of the session routes; the OpenAPI document is generated from them.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { base64url } from "../../http/base64url.ts";
import { integer } from "../../http/fields.ts";
import { fromBase64Url } from "../../common/base64url.ts";
import { KEM_ALGORITHMS } from "../../services/keys/algorithms.ts";
import { SESSION_TTL_SECONDS } from "../../services/sessions/session-service.ts";
import { KeyName, KeyVersionNumber } from "../keys/keys.schemas.ts";

/** Longest plaintext a seal request may carry (the body limit bounds it too). */
export const MAX_SESSION_PLAINTEXT_BYTES = 1 << 20;
/** Longest associated data. */
export const MAX_AAD_BYTES = 1 << 16;
/** Largest KEM public key or ciphertext (ML-KEM-1024); exact sizes are checked per algorithm. */
const MAX_KEM_BYTES = 1568;

const KemAlgorithm = z.enum(KEM_ALGORITHMS).openapi({ example: "ML-KEM-768" });
const TtlSeconds = integer(1, SESSION_TTL_SECONDS).optional().openapi({
  description: `Lifetime in seconds; at most (and by default) ${SESSION_TTL_SECONDS}.`,
});

/** A session id in a path: 16 bytes as 22 base64url characters. */
export const SessionParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/, "a session id is 22 base64url characters").transform((text, ctx) => {
    const bytes = fromBase64Url(text);
    if (bytes === undefined) {
      ctx.addIssue({ code: "custom", message: "must be unpadded base64url" });
      return z.NEVER;
    }
    return bytes;
  }).openapi({ param: { name: "id", in: "path" }, type: "string", example: "q7Wb0cQ3Z9yF1mXkq2Vt8A" }),
});

const ClientKeySession = z.object({
  mode: z.literal("client-key"),
  algorithm: KemAlgorithm,
  clientPublicKey: base64url("The client's KEM public (encapsulation) key", MAX_KEM_BYTES),
  ttlSeconds: TtlSeconds,
}).strict().openapi("ClientKeySession", {
  description: "The gateway encapsulates to the client's key and returns the ciphertext.",
});

const GatewayKeySession = z.object({
  mode: z.literal("gateway-key"),
  keyName: KeyName,
  version: KeyVersionNumber.optional().openapi({ description: "The key version encapsulated to (latest)." }),
  ciphertext: base64url("The KEM ciphertext the client made with the key's public key", MAX_KEM_BYTES),
  ttlSeconds: TtlSeconds,
}).strict().openapi("GatewayKeySession", {
  description: "The client encapsulated to a stored gateway KEM key; the gateway decapsulates.",
});

/** `POST /v1/sessions`. */
export const CreateSessionBody = z.discriminatedUnion("mode", [ClientKeySession, GatewayKeySession])
  .openapi("CreateSession");

/** An established session: what the client needs to derive and confirm the key. */
export const SessionBody = z.object({
  sessionId: z.string().openapi({ format: "base64url", description: "16 bytes; part of the transcript" }),
  mode: z.enum(["client-key", "gateway-key"]),
  algorithm: KemAlgorithm,
  expiresAt: z.string().openapi({ format: "date-time" }),
  confirmation: z.string().openapi({ format: "base64url", description: "The gateway's 32-byte confirmation tag" }),
  ciphertext: z.string().optional().openapi({ format: "base64url", description: "client-key mode: decapsulate it" }),
  keyName: z.string().optional(),
  version: z.number().int().optional().openapi({ description: "gateway-key mode: the key version used" }),
}).openapi("Session");

/** `POST /v1/sessions/{id}/confirm`. */
export const ConfirmBody = z.object({
  confirmation: base64url("The client's 32-byte confirmation tag (role `client`)", 32),
}).strict().openapi("ConfirmSession");

/** Confirmation response. */
export const ConfirmedBody = z.object({ confirmed: z.literal(true) }).openapi("SessionConfirmed");

/** `POST /v1/sessions/{id}/seal`. */
export const SealBody = z.object({
  plaintext: base64url("The plaintext, base64url", MAX_SESSION_PLAINTEXT_BYTES),
  aad: base64url("Associated data, authenticated but not encrypted", MAX_AAD_BYTES).optional(),
}).strict().openapi("SealRequest");

/** Seal response. */
export const SealedBody = z.object({
  sealed: z.string().openapi({ format: "base64url", description: "nonce (12) ‖ ciphertext ‖ tag (16), AES-256-GCM" }),
}).openapi("Sealed");

/** `POST /v1/sessions/{id}/open`. */
export const OpenBody = z.object({
  sealed: base64url("nonce ‖ ciphertext ‖ tag, base64url", MAX_SESSION_PLAINTEXT_BYTES + 28),
  aad: base64url("The associated data it was sealed with", MAX_AAD_BYTES).optional(),
}).strict().openapi("OpenRequest");

/** Open response. */
export const OpenedBody = z.object({ plaintext: z.string().openapi({ format: "base64url" }) }).openapi("Opened");
