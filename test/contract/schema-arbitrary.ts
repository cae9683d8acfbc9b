/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: values a schema calls
 * valid, and values it calls invalid (each breaking one constraint, with the reason). Covers
 * the vocabulary the document uses: `$ref`, `type` (also as a list), `enum`, `const`,
 * `anyOf`/`oneOf`, `properties`/`required`/`additionalProperties: false`, `items` with
 * `minItems`/`maxItems`, `minimum`/`maximum`, `minLength`/`maxLength`, `pattern`, `format:
 * uuid`, and `contentEncoding: base64url` (bytes, encoded). The contract test checks every
 * value against the document with ajv too, so a generator mistake fails loudly instead of
 * blaming the server.
 *
 * @module
 */

import fc from "fast-check";
import { toBase64Url } from "../../src/common/base64url.ts";

/** A JSON Schema object as the document holds it. */
// deno-lint-ignore no-explicit-any -- JSON Schema is untyped JSON
export type Schema = Record<string, any>;

/** A value the schema refuses, and which constraint it breaks. */
export interface Invalid {
  readonly value: unknown;
  readonly reason: string;
}

/** Longest byte string generated (larger maxima are sampled below it). */
const MAX_GENERATED_BYTES = 2048;
/** Longest free text generated. */
const MAX_GENERATED_CHARS = 48;

/** Characters of free text: mostly printable ASCII, sometimes controls, NUL and non-ASCII. */
const TEXT_UNIT = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), weight: 12 },
  { arbitrary: fc.constantFrom("\u0000", "\u0007", "\n", "\u001b", "\u007f", "\u0085", "\u200b"), weight: 1 },
  { arbitrary: fc.constantFrom("é", "ß", "中", "😀", "\u{10ffff}"), weight: 1 },
);

/** Free texts that stores and logs get wrong. */
const EDGE_TEXTS = ["a\u0000b", "\u0000", " ", "\t\r\n", "\u202e\u0007", "😀", "'; --", "%00"];

const base64urlBytes = (chars: number) => Math.floor((chars * 3) / 4);

/** Arbitraries for the schemas of one OpenAPI document. */
export class SchemaArbitraries {
  readonly #document: Schema;
  /** Built arbitraries by schema object (building them is the costly part of a run). */
  readonly #validCache = new WeakMap<Schema, fc.Arbitrary<unknown>>();
  readonly #invalidCache = new Map<boolean, WeakMap<Schema, fc.Arbitrary<Invalid> | undefined>>([
    [false, new WeakMap()],
    [true, new WeakMap()],
  ]);

  constructor(document: Schema) {
    this.#document = document;
  }

  /** `schema` with `$ref`s followed. */
  resolve(schema: Schema): Schema {
    let current = schema;
    while (typeof current.$ref === "string") {
      const path = (current.$ref as string).replace(/^#\//, "").split("/").map((part) =>
        part.replaceAll("~1", "/").replaceAll("~0", "~")
      );
      // deno-lint-ignore no-explicit-any -- walking untyped JSON
      current = path.reduce((node: any, part) => node?.[part], this.#document) as Schema;
      if (current === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
    }
    return current;
  }

  /** The branches of a union schema, resolved; `undefined` when it is not one. */
  branches(schema: Schema): Schema[] | undefined {
    const s = this.resolve(schema);
    const list = s.anyOf ?? s.oneOf;
    return Array.isArray(list) ? list.map((branch: Schema) => this.resolve(branch)) : undefined;
  }

  /**
   * Values `schema` calls valid. `fixed`: object members that will be set afterwards (by a
   * link), so a union picks a branch that has them and agrees with their constants.
   */
  valid(schema: Schema, fixed: Readonly<Record<string, unknown>> = {}): fc.Arbitrary<unknown> {
    if (Object.keys(fixed).length > 0) return this.#valid(schema, fixed);
    let arbitrary = this.#validCache.get(schema);
    if (arbitrary === undefined) {
      arbitrary = this.#valid(schema, fixed);
      this.#validCache.set(schema, arbitrary);
    }
    return arbitrary;
  }

  #valid(schema: Schema, fixed: Readonly<Record<string, unknown>>): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const branches = this.branches(s);
    if (branches !== undefined) {
      const fitting = branches.filter((branch) => fits(branch, fixed));
      return fc.oneof(...(fitting.length > 0 ? fitting : branches).map((branch) => this.valid(branch, fixed)));
    }
    if (s.const !== undefined) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
    if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type: string) => this.valid({ ...s, type }, fixed)));
    switch (s.type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer": {
        const min = s.minimum ?? -(2 ** 31);
        const max = s.maximum ?? 2 ** 31 - 1;
        return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 3 }, fc.constantFrom(min, max));
      }
      case "number":
        return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
      case "string":
        return this.#validString(s);
      case "array":
        return fc.array(this.valid(s.items ?? {}), {
          minLength: s.minItems ?? 0,
          maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
        });
      case "object":
        return this.#validObject(s, fixed);
      default:
        return fc.jsonValue();
    }
  }

  #validString(s: Schema): fc.Arbitrary<string> {
    const minLength: number = s.minLength ?? 0;
    const maxLength: number = s.maxLength ?? Number.MAX_SAFE_INTEGER;
    if (s.contentEncoding === "base64url") {
      const minBytes = minLength === 0 ? 0 : Math.floor((3 * (minLength - 1)) / 4) + 1;
      const maxBytes = base64urlBytes(maxLength);
      const cap = Math.max(minBytes, Math.min(maxBytes, MAX_GENERATED_BYTES));
      const bytes = fc.oneof(
        { arbitrary: fc.uint8Array({ minLength: minBytes, maxLength: cap }), weight: 4 },
        fc.constantFrom(minBytes, cap).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
      );
      return bytes.map(toBase64Url);
    }
    if (typeof s.pattern === "string") {
      return fc.stringMatching(new RegExp(s.pattern)).filter((text) =>
        text.length >= minLength && text.length <= maxLength
      );
    }
    if (s.format === "uuid") return fc.uuid();
    if (s.format === "date-time") {
      // RFC 3339 has four-digit years only (toISOString writes others as +275760-…).
      const [min, max] = [new Date("1970-01-01T00:00:00Z"), new Date("9999-12-31T23:59:59Z")];
      return fc.date({ min, max, noInvalidDate: true }).map((date) => date.toISOString())
        .filter((text) => text.length >= minLength && text.length <= maxLength);
    }
    // Free text: controls and NUL included, since the document does not exclude them.
    const edges = EDGE_TEXTS.filter((text) => text.length >= minLength && text.length <= maxLength);
    const text = fc.string({
      unit: TEXT_UNIT,
      minLength,
      maxLength: Math.max(minLength, Math.min(maxLength, MAX_GENERATED_CHARS)),
    });
    return edges.length === 0 ? text : fc.oneof({ arbitrary: text, weight: 3 }, fc.constantFrom(...edges));
  }

  #validObject(s: Schema, fixed: Readonly<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
    const properties: Record<string, Schema> = s.properties ?? {};
    const required = new Set<string>(s.required ?? []);
    const members = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, this.valid(property)]),
    );
    return fc.record(members, {
      requiredKeys: Object.keys(properties).filter((name) => required.has(name) || name in fixed),
    }) as fc.Arbitrary<Record<string, unknown>>;
  }

  /**
   * Values `schema` calls invalid, each with the constraint it breaks; `undefined` if it accepts
   * anything. `text`: the value travels as text (a path or query parameter), so a string schema
   * is not broken by a value of another JSON type.
   */
  invalid(schema: Schema, text = false): fc.Arbitrary<Invalid> | undefined {
    const cache = this.#invalidCache.get(text) as WeakMap<Schema, fc.Arbitrary<Invalid> | undefined>;
    if (!cache.has(schema)) cache.set(schema, this.#invalid(schema, text));
    return cache.get(schema);
  }

  #invalid(schema: Schema, text: boolean): fc.Arbitrary<Invalid> | undefined {
    const s = this.resolve(schema);
    const options: fc.Arbitrary<Invalid>[] = [];
    const wrongType = text && s.type === "string" ? undefined : this.#wrongType(s);
    if (wrongType !== undefined) options.push(fc.constant({ value: wrongType, reason: "wrong type" }));
    const branches = this.branches(s);
    if (branches === undefined) {
      if (Array.isArray(s.enum)) {
        options.push(fc.constant({ value: notIn(s.enum), reason: "not in enum" }));
      } else if (s.type === "integer") options.push(...this.#invalidInteger(s));
      else if (s.type === "string") options.push(...this.#invalidString(s));
      else if (s.type === "array") options.push(...this.#invalidArray(s));
      else if (s.type === "object") options.push(...this.#invalidObject(s));
    }
    return options.length === 0 ? undefined : fc.oneof(...options);
  }

  /** A JSON value of a type no branch of `s` accepts. */
  #wrongType(s: Schema): unknown {
    const types = new Set<string>();
    for (const branch of this.branches(s) ?? [s]) {
      if (branch.const !== undefined || Array.isArray(branch.enum)) {
        for (const value of branch.enum ?? [branch.const]) types.add(jsonType(value));
      } else if (Array.isArray(branch.type)) branch.type.forEach((type: string) => types.add(type));
      else if (typeof branch.type === "string") types.add(branch.type);
      else return undefined;
    }
    if (types.has("integer")) types.add("number");
    const candidates: [string, unknown][] = [["string", "x"], ["number", 1.5], ["boolean", true], ["object", {}], [
      "array",
      [],
    ], ["null", null]];
    return candidates.find(([type]) => !types.has(type))?.[1];
  }

  #invalidInteger(s: Schema): fc.Arbitrary<Invalid>[] {
    const out: fc.Arbitrary<Invalid>[] = [fc.constant({ value: 1.5, reason: "not an integer" })];
    // A maximum of MAX_SAFE_INTEGER (a batch item's version) has no larger integer JSON keeps exact.
    if (typeof s.maximum === "number" && s.maximum < Number.MAX_SAFE_INTEGER) {
      out.push(
        fc.integer({ min: s.maximum + 1, max: Number.MAX_SAFE_INTEGER }).map((value) => ({
          value,
          reason: "> maximum",
        })),
      );
      out.push(fc.constant({ value: s.maximum + 1, reason: "maximum + 1" }));
    }
    if (typeof s.minimum === "number") {
      out.push(fc.constant({ value: s.minimum - 1, reason: "minimum - 1" }));
    }
    return out;
  }

  #invalidString(s: Schema): fc.Arbitrary<Invalid>[] {
    const out: fc.Arbitrary<Invalid>[] = [];
    const valid = this.#validString(s);
    if (typeof s.maxLength === "number" && s.maxLength < 100_000) {
      const filler = s.contentEncoding === "base64url" ? "AAAA" : "a";
      out.push(fc.constant({
        value: filler.repeat(Math.ceil((s.maxLength + 1) / filler.length)),
        reason: "longer than maxLength",
      }));
    }
    if (typeof s.minLength === "number" && s.minLength > 0) {
      out.push(valid.map((text) => ({ value: text.slice(0, s.minLength - 1), reason: "shorter than minLength" })));
    }
    if (typeof s.pattern === "string") {
      const pattern = new RegExp(s.pattern);
      out.push(
        fc.tuple(valid, fc.constantFrom("=", "+", "/", " ", "!", "\u0000", "é")).map(([text, bad]) => ({
          value: `${bad}${text}`.slice(0, Math.max(1, s.maxLength ?? Infinity)),
          reason: "breaks the pattern",
        })).filter(({ value }) => !pattern.test(value)),
      );
    }
    return out;
  }

  #invalidArray(s: Schema): fc.Arbitrary<Invalid>[] {
    const out: fc.Arbitrary<Invalid>[] = [];
    if (typeof s.minItems === "number" && s.minItems > 0) out.push(fc.constant({ value: [], reason: "too few items" }));
    if (typeof s.maxItems === "number" && s.maxItems <= 200) {
      out.push(
        fc.array(this.valid(s.items ?? {}), { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }).map((value) => ({
          value,
          reason: "too many items",
        })),
      );
    }
    const item = this.invalid(s.items ?? {});
    if (item !== undefined) {
      out.push(
        fc.tuple(this.valid(s), item).map(([items, bad]) => ({
          value: [...(items as unknown[]), bad.value],
          reason: `an item: ${bad.reason}`,
        })),
      );
    }
    return out;
  }

  #invalidObject(s: Schema): fc.Arbitrary<Invalid>[] {
    const out: fc.Arbitrary<Invalid>[] = [];
    const valid = this.#validObject(s, {});
    const required: string[] = s.required ?? [];
    if (required.length > 0) {
      out.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([value, name]) => {
          const { [name]: _, ...rest } = value;
          return { value: rest, reason: `missing ${name}` };
        }),
      );
    }
    if (s.additionalProperties === false) {
      out.push(valid.map((value) => ({ value: { ...value, unexpectedMember: 1 }, reason: "an unknown member" })));
    }
    for (const [name, property] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      const bad = this.invalid(property);
      if (bad === undefined) continue;
      out.push(
        fc.tuple(valid, bad).map(([value, member]) => ({
          value: { ...value, [name]: member.value },
          reason: `${name}: ${member.reason}`,
        })),
      );
    }
    return out;
  }
}

/** Whether `branch` can hold the members of `fixed` (present, and equal to any constant it sets). */
function fits(branch: Schema, fixed: Readonly<Record<string, unknown>>): boolean {
  const properties: Record<string, Schema> = branch.properties ?? {};
  const required: string[] = branch.required ?? [];
  return Object.entries(fixed).every(([name, value]) => {
    const property = properties[name];
    // A member the link found absent (it stays absent) fits a branch that does not require it.
    if (value === undefined) return !required.includes(name);
    if (property === undefined) return false;
    if (property.const !== undefined) return property.const === value;
    if (Array.isArray(property.enum) && typeof value !== "object") return property.enum.includes(value);
    return true;
  });
}

function notIn(values: unknown[]): unknown {
  if (values.every((value) => typeof value === "number")) return Math.max(...(values as number[])) + 1;
  return "not-a-member";
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}
