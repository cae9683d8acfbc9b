// Issue 16 items 5 and 7, replayed over HTTP: a `tokens:admin` token cannot mint a token
// beyond its own authority (operator scopes, scopes it lacks, a broader key pattern), and key
// patterns are matched in bounded steps, so a hostile pattern cannot stall the server.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { globSteps, MAX_KEY_PATTERN_WILDCARDS, patternWithin } from "../../src/services/auth/key-pattern.ts";
import { expectProblem, testApp } from "./support.ts";

test("a tokens:admin token with pattern orders-* cannot mint operator scopes, scopes it lacks or a broader pattern", async () => {
  await using t = await testApp();
  // An owner-scoped token admin, as an operator would hand to a team (every non-operator scope).
  const teamScopes = SCOPES.filter((s) => s !== "keystore:admin" && s !== "audit:read" && s !== "keys:create");
  const team = await t.tokens.create("acme", { name: "team-admin", scopes: teamScopes, keyPattern: "orders-*" });
  const mint = (body: unknown) => t.call("POST", "/v1/tokens", body, team.secret);

  for (const scope of ["keystore:admin", "audit:read"]) {
    const body = await expectProblem(
      await mint({ name: "x", scopes: ["keys:read", scope], keyPattern: "orders-*" }),
      403,
      "scope-operator-only",
    );
    assert.deepEqual(body.scopes, [scope]);
  }
  const lacking = await expectProblem(
    await mint({ name: "x", scopes: ["keys:sign", "keys:create"], keyPattern: "orders-*" }),
    403,
    "scope-not-held",
  );
  assert.deepEqual(lacking.scopes, ["keys:create"]);
  for (const broader of ["*", "orders*", "*-*", "order*", "payroll-*", "*orders-*"]) {
    await expectProblem(
      await mint({ name: "x", scopes: ["keys:sign"], keyPattern: broader }),
      403,
      "key-pattern-not-contained",
    );
  }
  // The default pattern (*) is broader too: it must be asked for explicitly and is refused.
  await expectProblem(await mint({ name: "x", scopes: ["keys:sign"] }), 403, "key-pattern-not-contained");

  // Within its authority it still mints, for its own owner; the new token works as narrowed.
  for (const narrower of ["orders-*", "orders-eu-*", "orders-eu-*-signer", "orders-1"]) {
    const res = await mint({ name: "ok", scopes: ["keys:read", "tokens:admin"], keyPattern: narrower });
    assert.equal(res.status, 201, await res.clone().text());
    await res.body?.cancel();
  }
  const listed = await (await t.call("GET", "/v1/tokens", undefined, team.secret)).json();
  assert.ok(listed.tokens.every((tok: { scopes: string[] }) => !tok.scopes.includes("audit:read")));
  assert.equal(listed.tokens.length, 5, "the team admin and the four tokens it could mint; nothing else");

  // Nothing leaked into the default owner: the operator's own admin token sees no new tokens.
  const ops = await (await t.call("GET", "/v1/tokens")).json();
  assert.equal(ops.tokens.length, 1);

  // Even the all-powerful admin token cannot grant operator scopes over HTTP: the CLI does.
  await expectProblem(
    await t.call("POST", "/v1/tokens", { name: "x", scopes: ["audit:read"] }),
    403,
    "scope-operator-only",
  );
  assert.deepEqual(t.faults, []);
});

test("a minted tokens:admin cannot escalate through a grandchild either", async () => {
  await using t = await testApp();
  const team = await t.tokens.create("", { name: "team", scopes: ["tokens:admin", "keys:sign"], keyPattern: "a-*" });
  const child = await (await t.call("POST", "/v1/tokens", {
    name: "child",
    scopes: ["tokens:admin"],
    keyPattern: "a-b-*",
  }, team.secret)).json();
  assert.ok(typeof child.secret === "string");
  await expectProblem(
    await t.call("POST", "/v1/tokens", { name: "g", scopes: ["keys:sign"], keyPattern: "a-b-*" }, child.secret),
    403,
    "scope-not-held",
  );
  await expectProblem(
    await t.call("POST", "/v1/tokens", { name: "g", scopes: ["tokens:admin"], keyPattern: "a-*" }, child.secret),
    403,
    "key-pattern-not-contained",
  );
});

test("a narrower tokens:admin cannot revoke tokens beyond its own authority", async () => {
  await using t = await testApp();
  const team = await t.tokens.create("", { name: "team", scopes: ["tokens:admin", "keys:sign"], keyPattern: "a-*" });
  const broad = await t.tokens.create("", { name: "broad", scopes: ["keys:sign"], keyPattern: "*" });
  const other = await t.tokens.create("", { name: "other", scopes: ["keys:read"], keyPattern: "a-*" });
  const mine = await t.tokens.create("", { name: "mine", scopes: ["keys:sign"], keyPattern: "a-b-*" });
  const listed = await (await t.call("GET", "/v1/tokens")).json();
  const admin = listed.tokens.find((tok: { name: string }) => tok.name === "test-admin");
  for (const id of [admin.id, broad.id, other.id]) {
    await expectProblem(
      await t.call("DELETE", `/v1/tokens/${id}`, undefined, team.secret),
      403,
      "token-beyond-authority",
    );
  }
  assert.equal((await t.call("GET", "/v1/tokens")).status, 200, "the admin token still works");
  assert.equal((await t.call("DELETE", `/v1/tokens/${mine.id}`, undefined, team.secret)).status, 204);
  assert.equal((await t.call("DELETE", `/v1/tokens/${broad.id}`)).status, 204, "the broader admin may");
});

test("patterns with more wildcards than the documented limit are refused at creation (422)", async () => {
  await using t = await testApp();
  const many = `${"a*".repeat(MAX_KEY_PATTERN_WILDCARDS + 1)}b`;
  const body = await expectProblem(
    await t.call("POST", "/v1/tokens", { name: "x", scopes: ["keys:read"], keyPattern: many }),
    422,
    "key-pattern-too-complex",
  );
  assert.match(String(body.detail), new RegExp(`at most ${MAX_KEY_PATTERN_WILDCARDS}`));
  const limit = `${"a*".repeat(MAX_KEY_PATTERN_WILDCARDS)}b`;
  const ok = await t.call("POST", "/v1/tokens", { name: "x", scopes: ["keys:read"], keyPattern: limit });
  assert.equal(ok.status, 201);
  await ok.body?.cancel();
});

test("a backtracking-hostile pattern against a 128-character name is answered at once", async () => {
  await using t = await testApp();
  const hostile = await t.tokens.create("", { name: "h", scopes: ["keys:read"], keyPattern: "*a*a*a*a*a*b" });
  const name = "a".repeat(128);
  const started = performance.now();
  await expectProblem(await t.call("GET", `/v1/keys/${name}`, undefined, hostile.secret), 403, "forbidden");
  // The regular expression this replaced took seconds to minutes here; generous for a slow CI.
  assert.ok(performance.now() - started < 2000, "the hostile pattern stalled the request");
});

test("the matcher's worst cases stay within (name + 1) × (pattern + 1) steps, far under a millisecond", () => {
  const names = ["a".repeat(128), `${"a".repeat(127)}b`, "ab".repeat(64), `${"a".repeat(64)}${"b".repeat(64)}`];
  const patterns = [
    "*a*a*a*a*a*b",
    `${"*a".repeat(MAX_KEY_PATTERN_WILDCARDS)}*b`,
    `*${"a".repeat(100)}b`,
    `*${"a".repeat(60)}*${"a".repeat(60)}c`,
    `${"a*".repeat(MAX_KEY_PATTERN_WILDCARDS)}c`,
    "*ab*ab*ab*ab*ab*ab*ab*abc",
  ];
  let worst = 0;
  for (const pattern of patterns) {
    for (const name of names) {
      const { steps } = globSteps(pattern, name);
      const bound = (name.length + 1) * (pattern.length + 1);
      assert.ok(steps <= bound, `${pattern} vs ${name}: ${steps} steps > ${bound}`);
      worst = Math.max(worst, steps);
    }
  }
  // 128 × 129 steps is ~16 500 character comparisons: microseconds. Measured generously too.
  assert.ok(worst <= 129 * 129);
  const iterations = 2000;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) globSteps("*a*a*a*a*a*a*a*a*b", names[0]!);
  const perCall = (performance.now() - started) / iterations;
  assert.ok(perCall < 1, `${perCall} ms per worst-case match`);
});

test("the matcher agrees with the glob definition, and containment is sound", () => {
  const cases: [string, string, boolean][] = [
    ["*", "", true],
    ["*", "orders-1", true],
    ["orders-*", "orders-", true],
    ["orders-*", "orders", false],
    ["a*c", "abbc", true],
    ["a*c", "abcd", false],
    ["*a*b", `${"a".repeat(10)}b`, true],
    ["exact", "exact", true],
    ["exact", "exact2", false],
  ];
  for (const [pattern, name, matched] of cases) assert.equal(globSteps(pattern, name).matched, matched, pattern);
  // Contained, recognised.
  for (const [inner, outer] of [["orders-*", "*"], ["orders-eu-*", "orders-*"], ["a-*-b", "a-*"], ["x", "*"]]) {
    assert.ok(patternWithin(inner!, outer!), `${inner} within ${outer}`);
  }
  // Not contained: refused.
  for (const [inner, outer] of [["*", "orders-*"], ["orders*", "orders-*"], ["*-*", "orders-*"], ["a*", "a*b"]]) {
    assert.ok(!patternWithin(inner!, outer!), `${inner} not within ${outer}`);
  }
  // Soundness, by sampling: every name a recognised inner pattern allows, the outer allows too.
  const alphabet = "ab-*";
  const random = (n: number, from: string) =>
    Array.from({ length: n }, () => from[Math.floor(Math.random() * from.length)]).join("");
  for (let i = 0; i < 3000; i++) {
    const inner = random(Math.floor(Math.random() * 6), alphabet);
    const outer = random(Math.floor(Math.random() * 6), alphabet);
    if (!patternWithin(inner, outer)) continue;
    for (let k = 0; k < 10; k++) {
      const name = inner.split("*").map((part, j) =>
        (j === 0 ? "" : random(Math.floor(Math.random() * 3), "ab-")) + part
      )
        .join("");
      assert.ok(globSteps(outer, name).matched, `${inner} ⊆ ${outer} but ${outer} does not match ${name}`);
    }
  }
});
