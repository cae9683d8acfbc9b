// Every /v1 route in the OpenAPI document, driven generically: no token, a token without the
// scope, malformed JSON, a body of the wrong shape, an oversized body. Each must be its own
// 4xx problem, and no request may produce a 5xx or an internal fault.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { apiOperations, fillPath } from "./operations.ts";
import { expectProblem, testApp } from "./support.ts";

const UUID = "00000000-0000-4000-8000-000000000000";
const EXAMPLE_PARAMS: Record<string, string> = { name: "some-key", method: "password" };

test("every /v1 route refuses missing tokens, missing scopes, bad JSON, wrong shapes, huge bodies", async () => {
  await using t = await testApp({ maxBodyBytes: 64 * 1024 });
  const operations = (await apiOperations(t)).operations
    .filter((op) => op.template.startsWith("/v1/"))
    .map((op) => ({ ...op, path: fillPath(op.template, (param) => EXAMPLE_PARAMS[param] ?? UUID) }));
  assert.ok(operations.length >= 20, `found only ${operations.length} operations`);
  // audit:read is an operator scope: granted as the CLI does, not over HTTP.
  const noScopes = await t.tokens.create("", { name: "none", scopes: ["audit:read"], keyPattern: "zz" });
  const hugeBody = JSON.stringify({ pad: "x".repeat(70 * 1024) });
  for (const op of operations) {
    const label = `${op.method} ${op.path}`;
    await expectProblem(await t.call(op.method, op.path, op.hasBody ? {} : undefined, null), 401, "unauthorized");
    if (op.path !== "/v1/audit/verify") {
      const res = await t.call(op.method, op.path, op.hasBody ? {} : undefined, noScopes.secret);
      // Validation may run before the scope check; either way a 4xx problem, never a 5xx.
      assert.ok([400, 403].includes(res.status), `${label} without scope: ${res.status}`);
      await res.body?.cancel();
    }
    if (op.hasBody) {
      const bad = await t.call(op.method, op.path, "{not json");
      assert.equal(bad.status, 400, `${label} malformed JSON: ${await bad.clone().text()}`);
      const shape = await t.call(op.method, op.path, { unexpected: [1, 2, 3] });
      assert.ok(shape.status >= 400 && shape.status < 500, `${label} wrong shape: ${shape.status}`);
      await expectProblem(await t.call(op.method, op.path, hugeBody), 413, "payload-too-large");
    }
  }
  assert.deepEqual(t.faults, [], "no request produced an internal fault");
}, { timeoutMs: 120_000 });
