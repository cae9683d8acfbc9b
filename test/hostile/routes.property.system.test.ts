// Property-based hostile input over every operation of the OpenAPI document (path and query
// parameters, bodies, content types): every answer is a documented 2xx or a 4xx problem with a
// `type`, never a 5xx, never a hang, and no internal fault is logged. The seed is fixed
// (PQGATE_FC_SEED overrides it) and printed on failure, so a failure reproduces.

import process from "node:process";
import fc from "fast-check";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { apiOperations, fillPath, type Operation } from "../routes/operations.ts";
import { type TestApp, testApp } from "../routes/support.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { contentType, hostileBody, hostileString, propertyNames } from "./inputs.ts";

const SEED = Number(process.env.PQGATE_FC_SEED ?? 20261123);
const RUNS = Number(process.env.PQGATE_FC_RUNS ?? 300);
const MAX_BODY_BYTES = 64 * 1024;
const REQUEST_TIMEOUT_MS = 15_000;
const UUID = "00000000-0000-4000-8000-000000000000";

/** Values that reach past validation: real key names (created below), well-formed ids. */
const PLAUSIBLE: Record<string, string[]> = {
  name: ["sig", "kem", "absent-key"],
  method: ["password", "shares"],
};

interface HostileRequest {
  readonly op: Operation;
  readonly method: string;
  readonly path: string;
  readonly body: string | undefined;
  readonly contentType: string | undefined;
  readonly authorized: boolean;
}

function requests(operations: Operation[], fieldNames: string[]): fc.Arbitrary<HostileRequest> {
  const param = (name: string) =>
    fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...(PLAUSIBLE[name] ?? [UUID])) }, {
      weight: 1,
      arbitrary: hostileString,
    });
  const query = fc.dictionary(fc.constantFrom("limit", "after", "__proto__", "x"), hostileString, { maxKeys: 3 });
  return fc.constantFrom(...operations).chain((op) =>
    fc.record({
      op: fc.constant(op),
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(op.method) }, {
        weight: 1,
        arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
      }),
      path: fc.tuple(fc.tuple(...op.pathParams.map(param)), query).map(([values, q]) => {
        const filled = fillPath(op.template, (name) => values[op.pathParams.indexOf(name)] ?? UUID);
        const search = new URLSearchParams(Object.entries(q)).toString();
        return search === "" ? filled : `${filled}?${search}`;
      }),
      body: op.hasBody ? hostileBody(fieldNames, MAX_BODY_BYTES) : fc.option(fc.constant("{}"), { nil: undefined }),
      contentType,
      authorized: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
  );
}

async function send(t: TestApp, admin: string, r: HostileRequest): Promise<Response> {
  const headers: Record<string, string> = r.authorized ? { authorization: `Bearer ${admin}` } : {};
  if (r.contentType !== undefined) headers["content-type"] = r.contentType;
  const withBody = r.body !== undefined && r.method !== "GET";
  const answer = Promise.resolve(
    t.app.request(r.path, { method: r.method, headers, ...(withBody ? { body: r.body } : {}) }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    return await Promise.race([answer, hang]);
  } finally {
    clearTimeout(timer);
  }
}

test(`hostile input on every route: 4xx problems or documented 2xx, never 5xx (seed ${SEED})`, async () => {
  await using t = await testApp({ maxBodyBytes: MAX_BODY_BYTES });
  const admin = (await t.tokens.create("", { name: "fc", scopes: SCOPES, keyPattern: "*" })).secret;
  assert.equal((await t.call("POST", "/v1/keys", { name: "sig", algorithm: "ML-DSA-44" })).status, 201);
  assert.equal((await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" })).status, 201);
  const { operations, document } = await apiOperations(t);
  assert.ok(operations.length >= 30, `found only ${operations.length} operations`);
  const fieldNames = propertyNames(document);
  const seen = new Map<number, number>();
  const property = fc.asyncProperty(requests(operations, fieldNames), async (r) => {
    const label = `${r.method} ${r.path.slice(0, 120)} (${r.contentType}, ${r.body?.length ?? 0} bytes)`;
    const faults = t.faults.length;
    const res = await send(t, r.authorized ? admin : "", r);
    const text = await res.text();
    seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
    assert.ok(res.status < 500, `${label}: ${res.status} ${text}`);
    assert.equal(t.faults.length, faults, `${label}: an internal fault was logged`);
    if (res.status >= 400) {
      assert.equal(res.headers.get("content-type"), "application/problem+json", `${label}: ${text}`);
      const body = JSON.parse(text) as { type?: unknown; status?: unknown };
      assert.match(String(body.type), /^urn:pqgate:problem:[a-z0-9-]+$/, `${label}: ${text}`);
      assert.equal(body.status, res.status);
    } else if (r.method === r.op.method) {
      assert.ok(r.op.statuses.includes(String(res.status)), `${label}: undocumented ${res.status}`);
    }
  });
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
  } catch (error) {
    throw new Error(`hostile input failed; reproduce with PQGATE_FC_SEED=${SEED}\n${error}`);
  }
  console.log(`hostile input: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(seen))}`);
}, { timeoutMs: 300_000 });
