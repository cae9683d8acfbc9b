/**
 * The request-schema form of base64url fields (encoding rules: `src/common/base64url.ts`).
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { fromBase64Url } from "../common/base64url.ts";

/** A zod schema for a base64url field, parsed to bytes, at most `maxBytes` long. */
// deno-lint-ignore explicit-module-boundary-types -- zod's inferred pipe type is the contract
export function base64url(description: string, maxBytes: number) {
  return z.string().max(Math.ceil((maxBytes * 4) / 3)).transform((text, ctx) => {
    const bytes = fromBase64Url(text);
    if (bytes === undefined) {
      ctx.addIssue({ code: "custom", message: "must be unpadded base64url" });
      return z.NEVER;
    }
    return bytes;
  }).openapi({ type: "string", format: "base64url", description });
}
