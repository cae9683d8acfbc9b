/**
 * The audit middleware on a bare Hono app with a recording fake: declared actions and key
 * names, handler notes, thrown errors, unknown and undeclared routes, and a failing recorder.
 *
 * @module
 */

import { Hono } from "hono";
import { audited, type AuditEnv, auditTrail } from "../../src/http/audit-middleware.ts";
import { errorHandler, type ErrorLog, notFound } from "../../src/http/errors.ts";
import type { AuditEntry } from "../../src/services/audit/audit-service.ts";
import { RateLimiter } from "../../src/services/auth/rate-limiter.ts";
import { systemClock } from "../../src/common/clock.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";

function fixture(fails = false, failOpen = false) {
  const entries: AuditEntry[] = [];
  const faults: Readonly<Record<string, unknown>>[] = [];
  const log: ErrorLog = { error: (_message, fields) => void faults.push(fields) };
  const recorder = {
    record: (entry: AuditEntry) => {
      if (fails) return Promise.reject(new Error("connection to 10.0.0.7 refused"));
      entries.push(entry);
      return Promise.resolve();
    },
  };
  const app = new Hono<AuditEnv>()
    .use(
      "/v1/*",
      auditTrail(recorder, log, {
        anonymousLimiter: new RateLimiter("anonymous", { perSecond: 1000, burst: 1000 }, systemClock),
        failOpen,
      }),
    )
    .post("/v1/widgets/:name/spin", audited({ action: "widgets.spin", keyName: "path" }), (c) => {
      c.set("audit", { keyVersion: 7 });
      return c.json({ spun: true });
    })
    .get("/v1/widgets/:name", audited({ action: "widgets.read", keyName: "path" }), (c) => c.json({}))
    .get("/v1/boom", audited({ action: "boom.list" }), () => {
      throw new Error("internal detail");
    })
    .get("/v1/undeclared/:name", (c) => c.json({}))
    .get("/v1/odd", audited({ action: "odd.list" }), () => {
      // deno-lint-ignore no-throw-literal -- the case under test: Hono's onError only handles Errors
      throw "not an Error";
    })
    .get("/healthz", (c) => c.text("ok"));
  app.notFound(notFound);
  app.onError(errorHandler(log));
  return { app, entries, faults };
}

test("audit middleware: declared actions, handler notes, thrown errors and unknown routes are recorded", async () => {
  const { app, entries, faults } = fixture();
  assert.equal((await app.request("/v1/widgets/w-1/spin", { method: "POST" })).status, 200);
  assert.equal((await app.request("/v1/widgets/w%2F2")).status, 200);
  assert.equal((await app.request("/v1/boom")).status, 500);
  assert.equal((await app.request("/v1/nothing-here")).status, 404);
  assert.equal((await app.request("/v1/undeclared/w-3")).status, 200);
  await assert.rejects(Promise.resolve(app.request("/v1/odd")));
  assert.equal((await app.request("/healthz")).status, 200);
  const summary = entries.map((e) => [e.action, e.keyName, e.keyVersion, e.outcome, e.status, e.actor]);
  assert.deepStrictEqual(summary, [
    ["widgets.spin", "w-1", 7, "ok", 200, "anonymous"],
    ["widgets.read", null, null, "ok", 200, "anonymous"], // "w/2" is no key name: not recorded
    ["boom.list", null, null, "internal", 500, "anonymous"],
    ["unknown", null, null, "not-found", 404, "anonymous"],
    ["unknown", null, null, "ok", 200, "anonymous"], // no declaration: no name is derived
    ["odd.list", null, null, "internal", 500, "anonymous"],
  ]);
  assert.deepStrictEqual(faults.map((f) => f.route ?? "onError"), ["onError", "/v1/undeclared/:name"]);
});

test("audit middleware, fail-open: a failing recorder leaves the response alone and logs an incident", async () => {
  const { app, faults } = fixture(true, true);
  const res = await app.request("/v1/widgets/w-1/spin", { method: "POST", headers: { "x-request-id": "abc" } });
  assert.equal(res.status, 200);
  assert.deepStrictEqual(await res.json(), { spun: true });
  assert.equal(res.headers.get("x-request-id"), "abc");
  assert.equal(faults.length, 1);
  assert.equal(faults[0]?.requestId, "abc");
  assert.equal(faults[0]?.action, "widgets.spin");
  assert.equal(typeof faults[0]?.incident, "string");
});

test("audit middleware, fail-closed: a failing recorder withholds the result with 503 audit-unavailable", async () => {
  const { app, faults } = fixture(true);
  const res = await app.request("/v1/widgets/w-1/spin", { method: "POST", headers: { "x-request-id": "abc" } });
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(res.headers.get("x-request-id"), "abc");
  assert.equal(res.headers.get("retry-after"), "5");
  const body = await res.json() as Record<string, unknown>;
  assert.equal(body.type, "urn:pqgate:problem:audit-unavailable");
  assert.match(String(body.detail), /may have taken effect/);
  assert.ok(!JSON.stringify(body).includes("spun"), "the handler's result is withheld");
  assert.ok(!JSON.stringify(body).includes("10.0.0.7"), "no internals");
  assert.equal(faults.length, 1);
  assert.equal(faults[0]?.requestId, "abc");
});
