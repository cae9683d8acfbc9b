/**
 * Contracts of the encryption routes (named symmetric keys); the OpenAPI document is
 * generated from them.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { base64url, base64urlOut } from "../../http/base64url.ts";
import { CIPHERTEXT_OVERHEAD, MAX_ENCRYPTION_AAD_BYTES, MAX_PLAINTEXT_BYTES } from "../../common/sizes.ts";
import { ItemProblem, MAX_BATCH_ITEMS } from "../keys/keys.schemas.ts";

const Aad = base64url(
  "Associated data bound to the ciphertext (not encrypted, not stored in it): decrypting needs the same bytes",
  MAX_ENCRYPTION_AAD_BYTES,
).optional();
const Plaintext = base64url("The plaintext (at most 1 MiB)", MAX_PLAINTEXT_BYTES);
const Ciphertext = base64url(
  "A ciphertext of this key: 0x01 ‖ u32be(version) ‖ nonce (12) ‖ ciphertext ‖ tag (16)",
  MAX_PLAINTEXT_BYTES + CIPHERTEXT_OVERHEAD,
);
const CiphertextOut = base64urlOut("0x01 ‖ u32be(version) ‖ nonce (12) ‖ ciphertext ‖ tag (16) (docs/ENCRYPTION.md)");

const encryptItem = z.object({ plaintext: Plaintext, aad: Aad }).strict();
const ciphertextItem = z.object({ ciphertext: Ciphertext, aad: Aad }).strict();

/** `POST /v1/keys/{name}/encrypt`. */
export const EncryptBody = encryptItem.openapi("Encrypt");
/** `POST /v1/keys/{name}/decrypt`. */
export const DecryptBody = ciphertextItem.openapi("Decrypt");
/** `POST /v1/keys/{name}/rewrap`. */
export const RewrapBody = ciphertextItem.openapi("Rewrap");

/** A ciphertext and the key version that made it. */
export const CiphertextBody = z.object({
  ciphertext: CiphertextOut,
  version: z.number().int(),
}).openapi("Ciphertext");

/** A decrypted plaintext. */
export const PlaintextBody = z.object({
  plaintext: base64urlOut(),
  version: z.number().int(),
}).openapi("Plaintext");

/** `POST /v1/keys/{name}/encrypt-batch`. */
export const EncryptBatchBody = z.object({
  items: z.array(encryptItem.openapi("EncryptBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("EncryptBatchRequest");
/** `POST /v1/keys/{name}/decrypt-batch`. */
export const DecryptBatchBody = z.object({
  items: z.array(ciphertextItem.openapi("DecryptBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("DecryptBatchRequest");
/** `POST /v1/keys/{name}/rewrap-batch`. */
export const RewrapBatchBody = z.object({
  items: z.array(ciphertextItem.openapi("RewrapBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("RewrapBatchRequest");

/** Per-item ciphertexts (encrypt-batch, rewrap-batch). */
export const CiphertextBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), ciphertext: CiphertextOut, version: z.number().int() }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("CiphertextBatchResult");

/** Per-item plaintexts (decrypt-batch). */
export const PlaintextBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), plaintext: base64urlOut(), version: z.number().int() }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("PlaintextBatchResult");
