/**
 * Contracts of the session routes; the OpenAPI document is generated from them.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { base64url, base64urlOut } from "../../http/base64url.ts";
import { KEM_SIZES } from "../../common/sizes.ts";
import { integer } from "../../http/fields.ts";
import { KEM_ALGORITHMS } from "../../services/keys/algorithms.ts";
import { SESSION_ID_BYTES, SESSION_TTL_SECONDS } from "../../services/sessions/session-service.ts";
import { KeyName, VersionNumber } from "../keys/keys.schemas.ts";

/** A confirmation tag's length (HKDF-SHA-256 output, docs/SESSIONS.md). */
const CONFIRMATION_BYTES = 32;

/** Longest plaintext a seal request may carry (the body limit bounds it too). */
export const MAX_SESSION_PLAINTEXT_BYTES = 1 << 20;
/** Longest associated data. */
export const MAX_AAD_BYTES = 1 << 16;
/** The KEMs' public-key and ciphertext lengths: the schema bounds them, the algorithm fixes each exactly. */
const kemSizes = Object.values(KEM_SIZES);
const perAlgorithm = (what: "publicKey" | "ciphertext") =>
  Object.entries(KEM_SIZES).map(([name, sizes]) => `${name} ${sizes[what]}`).join(", ") +
  " bytes (another length is refused with 422 invalid-crypto-input INVALID_LENGTH)";
const kemBytes = (what: "publicKey" | "ciphertext") => ({
  min: Math.min(...kemSizes.map((sizes) => sizes[what])),
  max: Math.max(...kemSizes.map((sizes) => sizes[what])),
});

const KemAlgorithm = z.enum(KEM_ALGORITHMS).openapi({ example: "ML-KEM-768" });
const TtlSeconds = integer(1, SESSION_TTL_SECONDS).optional().openapi({
  description: `Lifetime in seconds; at most (and by default) ${SESSION_TTL_SECONDS}.`,
});

/** A session id in a path: 16 bytes as 22 base64url characters. */
export const SessionParams = z.object({
  id: base64url("The session id", { exact: SESSION_ID_BYTES }).openapi({
    param: { name: "id", in: "path" },
    example: "q7Wb0cQ3Z9yF1mXkq2Vt8A",
  }),
});

const ClientKeySession = z.object({
  mode: z.literal("client-key"),
  algorithm: KemAlgorithm,
  clientPublicKey: base64url(
    `The client's KEM public (encapsulation) key: ${perAlgorithm("publicKey")}`,
    kemBytes("publicKey"),
  ),
  ttlSeconds: TtlSeconds,
}).strict().openapi("ClientKeySession", {
  description: "The gateway encapsulates to the client's key and returns the ciphertext.",
});

const GatewayKeySession = z.object({
  mode: z.literal("gateway-key"),
  keyName: KeyName,
  version: VersionNumber.optional().openapi({ description: "The key version encapsulated to (latest)." }),
  ciphertext: base64url(
    `The KEM ciphertext the client made with the key's public key: ${perAlgorithm("ciphertext")}`,
    kemBytes("ciphertext"),
  ),
  ttlSeconds: TtlSeconds,
}).strict().openapi("GatewayKeySession", {
  description: "The client encapsulated to a stored gateway KEM key; the gateway decapsulates.",
});

/** `POST /v1/sessions`. */
export const CreateSessionBody = z.discriminatedUnion("mode", [ClientKeySession, GatewayKeySession])
  .openapi("CreateSession");

/** An established session: what the client needs to derive and confirm the key. */
export const SessionBody = z.object({
  sessionId: base64urlOut("Part of the transcript", SESSION_ID_BYTES),
  mode: z.enum(["client-key", "gateway-key"]),
  algorithm: KemAlgorithm,
  expiresAt: z.string().openapi({ format: "date-time" }),
  confirmation: base64urlOut("The gateway's confirmation tag", CONFIRMATION_BYTES),
  ciphertext: base64urlOut("client-key mode: decapsulate it").optional(),
  keyName: z.string().optional(),
  version: z.number().int().optional().openapi({ description: "gateway-key mode: the key version used" }),
}).openapi("Session");

/** `POST /v1/sessions/{id}/confirm`. */
export const ConfirmBody = z.object({
  confirmation: base64url("The client's confirmation tag (role `client`)", { exact: CONFIRMATION_BYTES }),
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
  sealed: base64urlOut("nonce (12) ‖ ciphertext ‖ tag (16), AES-256-GCM"),
}).openapi("Sealed");

/** `POST /v1/sessions/{id}/open`. */
export const OpenBody = z.object({
  sealed: base64url("nonce ‖ ciphertext ‖ tag, base64url", MAX_SESSION_PLAINTEXT_BYTES + 28),
  aad: base64url("The associated data it was sealed with", MAX_AAD_BYTES).optional(),
}).strict().openapi("OpenRequest");

/** Open response. */
export const OpenedBody = z.object({ plaintext: base64urlOut() }).openapi("Opened");
