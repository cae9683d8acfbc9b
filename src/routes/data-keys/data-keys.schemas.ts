/**
 * Contracts of the data-key routes; the OpenAPI document is generated from them.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { base64url } from "../../http/base64url.ts";
import { KeyVersionNumber } from "../keys/keys.schemas.ts";

/** Longest associated data a data key may be bound to. */
export const MAX_DATA_KEY_AAD_BYTES = 1 << 16;
/** Largest blob: header (5) + ML-KEM-1024 ciphertext (1568) + a sealed 32-byte key (60). */
const MAX_WRAPPED_BYTES = 5 + 1568 + 60;

const Aad = base64url(
  "Associated data the data key is bound to; unwrapping needs the same bytes",
  MAX_DATA_KEY_AAD_BYTES,
).optional();

/** `POST /v1/keys/{name}/data-key`. */
export const GenerateDataKeyBody = z.object({
  version: KeyVersionNumber.optional().openapi({ description: "The KEM key version to wrap under (latest)." }),
  bytes: z.union([z.literal(16), z.literal(24), z.literal(32)]).optional().openapi({
    description: "Data key length in bytes (default 32).",
  }),
  aad: Aad,
}).strict().openapi("GenerateDataKey");

/** A generated data key. */
export const DataKeyBody = z.object({
  plaintext: z.string().openapi({ format: "base64url", description: "The data key: use it, then forget it" }),
  wrapped: z.string().openapi({
    format: "base64url",
    description: "0x01 ‖ u32be(version) ‖ KEM ciphertext ‖ AES-256-GCM(data key): store it beside the data",
  }),
  version: z.number().int(),
}).openapi("DataKey");

/** `POST /v1/keys/{name}/data-key/unwrap`. */
export const UnwrapDataKeyBody = z.object({
  wrapped: base64url("A wrapped data key from this key", MAX_WRAPPED_BYTES),
  aad: Aad,
}).strict().openapi("UnwrapDataKey");

/** An unwrapped data key. */
export const UnwrappedDataKeyBody = z.object({
  plaintext: z.string().openapi({ format: "base64url" }),
}).openapi("UnwrappedDataKey");
