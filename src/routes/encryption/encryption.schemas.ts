/**
 * Contracts of the encryption routes; the OpenAPI document is generated from them. One path
 * serves both kinds of encryption key, dispatched by the key's algorithm: symmetric keys
 * (AES-256-GCM, ChaCha20-Poly1305: the self-describing ciphertext) and KEM keys (ML-KEM,
 * X-Wing: HPKE, RFC 9180 base mode, `{enc, ciphertext}`; docs/ENCRYPTION.md).
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { base64url, base64urlOut } from "../../http/base64url.ts";
import {
  CIPHERTEXT_OVERHEAD,
  HPKE_CIPHERTEXT_OVERHEAD,
  MAX_ENCRYPTION_AAD_BYTES,
  MAX_HPKE_ENC_BYTES,
  MAX_PLAINTEXT_BYTES,
} from "../../common/sizes.ts";
import { ItemProblem, MAX_BATCH_ITEMS, VersionNumber } from "../keys/keys.schemas.ts";

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

const Info = base64url(
  "KEM keys (HPKE) only: the `info` of the key schedule (RFC 9180 §5.1); opening needs the same bytes",
  MAX_ENCRYPTION_AAD_BYTES,
).optional();
const HpkeAead = z.enum(["AES-256-GCM", "ChaCha20-Poly1305"]).optional().openapi({
  description: "KEM keys (HPKE) only: the AEAD of the suite (aead_id 0x0002 or 0x0003); AES-256-GCM when absent",
});
const Enc = base64url(
  "The HPKE encapsulated key: the KEM ciphertext of the key's algorithm (768, 1088, 1568 or 1120 bytes)",
  { min: 1, max: MAX_HPKE_ENC_BYTES },
);
const HpkeCiphertext = base64url(
  "The HPKE ciphertext: AEAD ciphertext ‖ tag (16)",
  MAX_PLAINTEXT_BYTES + HPKE_CIPHERTEXT_OVERHEAD,
);

const encryptItem = z.object({ plaintext: Plaintext, aad: Aad, info: Info, aead: HpkeAead }).strict();
const ciphertextItem = z.object({ ciphertext: Ciphertext, aad: Aad }).strict();
const hpkeMessage = <V extends z.ZodType>(version: V) =>
  z.object({ enc: Enc, ciphertext: HpkeCiphertext, aad: Aad, info: Info, aead: HpkeAead, version }).strict();
const hpkeItem = hpkeMessage(
  VersionNumber.optional().openapi({ description: "The key version the message was sealed to (latest)" }),
);
/** Either shape: a symmetric key's ciphertext, or an HPKE message (it has `enc`) for a KEM key. */
const decryptItem = <H extends z.ZodType>(hpke: H) => z.union([ciphertextItem.openapi("SymmetricDecrypt"), hpke]);

/** `POST /v1/keys/{name}/encrypt`: `info` and `aead` apply to KEM keys only. */
export const EncryptBody = encryptItem.openapi("Encrypt", {
  description: "Symmetric keys take plaintext and aad; KEM keys (HPKE) also info and aead.",
});
/** `POST /v1/keys/{name}/decrypt`. */
export const DecryptBody = decryptItem(hpkeItem.openapi("HpkeDecrypt")).openapi("Decrypt", {
  description: "A symmetric key's ciphertext, or an HPKE message (enc, ciphertext) for a KEM key.",
});
/** `POST /v1/keys/{name}/rewrap`. */
export const RewrapBody = ciphertextItem.openapi("Rewrap");

/** A ciphertext and the key version that made it. */
export const CiphertextBody = z.object({
  ciphertext: CiphertextOut,
  version: z.number().int(),
}).openapi("Ciphertext");

/** The HPKE suite of a message: names and identifiers. */
const HpkeSuite = z.object({
  kem: z.enum(["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"]),
  kemId: z.number().int().openapi({ description: "draft-ietf-hpke-pq: 0x0040, 0x0041, 0x0042, 0x647a" }),
  kdf: z.literal("HKDF-SHA256"),
  kdfId: z.number().int().openapi({ description: "0x0001" }),
  aead: z.enum(["AES-256-GCM", "ChaCha20-Poly1305"]),
  aeadId: z.number().int().openapi({ description: "0x0002 or 0x0003" }),
}).openapi("HpkeSuite");

const hpkeSealedFields = {
  enc: base64urlOut("The encapsulated key (KEM ciphertext)"),
  ciphertext: base64urlOut("AEAD ciphertext ‖ tag (16)"),
  version: z.number().int().openapi({ description: "The key version whose public key it was sealed to" }),
  suite: HpkeSuite,
};
/** An HPKE message sealed to a KEM key's latest public key. */
export const HpkeSealedBody = z.object(hpkeSealedFields).openapi("HpkeSealed");

/** `POST /v1/keys/{name}/encrypt`: a symmetric ciphertext, or an HPKE message for a KEM key. */
export const EncryptResultBody = z.union([CiphertextBody, HpkeSealedBody]).openapi("EncryptResult");

/** A decrypted plaintext. */
export const PlaintextBody = z.object({
  plaintext: base64urlOut(),
  version: z.number().int(),
}).openapi("Plaintext");

/** `POST /v1/keys/{name}/encrypt-batch`. */
export const EncryptBatchBody = z.object({
  items: z.array(encryptItem.openapi("EncryptBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("EncryptBatchRequest");
/** `POST /v1/keys/{name}/decrypt-batch`: items of either shape, as the key's algorithm needs. */
export const DecryptBatchBody = z.object({
  items: z.array(
    decryptItem(
      hpkeMessage(
        VersionNumber.optional().openapi({
          description: "The key version (latest); one the key lacks fails this item alone (decryption-failed)",
        }),
      ).openapi("HpkeDecryptBatchItem"),
    ).openapi("DecryptBatchItem"),
  ).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("DecryptBatchRequest");
/** `POST /v1/keys/{name}/rewrap-batch`. */
export const RewrapBatchBody = z.object({
  items: z.array(ciphertextItem.openapi("RewrapBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("RewrapBatchRequest");

/** Per-item results of encrypt-batch: symmetric ciphertexts or HPKE messages. */
export const EncryptBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), ciphertext: CiphertextOut, version: z.number().int() }),
    z.object({ ok: z.literal(true), ...hpkeSealedFields }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("EncryptBatchResult");

/** Per-item ciphertexts (rewrap-batch). */
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
