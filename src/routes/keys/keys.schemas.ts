/**
 * Contracts of the key routes; the OpenAPI document is generated from them.
 *
 * @module
 */

import { hybridSchemeSchema } from "../../http/hybrid-scheme.ts";
import { z } from "@hono/zod-openapi";
import { KEY_ALGORITHMS } from "../../services/keys/algorithms.ts";
import { base64url, base64urlOut } from "../../http/base64url.ts";
import { integer } from "../../http/fields.ts";
import { GCM_TAG_BYTES, SIGNATURE_SIZES, X_WING } from "../../common/sizes.ts";
import { HYBRID_MAX_CONTEXT_BYTES } from "../../common/hybrid.ts";

/** The one description of the sign/verify `context` (docs/API.md, "Hybrid signatures"). */
const CONTEXT_DESCRIPTION = "Context string, at most 255 bytes: the FIPS 204 context of an ML-DSA key; for " +
  "ML-DSA-65+Ed25519 the ctx of the hybrid construction of the version's hybridScheme (docs/API.md), " +
  "never ML-DSA's own FIPS 204 context";

/** The longest signature of any algorithm (ML-DSA-87). */
const MAX_SIGNATURE_BYTES = Math.max(...Object.values(SIGNATURE_SIZES));

/** Longest message a sign or verify request may carry (the body limit bounds it too). */
export const MAX_MESSAGE_BYTES = 1 << 20;

/** A key name: also the path segment, so URL-safe by construction. */
export const KeyName = z.string().regex(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
  "1-128 of A-Z a-z 0-9 . _ -, not starting with . _ -",
)
  .openapi({ example: "orders-signer" });

/** A key version a request names: 1 to the largest integer the database stores. */
export const VersionNumber = integer(1);

/** What an encryption key does when its latest version reaches its message limit (docs/ENCRYPTION.md). */
export const MessageLimitAction = z.enum(["rotate", "refuse"]).openapi({
  description: "At the per-version message limit of an encryption key: add a version (rotate) or answer 409 (refuse).",
});

/** Path parameters naming a key. */
export const KeyParams = z.object({ name: KeyName.openapi({ param: { name: "name", in: "path" } }) });

/** `POST /v1/keys`. */
export const CreateKeyBody = z.object({
  name: KeyName,
  algorithm: z.enum(KEY_ALGORITHMS).openapi({ example: "ML-DSA-65" }),
  native: z.boolean().optional().openapi({
    description: "Generate inside the TPM/PKCS#11 device (always for ECDSA-P256).",
  }),
  autoRotateSeconds: integer(3600, 10 * 365 * 86400).nullable().optional(),
  deletionAllowed: z.boolean().optional(),
}).strict().openapi("CreateKey");

/** `PATCH /v1/keys/{name}/config`. */
export const ConfigureKeyBody = z.object({
  minDecryptionVersion: VersionNumber.optional(),
  autoRotateSeconds: integer(3600, 10 * 365 * 86400).nullable().optional(),
  deletionAllowed: z.boolean().optional(),
  enabled: z.boolean().optional().openapi({
    description: "false disables the key at once on every replica: every private-key use (sign, data keys, " +
      "gateway-key sessions) is refused with 409 key-disabled; verification goes on. true enables it again.",
  }),
  messageLimitAction: MessageLimitAction.optional(),
}).strict().openapi("ConfigureKey");

/** `GET /v1/keys` query. */
export const ListKeysQuery = z.object({
  after: KeyName.optional(),
  limit: integer(1, 100, { coerce: true }).default(20),
});

const KeyVersion = z.object({
  version: z.number().int(),
  publicKey: base64urlOut(),
  createdAt: z.string().openapi({ format: "date-time" }),
  enabled: z.boolean(),
  hybridScheme: hybridSchemeSchema(
    "ML-DSA-65+Ed25519 versions only: the signature construction this version signs and verifies " +
      "with (1: legacy, 2: composite with public-key binding; docs/API.md)",
  ).optional(),
}).openapi("KeyVersion");

/** A key as returned (public material only). */
export const KeyBody = z.object({
  name: z.string(),
  algorithm: z.enum(KEY_ALGORITHMS),
  purpose: z.enum(["kem", "signature", "agreement", "aead", "mac"]),
  protection: z.enum(["hardware", "hardware-wrapped", "software"]),
  latestVersion: z.number().int(),
  minDecryptionVersion: z.number().int(),
  autoRotateSeconds: z.number().int().nullable(),
  deletionAllowed: z.boolean(),
  messageLimitAction: MessageLimitAction,
  deletionAfter: z.string().nullable().openapi({ format: "date-time" }),
  enabled: z.boolean().openapi({
    description: "false: every private-key use is refused (409 key-disabled); verification goes on",
  }),
  exportable: z.literal(false).openapi({
    description: "Always false: a private key never leaves the gateway (only wrapped by the keystore)",
  }),
  createdAt: z.string().openapi({ format: "date-time" }),
  updatedAt: z.string().openapi({ format: "date-time" }),
  versions: z.array(KeyVersion),
}).openapi("Key");

/** `GET /v1/keys`. */
export const KeyListBody = z.object({ keys: z.array(KeyBody), next: z.string().nullable() }).openapi("KeyList");

/**
 * A batch item's version: any positive safe integer, so that a version no key can have (above
 * 2^31 - 1) fails its item alone with `version-not-found`, like any other missing version, instead
 * of the whole batch.
 */
const BatchItemVersion = integer(1, Number.MAX_SAFE_INTEGER).optional().openapi({
  description: "The key version (latest); one the key lacks fails this item alone (version-not-found)",
});

/** Length of an ML-DSA external μ (FIPS 204 §5.2, the message representative). */
export const MU_BYTES = 64;

/** The one description of `mu` (docs/API.md, "External μ"). */
const MU_DESCRIPTION = "ML-DSA keys only, instead of message and context: the external μ = SHAKE256(tr ‖ 0x00 ‖ " +
  "len(ctx) ‖ ctx ‖ message, 64) with tr = SHAKE256(publicKey, 64) (FIPS 204 Algorithms 2 and 7); the signature " +
  "is an ordinary ML-DSA signature over (message, ctx)";

const Mu = base64url(MU_DESCRIPTION, { exact: MU_BYTES });

/** The OpenAPI component names of a request's two forms: over a message, over an external μ. */
interface BranchNames {
  readonly message: string;
  readonly mu: string;
}

/**
 * The fields of a sign request, with the request's or a batch item's version: a message (and
 * context), or an external μ (which already contains the context).
 */
const signRequest = <V extends z.ZodType>(version: V, names: BranchNames) =>
  z.union([
    z.object({
      message: base64url("The message", MAX_MESSAGE_BYTES),
      version,
      context: base64url(CONTEXT_DESCRIPTION, HYBRID_MAX_CONTEXT_BYTES).optional(),
      deterministic: z.boolean().optional(),
    }).strict().openapi(names.message),
    z.object({ mu: Mu, version, deterministic: z.boolean().optional() }).strict().openapi(names.mu),
  ]);

/** `POST /v1/keys/{name}/sign`. */
export const SignBody = signRequest(VersionNumber.optional(), { message: "SignRequest", mu: "SignMuRequest" });

/** Signature response. */
export const SignatureBody = z.object({
  signature: base64urlOut(),
  version: z.number().int(),
}).openapi("Signature");

/** The fields of a verify request, with the request's or a batch item's version. */
const verifyRequest = <V extends z.ZodType>(version: V, names: BranchNames) => {
  const signature = base64url(
    `The signature: ${
      Object.entries(SIGNATURE_SIZES).map(([name, size]) => `${name} ${size}`).join(", ")
    } bytes (another length is not valid)`,
    MAX_SIGNATURE_BYTES,
  );
  return z.union([
    z.object({
      message: base64url("The message", MAX_MESSAGE_BYTES),
      signature,
      version,
      context: base64url(CONTEXT_DESCRIPTION, HYBRID_MAX_CONTEXT_BYTES).optional(),
    }).strict().openapi(names.message),
    z.object({ mu: Mu, signature, version }).strict().openapi(names.mu),
  ]);
};

/** `POST /v1/keys/{name}/verify`. */
export const VerifyBody = verifyRequest(VersionNumber.optional(), { message: "VerifyRequest", mu: "VerifyMuRequest" });

/** Verification response: `valid` false is an answer, not an error. */
export const VerdictBody = z.object({ valid: z.boolean(), version: z.number().int() }).openapi("Verdict");

const importFields = {
  name: KeyName,
  algorithm: z.enum(KEY_ALGORITHMS),
  autoRotateSeconds: integer(3600, 10 * 365 * 86400).nullable().optional(),
  deletionAllowed: z.boolean().optional(),
};
/** The wrapped import: the private key sealed with HPKE to the import key of an import token. */
const WrappedImport = z.object({
  ...importFields,
  importToken: z.uuid().openapi({
    pattern: z.regexes.uuid().source,
    description: "From POST /v1/keys/import-params; single use",
  }),
  enc: base64url("The HPKE encapsulated key (X-Wing ciphertext)", { exact: X_WING.ciphertext }),
  sealedKey: base64url(
    "HPKE ciphertext (AES-256-GCM, tag included) of the seed (preferred) or expanded private key; " +
      'info = "pqgate/wrapped-import/v1" ‖ enc(algorithm) ‖ enc(name) ‖ enc(importToken) (docs/KEYSTORES.md)',
    8192 + GCM_TAG_BYTES,
  ),
}).strict().openapi("WrappedImportKey");
/** The plaintext import, refused unless PQGATE_ALLOW_PLAINTEXT_IMPORT=true. */
const PlaintextImport = z.object({
  ...importFields,
  privateKey: base64url("The seed (preferred) or the expanded FIPS 203/204 private key", 8192),
}).strict().openapi("PlaintextImportKey");

/** `POST /v1/keys/import` (BYOK): wrapped (default), or plaintext if the operator allows it. */
export const ImportKeyBody = z.union([WrappedImport, PlaintextImport]).openapi("ImportKey", {
  description: "Wrapped import (importToken, enc, sealedKey), or the plaintext privateKey where enabled.",
});

/** `POST /v1/keys/import-params`. */
export const ImportParamsBody = z.object({
  algorithm: z.enum(KEY_ALGORITHMS).openapi({ description: "The algorithm of the key you will import" }),
}).strict().openapi("ImportParamsRequest");

/** An import token and the X-Wing key to seal the private key to. */
export const ImportParamsResult = z.object({
  importToken: z.uuid(),
  algorithm: z.enum(KEY_ALGORITHMS),
  publicKey: base64urlOut("The X-Wing import public key (1216 bytes)"),
  suite: z.object({
    kem: z.literal("X-Wing"),
    kemId: z.number().int(),
    kdf: z.literal("HKDF-SHA256"),
    kdfId: z.number().int(),
    aead: z.literal("AES-256-GCM"),
    aeadId: z.number().int(),
  }).openapi("ImportSuite"),
  expiresAt: z.string().openapi({ format: "date-time" }),
}).openapi("ImportParams");

/** `POST /v1/keys/{name}/deletion`. */
export const ScheduleDeletionBody = z.object({
  graceSeconds: integer(60, 90 * 86400).default(7 * 86400),
}).strict().openapi("ScheduleDeletion");

/** Most items one batch may carry. */
export const MAX_BATCH_ITEMS = 100;

/** `POST /v1/keys/{name}/sign-batch`. */
export const SignBatchBody = z.object({
  items: z.array(signRequest(BatchItemVersion, { message: "SignBatchItem", mu: "SignMuBatchItem" })).min(1).max(
    MAX_BATCH_ITEMS,
  ),
}).strict().openapi("SignBatchRequest");

/** `POST /v1/keys/{name}/verify-batch`. */
export const VerifyBatchBody = z.object({
  items: z.array(verifyRequest(BatchItemVersion, { message: "VerifyBatchItem", mu: "VerifyMuBatchItem" })).min(1).max(
    MAX_BATCH_ITEMS,
  ),
}).strict().openapi("VerifyBatchRequest");

export const ItemProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
});

/** Per-item results: one refused item does not fail the batch. */
export const SignBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), signature: base64urlOut(), version: z.number().int() }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("SignBatchResult");

/** Per-item verdicts. */
export const VerifyBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), valid: z.boolean(), version: z.number().int() }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("VerifyBatchResult");
