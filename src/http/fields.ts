/**
 * The request-schema forms of integers and free text, bounded by what storage holds, so that no
 * value a contract accepts can make the database refuse it (a 500): every integer that comes in
 * uses {@link integer} (at most {@link MAX_STORED_INT}, PostgreSQL's `integer`, unless the caller
 * names a smaller bound or a `bigint` column's), every free-text field {@link freeText}.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { MAX_STORED_INT } from "../common/sizes.ts";

export { MAX_STORED_INT };

/** An integer from `min` to `max` (default {@link MAX_STORED_INT}); `coerce` for query parameters. */
// deno-lint-ignore explicit-module-boundary-types -- zod's inferred number type is the contract
export function integer(min: number, max: number = MAX_STORED_INT, options: { readonly coerce?: boolean } = {}) {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new RangeError(`integer(${min}, ${max}): bounds must be safe integers, min <= max`);
  }
  return (options.coerce === true ? z.coerce.number() : z.number()).int().min(min).max(max);
}

/**
 * Control characters: C0 (U+0000–U+001F, tab and newlines included), DEL and C1 (U+007F–U+009F).
 * PostgreSQL refuses U+0000 in `text` outright; the others are refused too because a name or label
 * is shown in listings, logs and terminals, where they forge lines or escape sequences. No field
 * of the API needs one, so none has an exception.
 */
const CONTROL = /\p{Cc}/u;

/**
 * Free text (names, labels) of `min` to `max` characters: no control character and well-formed
 * Unicode (a lone surrogate cannot be stored as UTF-8). The problem names the field, not the value.
 */
// deno-lint-ignore explicit-module-boundary-types -- zod's inferred string type is the contract
export function freeText(min: number, max: number) {
  return z.string().min(min).max(max)
    .refine((text) => !CONTROL.test(text), "must not contain control characters (U+0000-U+001F, U+007F-U+009F)")
    .refine((text) => text.isWellFormed(), "must be well-formed Unicode (no lone surrogates)")
    .openapi({ pattern: "^[^\\u0000-\\u001F\\u007F-\\u009F]*$" });
}
