// The OpenAPI document is precise enough to generate clients and requests from: every
// constraint a request has is stated with standard JSON Schema keywords. Checked on the
// committed document (client/http/openapi.json), which test/http-client keeps equal to the one
// the server serves.

import { readFileSync } from "node:fs";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { type Schema, SchemaArbitraries } from "./schema-arbitrary.ts";
import { PROBLEM_TYPES, type ProblemKind, problemType } from "../../src/http/problem.ts";
import { exactBase64urlPattern } from "../../src/http/base64url.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";

const document = JSON.parse(
  readFileSync(new URL("../../client/http/openapi.json", import.meta.url), "utf8"),
) as Schema;
const schemas = new SchemaArbitraries(document);
const operations = Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap((
  [path, methods],
) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

/** Every schema reachable from `schema` with its JSON path, `$ref`s followed once each. */
function* walk(schema: Schema, at: string, seen = new Set<Schema>()): Generator<[string, Schema]> {
  const s = schemas.resolve(schema);
  if (seen.has(s)) return;
  seen.add(s);
  yield [at, s];
  for (const [name, property] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    yield* walk(property, `${at}.${name}`, seen);
  }
  if (s.items !== undefined) yield* walk(s.items, `${at}[]`, seen);
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) yield* walk(branch, `${at}|`, seen);
}

/** Whether a pattern admits strings of any length (`*`, `+` or `{n,}` outside character classes). */
function unbounded(pattern: string): boolean {
  return /[*+]|\{\d+,\}/.test(pattern.replace(/\[(?:\\.|[^\]])*\]/g, "C"));
}

/** Every schema of a request: path and query parameters and JSON bodies. */
function requestSchemas(): [string, Schema][] {
  return operations.flatMap(({ path, method, op }) => {
    const name = `${method.toUpperCase()} ${path}`;
    const body = op.requestBody?.content?.["application/json"]?.schema as Schema | undefined;
    const parameters = ((op.parameters ?? []) as Schema[]).map((p): [string, Schema] => [
      `${name} ${p.in} ${p.name}`,
      p.schema,
    ]);
    return [...parameters, ...(body === undefined ? [] : [[`${name} body`, body] as [string, Schema]])];
  });
}

/**
 * The one request integer the database need not hold: a batch item's version. A version above
 * 2³¹ − 1 is one no key has, and fails that item alone (`version-not-found`), not the batch.
 */
const PER_ITEM_VERSIONS = new Set([
  "POST /v1/keys/{name}/sign-batch body.items[]|.version",
  "POST /v1/keys/{name}/verify-batch body.items[]|.version",
]);

test("every request integer has a minimum and a maximum the database holds", () => {
  for (const [name, root] of requestSchemas()) {
    for (const [at, s] of walk(root, name)) {
      if (s.type !== "integer" || Array.isArray(s.enum)) continue;
      assert.equal(typeof s.minimum, "number", `${at}: no minimum`);
      const limit = PER_ITEM_VERSIONS.has(at) ? Number.MAX_SAFE_INTEGER : 2 ** 31 - 1;
      assert.ok(typeof s.maximum === "number" && s.maximum <= limit, `${at}: maximum ${s.maximum}`);
    }
  }
});

test("every request string is bounded, and every byte string says so in standard keywords", () => {
  let byteStrings = 0;
  for (const [name, root] of requestSchemas()) {
    for (const [at, s] of walk(root, name)) {
      if (s.type !== "string" || Array.isArray(s.enum) || s.const !== undefined) continue;
      const bounded = typeof s.maxLength === "number" ||
        (typeof s.pattern === "string" && !unbounded(s.pattern));
      assert.ok(bounded, `${at}: neither maxLength nor a bounded pattern`);
      if (s.format === "base64url") {
        byteStrings++;
        assert.equal(s.contentEncoding, "base64url", `${at}: no contentEncoding`);
        assert.equal(typeof s.pattern, "string", `${at}: no pattern`);
        assert.equal(typeof s.maxLength, "number", `${at}: no maxLength`);
      }
    }
  }
  assert.ok(byteStrings >= 20, `only ${byteStrings} byte strings found`);
});

test("every path parameter has a pattern or an enum", () => {
  for (const { path, method, op } of operations) {
    for (const p of (op.parameters ?? []) as Schema[]) {
      if (p.in !== "path") continue;
      const s = schemas.resolve(p.schema);
      assert.ok(typeof s.pattern === "string" || Array.isArray(s.enum), `${method} ${path} {${p.name}}`);
    }
  }
});

test("exact-length patterns admit exactly the canonical encodings of that many bytes", () => {
  for (const bytes of [0, 1, 2, 3, 16, 32, 1216, 3373]) {
    const pattern = new RegExp(exactBase64urlPattern(bytes));
    const data = new Uint8Array(bytes).map((_, i) => (i * 37 + 11) & 0xff);
    const text = toBase64Url(data);
    assert.ok(pattern.test(text), `${bytes} bytes`);
    if (bytes > 0) {
      assert.ok(!pattern.test(toBase64Url(data.subarray(1))), `${bytes - 1} bytes matched ${bytes}`);
      // The same length with non-zero padding bits is not canonical: refused by both.
      const last = text.at(-1) as string;
      if (bytes % 3 !== 0) {
        const skewed = text.slice(0, -1) + (last === "B" ? "C" : "B");
        assert.equal(pattern.test(skewed), fromBase64Url(skewed) !== undefined, skewed);
      }
    }
  }
});

test("every operation documents its statuses: a success, 500, and each problem type under its status", () => {
  for (const { path, method, op } of operations) {
    const responses = op.responses as Record<string, Schema>;
    const name = `${method.toUpperCase()} ${path}`;
    assert.ok(Object.keys(responses).some((status) => status.startsWith("2")), `${name}: no success`);
    assert.ok(responses["500"] !== undefined, `${name}: no 500`);
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) < 400) continue;
      const types = response["x-problem-types"] as string[] | undefined;
      assert.ok(Array.isArray(types) && types.length > 0, `${name} ${status}: no x-problem-types`);
      for (const type of types) {
        const kind = type.replace("urn:pqgate:problem:", "") as ProblemKind;
        assert.equal(problemType(kind), type, `${name}: unknown ${type}`);
        assert.equal(String(PROBLEM_TYPES[kind].status), status, `${name}: ${type} under ${status}`);
      }
    }
  }
});

test("the statuses differ by operation, and the probes and metrics are in the document", () => {
  const sets = new Set(operations.map(({ op }) => Object.keys(op.responses).sort().join(",")));
  assert.ok(sets.size >= 10, `only ${sets.size} distinct status sets`);
  for (const path of ["/healthz", "/readyz", "/metrics"]) assert.ok(document.paths[path]?.get, path);
});

test("every link names an operation of the document and uses runtime expressions it can resolve", () => {
  const ids = new Set(operations.map(({ op }) => op.operationId as string));
  let links = 0;
  for (const { path, method, op } of operations) {
    for (const response of Object.values(op.responses as Record<string, Schema>)) {
      for (const [name, link] of Object.entries((response.links ?? {}) as Record<string, Schema>)) {
        links++;
        assert.ok(ids.has(link.operationId), `${method} ${path} link ${name}: ${link.operationId}`);
        const values = [...Object.values(link.parameters ?? {}), ...Object.values(link.requestBody ?? {})];
        for (const value of values) {
          if (typeof value !== "string" || !value.startsWith("$")) continue;
          assert.match(value, /^\$(response\.body#\/|request\.body#\/|request\.path\.)/, `${name}: ${value}`);
        }
      }
    }
  }
  assert.ok(links >= 20, `only ${links} links`);
});
