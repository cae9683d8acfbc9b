/**
 * fast-check arbitraries for hostile HTTP input: unicode edge cases, huge and odd numbers,
 * bad base64url, prototype-pollution keys, malformed, truncated, deeply nested and oversized
 * JSON, wrong content types. Bodies are built as JSON *text* so keys such as `__proto__` and
 * number tokens no JavaScript value can hold (`1e999999`) reach the server as written.
 *
 * @module
 */

import fc from "fast-check";
import { toBase64Url } from "../../src/common/base64url.ts";

/** Keys that attack `Object.prototype` when merged naively. */
const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];

/** Strings that have broken parsers, validators and databases before. */
const EDGE_STRINGS = [
  "",
  " ",
  "\uD800",
  "a\uDFFFb",
  "\u0000",
  "nul\u0000inside",
  "\u202Egnp.exe",
  "\uFEFFbom",
  "\u{1F600}\u200D\u{1F4BB}",
  "e\u0301",
  "../../etc/passwd",
  "%00%2e%2e%2f",
  "'; DROP TABLE keys; --",
  "*",
  "AAAA====",
  "+/+/",
  "00000000-0000-4000-8000-00000000000",
  "ML-DSA-65\u0000",
  ...POLLUTION_KEYS,
];

/** A hostile string: an edge case, arbitrary code units (lone surrogates included) or a long run. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.base64String({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 6000 }).map(toBase64Url),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => "A".repeat(n)),
);

/** Number *tokens* as JSON text: huge, tiny, negative zero, beyond 2^53, beyond a double. */
export const hostileNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("1e999999", "-1e999999", "1e-999999", "-0", "9007199254740993", "123456789012345678901234567890"),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
);

/** Any JSON value as text; object keys come from `fieldNames` (the API's own) or are hostile. */
export function hostileJson(fieldNames: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fieldNames) },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
    { weight: 1, arbitrary: hostileString },
  );
  const { value } = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      hostileString.map((s) => JSON.stringify(s)),
      hostileNumber,
      fc.constantFrom("true", "false", "null"),
      fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
      fc.array(fc.tuple(key, tie("value")), { maxLength: 6 })
        .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
    ),
  }));
  return value;
}

/** A request body: well-formed but hostile, truncated, garbage, deeply nested or oversized. */
export function hostileBody(fieldNames: readonly string[], maxBodyBytes: number): fc.Arbitrary<string> {
  const json = hostileJson(fieldNames);
  const object = fc.array(fc.tuple(fc.constantFrom(...fieldNames, ...POLLUTION_KEYS), json), { maxLength: 8 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);
  return fc.oneof(
    { weight: 6, arbitrary: object },
    { weight: 2, arbitrary: json },
    {
      weight: 2,
      arbitrary: fc.tuple(object, fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom("\uFEFF{}", "{}\u0000", '{"a":1}{"a":2}', '{"a":1,}', "NaN") },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000, max: 30_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 4096 }).map((extra) =>
        JSON.stringify({ pad: "x".repeat(maxBodyBytes + extra) })
      ),
    },
  );
}

/** Content types, right and wrong. `undefined`: no header. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      "APPLICATION/JSON; charset=utf-8",
      "application/json; charset=utf-16",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/problem+json",
      "application/octet-stream",
    ),
  },
);

/** The names of every property the OpenAPI document declares (the API's vocabulary). */
export function propertyNames(document: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const { properties } = node as { properties?: unknown };
    if (typeof properties === "object" && properties !== null) {
      for (const name of Object.keys(properties)) names.add(name);
    }
    Object.values(node).forEach(visit);
  };
  visit(document);
  return [...names].sort();
}
