/**
 * Bytes in JSON are base64url without padding (RFC 4648 §5), strictly: anything else is a
 * validation error, never a silently different value.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { z } from "@hono/zod-openapi";

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/** Decodes unpadded base64url; `undefined` for text that is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, "base64url"));
  // Non-canonical trailing bits would decode, but to bytes that re-encode differently.
  return toBase64Url(bytes) === text ? bytes : undefined;
}

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
