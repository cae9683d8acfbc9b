// The OpenAPI document is the contract, and the server is held to it: requests are generated
// from the document itself (JSON Schema → fast-check, valid and invalid values), stateful
// sequences follow the document's links (create a key, then sign with it; sign, then verify
// that signature; register a device, then answer its challenge…), and every answer must be
//   - below 500, with no internal fault logged;
//   - a status the operation documents, with a body that matches the documented schema (ajv),
//     and, for a problem, a `type` the operation lists for that status (`x-problem-types`);
//   - a 4xx for a request the document calls invalid; not a 400 validation/parse refusal for a
//     request it calls valid (other refusals are fine when documented: 404, 409, 422…).
// The seed is fixed (PQGATE_FC_SEED overrides it) and printed on failure; PQGATE_FC_RUNS sets
// the number of sequences.

import process from "node:process";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { testApp } from "../routes/support.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { fillPath } from "../routes/operations.ts";
import { type Invalid, type Schema, SchemaArbitraries } from "./schema-arbitrary.ts";

const SEED = Number(process.env.PQGATE_FC_SEED ?? 20261207);
const RUNS = Number(process.env.PQGATE_FC_RUNS ?? 100);
const MAX_STEPS = 10;
const DOC_ID = "urn:pqgate:openapi";
const HEAVY = new Set(["keystoreRotate", "keystoreFinish", "auditVerify"]);
/** Refusals that mean "the request does not match its contract". */
const CONTRACT_REFUSALS = new Set(["validation", "http-error", "bad-request"].map((k) => `urn:pqgate:problem:${k}`));

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly required?: boolean;
  readonly schema: Schema;
}

interface LinkSpec {
  readonly operationId: string;
  readonly parameters?: Record<string, string>;
  readonly requestBody?: Record<string, unknown>;
}

interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly pointer: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | undefined;
  readonly responses: Record<string, Schema>;
}

/** A link ready to follow: the target and the values it fixes. */
interface Pending {
  readonly target: Operation;
  readonly params: Record<string, unknown>;
  readonly body: Record<string, unknown>;
  readonly via: string;
}

interface Sent {
  readonly op: Operation;
  readonly params: Record<string, unknown>;
  readonly body: unknown;
  readonly invalid: string | undefined;
  readonly authorized: boolean;
  readonly via: string | undefined;
}

const pointerPart = (text: string) => text.replaceAll("~", "~0").replaceAll("/", "~1");

function operationsOf(document: Schema): Operation[] {
  return Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: op.operationId as string,
      method: method.toUpperCase(),
      path,
      pointer: `#/paths/${pointerPart(path)}/${method}`,
      parameters: (op.parameters ?? []) as Parameter[],
      body: op.requestBody?.content?.["application/json"]?.schema as Schema | undefined,
      responses: op.responses as Record<string, Schema>,
    }))
  );
}

/** `$response.body#/a/b`, `$request.path.x`, `$request.body#/y`, or a constant. */
function evaluate(expression: unknown, sent: Sent, response: unknown): unknown {
  if (typeof expression !== "string" || !expression.startsWith("$")) return expression;
  const pointer = (root: unknown, path: string) =>
    path.split("/").slice(1).reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")],
      root,
    );
  if (expression.startsWith("$response.body#")) return pointer(response, expression.slice("$response.body#".length));
  if (expression.startsWith("$request.body#")) return pointer(sent.body, expression.slice("$request.body#".length));
  const match = /^\$request\.(path|query)\.(.+)$/.exec(expression);
  if (match !== null) return sent.params[match[2] as string];
  throw new Error(`unsupported runtime expression ${expression}`);
}

test(`the server keeps the OpenAPI contract for generated requests and linked sequences (seed ${SEED})`, async () => {
  await using t = await testApp({ maxBodyBytes: 2 << 20 });
  const admin = (await t.tokens.create("", { name: "contract", scopes: SCOPES, keyPattern: "*" })).secret;
  const document = await (await t.call("GET", "/openapi.json")).json() as Schema;
  const operations = operationsOf(document).filter((op) => op.path.startsWith("/v1/"));
  const byId = new Map(operations.map((op) => [op.id, op]));
  const arbitraries = new SchemaArbitraries(document);

  const timing = new Map<string, number>();
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addFormat("base64url", /^[A-Za-z0-9_-]*$/);
  ajv.addSchema({ ...document, $id: DOC_ID });
  const validators = new Map<string, ReturnType<Ajv2020["compile"]>>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (validate === undefined) {
      const before = Date.now();
      validate = ajv.compile({ $ref: `${DOC_ID}${pointer}` });
      timing.set("(ajv compile)", (timing.get("(ajv compile)") ?? 0) + Date.now() - before);
      validators.set(pointer, validate);
    }
    return validate;
  };

  // Every link names an operation of the document.
  for (const op of operations) {
    for (const response of Object.values(op.responses)) {
      for (const [name, link] of Object.entries((response.links ?? {}) as Record<string, LinkSpec>)) {
        assert.ok(byId.has(link.operationId), `${op.id} link ${name}: no operation ${link.operationId}`);
      }
    }
  }

  // Operations whose answers link onward are drawn more often, so that sequences form.
  // The ones whose cost grows with everything stored (root rotation re-wraps every key, audit
  // verification reads the whole chain) are drawn rarely, to keep the run short.
  const heavy = operations.filter((op) => HEAVY.has(op.id));
  const light = operations.filter((op) => !HEAVY.has(op.id));
  const producers = light.filter((op) => Object.values(op.responses).some((r) => r.links !== undefined));
  const choice = fc.oneof(
    { arbitrary: fc.constantFrom(...producers), weight: 8 },
    { arbitrary: fc.constantFrom(...light), weight: 12 },
    { arbitrary: fc.constantFrom(...heavy), weight: 1 },
  );
  let heavyLeft = 8;
  const seen = new Map<string, number>();
  let failure = "";
  let requests = 0;
  let followed = 0;

  async function step(g: fc.GeneratorValue, pending: Pending[]): Promise<void> {
    const follow = pending.length > 0 && g(() => fc.integer({ min: 0, max: 9 })) < 6;
    const link = follow ? pending.splice(g(() => fc.nat({ max: pending.length - 1 })), 1)[0] : undefined;
    let op = link?.target ?? g(() => choice);
    if (HEAVY.has(op.id) && heavyLeft-- <= 0) op = g(() => fc.constantFrom(...light));
    const invalidTarget = link === undefined && g(() => fc.integer({ min: 0, max: 9 })) < 3;
    const authorized = g(() => fc.integer({ min: 0, max: 19 })) > 0;

    const params: Record<string, unknown> = {};
    for (const p of op.parameters) {
      if (link !== undefined && link.params[p.name] !== undefined) params[p.name] = link.params[p.name];
      else if (p.in === "path" || p.required === true || g(() => fc.boolean())) {
        params[p.name] = g(() => arbitraries.valid(p.schema));
      }
    }
    let body: unknown = op.body === undefined
      ? undefined
      : { ...(g(() => arbitraries.valid(op.body as Schema, link?.body ?? {})) as object), ...link?.body };
    // Values a link takes from an optional member that was absent stay absent.
    if (link !== undefined && typeof body === "object" && body !== null) {
      body = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    }
    let invalid: string | undefined;
    if (invalidTarget) {
      const targets = [
        ...(op.body === undefined ? [] : [{ where: "body", schema: op.body }]),
        ...op.parameters.filter((p) => p.name in params).map((p) => ({ where: p.name, schema: p.schema })),
      ].filter(({ where, schema }) => arbitraries.invalid(schema, where !== "body") !== undefined);
      if (targets.length > 0) {
        const target = g(() => fc.constantFrom(...targets));
        const bad = g(() => arbitraries.invalid(target.schema, target.where !== "body") as fc.Arbitrary<Invalid>);
        invalid = `${target.where}: ${bad.reason}`;
        if (target.where === "body") body = bad.value;
        else params[target.where] = bad.value;
      }
    }
    // The generator agrees with the document (else the test, not the server, is wrong).
    if (op.body !== undefined && !(invalid ?? "").startsWith("body")) {
      const check = validatorAt(`${op.pointer}/requestBody/content/application~1json/schema`);
      assert.ok(check(body), `generated body for ${op.id} is not valid: ${JSON.stringify(check.errors)}`);
    }

    const path = fillPath(op.path, (name) => String(params[name]));
    const query = new URLSearchParams(
      op.parameters.filter((p) => p.in === "query" && params[p.name] !== undefined).map((
        p,
      ) => [p.name, typeof params[p.name] === "string" ? params[p.name] as string : JSON.stringify(params[p.name])]),
    ).toString();
    const url = query === "" ? path : `${path}?${query}`;
    const sent: Sent = { op, params, body, invalid, authorized, via: link?.via };
    const label = `${op.method} ${url.slice(0, 160)}${link ? ` (via ${link.via})` : ""}${
      invalid ? ` [invalid ${invalid}]` : ""
    }${authorized ? "" : " [no token]"}`;

    const faults = t.faults.length;
    const before = Date.now();
    const res = await t.call(op.method, url, body, authorized ? admin : null);
    timing.set(op.id, (timing.get(op.id) ?? 0) + Date.now() - before);
    requests++;
    if (link !== undefined) followed++;
    const text = await res.text();
    const key = `${op.id} ${res.status}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const context = `${label}: ${res.status} ${text.slice(0, 600)}\nbody sent: ${JSON.stringify(body)?.slice(0, 400)}`;

    assert.ok(res.status < 500, `5xx: ${context}`);
    assert.equal(t.faults.length, faults, `an internal fault was logged: ${context}`);
    const documented = op.responses[String(res.status)];
    assert.ok(documented !== undefined, `status ${res.status} not documented for ${op.id}: ${context}`);
    const mediaType = res.headers.get("content-type")?.split(";")[0] ?? "";
    const content = documented.content as Record<string, Schema> | undefined;
    let parsed: unknown;
    if (content === undefined) assert.equal(text, "", `${op.id} ${res.status} documents no body: ${context}`);
    else {
      assert.ok(mediaType in content, `${op.id} ${res.status}: media type ${mediaType} not documented: ${context}`);
      parsed = JSON.parse(text);
      const check = validatorAt(
        `${op.pointer}/responses/${res.status}/content/${pointerPart(mediaType)}/schema`,
      );
      assert.ok(
        check(parsed),
        `${op.id} ${res.status} body does not match: ${JSON.stringify(check.errors)}; ${context}`,
      );
    }
    if (res.status >= 400) {
      const type = (parsed as { type?: string }).type ?? "";
      const listed = (documented["x-problem-types"] ?? []) as string[];
      assert.ok(listed.includes(type), `${op.id} ${res.status}: problem ${type} not listed (${listed}): ${context}`);
      if (!authorized) assert.equal(res.status, 401, context);
      else if (invalid === undefined) {
        assert.ok(!CONTRACT_REFUSALS.has(type), `a request the document calls valid was refused: ${context}`);
      }
    } else {
      assert.ok(invalid === undefined || !authorized, `a request the document calls invalid was accepted: ${context}`);
    }

    if (res.status < 300 && authorized && invalid === undefined) {
      for (const [name, spec] of Object.entries((documented.links ?? {}) as Record<string, LinkSpec>)) {
        const target = byId.get(spec.operationId);
        if (target === undefined) continue;
        const resolve = (values: Record<string, unknown> = {}) =>
          Object.fromEntries(Object.entries(values).map(([k, v]) => [k, evaluate(v, sent, parsed)]));
        pending.push({
          target,
          params: resolve(spec.parameters),
          body: resolve(spec.requestBody),
          via: `${op.id}.${name}`,
        });
      }
    }
  }

  const property = fc.asyncProperty(fc.gen(), async (gen) => {
    const g: fc.GeneratorValue = ((factory: () => fc.Arbitrary<unknown>) => {
      const before = Date.now();
      const value = gen(factory);
      timing.set("(generate)", (timing.get("(generate)") ?? 0) + Date.now() - before);
      return value;
    }) as fc.GeneratorValue;
    const pending: Pending[] = [];
    const steps = g(() => fc.integer({ min: 1, max: MAX_STEPS }));
    try {
      for (let i = 0; i < steps; i++) await step(g, pending);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      throw error;
    }
  });
  const started = Date.now();
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
  } catch (error) {
    const report = String(error).replace(/Counterexample: .*\n/, "");
    throw new Error(`the contract was broken; reproduce with PQGATE_FC_SEED=${SEED}\n${failure}\n${report}`);
  }
  console.log(
    `contract: ${requests} requests (${followed} through links) in ${Date.now() - started} ms; ` +
      `slowest ${JSON.stringify([...timing].sort((a, b) => b[1] - a[1]).slice(0, 6))}; ` +
      `statuses by operation ${JSON.stringify(Object.fromEntries(seen))}`,
  );
}, { timeoutMs: 300_000 });
