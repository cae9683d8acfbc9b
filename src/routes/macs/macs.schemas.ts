/**
 * Contracts of the HMAC routes; the OpenAPI document is generated from them.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { base64url, base64urlOut } from "../../http/base64url.ts";
import { MAX_PLAINTEXT_BYTES } from "../../common/sizes.ts";
import { ItemProblem, MAX_BATCH_ITEMS } from "../keys/keys.schemas.ts";

const Data = base64url("The data to authenticate (at most 1 MiB)", MAX_PLAINTEXT_BYTES);
/** Header (5) and the longest tag (HMAC-SHA-512, 64). */
const MAX_MAC_BYTES = 5 + 64;
const MacIn = base64url("A MAC of this key: 0x01 ‖ u32be(version) ‖ HMAC tag", MAX_MAC_BYTES);
const MacOut = base64urlOut("0x01 ‖ u32be(version) ‖ HMAC tag (32 or 64 bytes)");

const macItem = z.object({ data: Data }).strict();
const verifyItem = z.object({ data: Data, mac: MacIn }).strict();

/** `POST /v1/keys/{name}/hmac`. */
export const HmacBody = macItem.openapi("Hmac");
/** `POST /v1/keys/{name}/hmac/verify`. */
export const HmacVerifyBody = verifyItem.openapi("HmacVerify");

/** A MAC and the key version that made it. */
export const MacBody = z.object({ mac: MacOut, version: z.number().int() }).openapi("Mac");
/** A verdict. */
export const MacVerdictBody = z.object({ valid: z.boolean(), version: z.number().int() }).openapi("MacVerdict");

/** `POST /v1/keys/{name}/hmac-batch`. */
export const HmacBatchBody = z.object({
  items: z.array(macItem.openapi("HmacBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("HmacBatchRequest");
/** `POST /v1/keys/{name}/hmac/verify-batch`. */
export const HmacVerifyBatchBody = z.object({
  items: z.array(verifyItem.openapi("HmacVerifyBatchItem")).min(1).max(MAX_BATCH_ITEMS),
}).strict().openapi("HmacVerifyBatchRequest");

/** Per-item MACs. */
export const MacBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), mac: MacOut, version: z.number().int() }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("MacBatchResult");
/** Per-item verdicts. */
export const MacVerdictBatchResultBody = z.object({
  results: z.array(z.union([
    z.object({ ok: z.literal(true), valid: z.boolean(), version: z.number().int() }),
    z.object({ ok: z.literal(false), problem: ItemProblem }),
  ])),
}).openapi("MacVerdictBatchResult");
