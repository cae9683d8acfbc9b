/**
 * The request-schema form of base64url fields (encoding rules: `src/common/base64url.ts`).
 *
 * A byte string is described by standard JSON Schema keywords, not only by the non-standard
 * `format: base64url`: `contentEncoding: base64url`, a `pattern` that admits exactly the
 * canonical unpadded encodings (of exactly `n` bytes where the length is fixed), and
 * `minLength`/`maxLength` in characters. The zod check enforces the same pattern and lengths,
 * so what the document calls valid is what the server accepts.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { fromBase64Url } from "../common/base64url.ts";

const CHAR = "[A-Za-z0-9_-]";
/** The last character of an encoding of 3k + 1 bytes: 4 payload bits, 4 zero bits. */
const LAST_OF_ONE = "[AQgw]";
/** The last character of an encoding of 3k + 2 bytes: 4 payload bits, 2 zero bits. */
const LAST_OF_TWO = "[AEIMQUYcgkosw048]";

/** Characters of the unpadded base64url encoding of `bytes` bytes. */
export function base64urlChars(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** The regular expression (source) of the canonical unpadded base64url encodings of exactly `bytes` bytes. */
export function exactBase64urlPattern(bytes: number): string {
  const whole = 4 * Math.floor(bytes / 3);
  switch (bytes % 3) {
    case 0:
      return `^${CHAR}{${whole}}$`;
    case 1:
      return `^${CHAR}{${whole + 1}}${LAST_OF_ONE}$`;
    default:
      return `^${CHAR}{${whole + 2}}${LAST_OF_TWO}$`;
  }
}

/** The regular expression (source) of every canonical unpadded base64url encoding. */
export const BASE64URL_PATTERN = `^(?:${CHAR}{4})*(?:${CHAR}${LAST_OF_ONE}|${CHAR}{2}${LAST_OF_TWO})?$`;

/** A byte length: at most `max` (at least `min`, default 0), or exactly `exact` bytes. */
export type ByteLength = number | { readonly min?: number; readonly max: number } | { readonly exact: number };

/**
 * A zod schema for a base64url field, parsed to bytes. `length` is the largest byte count, a
 * range, or an exact count; the description says what the bytes are (the lengths are added).
 */
// deno-lint-ignore explicit-module-boundary-types -- zod's inferred pipe type is the contract
export function base64url(description: string, length: ByteLength) {
  const { min, max } = typeof length === "number"
    ? { min: 0, max: length }
    : "exact" in length
    ? { min: length.exact, max: length.exact }
    : { min: length.min ?? 0, max: length.max };
  const pattern = min === max ? exactBase64urlPattern(min) : BASE64URL_PATTERN;
  const minLength = base64urlChars(min);
  const maxLength = base64urlChars(max);
  const size = min === max ? `exactly ${min} bytes` : min > 0 ? `${min} to ${max} bytes` : `at most ${max} bytes`;
  const message = `must be unpadded base64url of ${size}`;
  let text = z.string().max(maxLength, message);
  if (minLength > 0) text = text.min(minLength, message);
  const checked = text.regex(new RegExp(pattern), message).transform((value, ctx) => {
    const bytes = fromBase64Url(value);
    if (bytes === undefined || bytes.length < min || bytes.length > max) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return bytes;
  });
  // `contentEncoding` (JSON Schema 2020-12) is passed through, though zod-openapi does not type it.
  const metadata = {
    type: "string",
    format: "base64url",
    contentEncoding: "base64url",
    pattern,
    ...(minLength > 0 ? { minLength } : {}),
    maxLength,
    description: `${description} (base64url, ${size})`,
  } as { type: "string"; format: string; description: string };
  return checked.openapi(metadata);
}

/**
 * A response field holding bytes: `format` and `contentEncoding` base64url and the canonical
 * pattern (exactly `bytes` bytes when given), so clients and the contract test can check it.
 */
// deno-lint-ignore explicit-module-boundary-types -- zod's inferred type is the contract
export function base64urlOut(description?: string, bytes?: number) {
  const metadata = {
    type: "string",
    format: "base64url",
    contentEncoding: "base64url",
    pattern: bytes === undefined ? BASE64URL_PATTERN : exactBase64urlPattern(bytes),
    ...(description === undefined ? {} : { description }),
  } as { type: "string"; format: string };
  return z.string().openapi(metadata);
}
