// Issue 16 item 6, replayed over HTTP: `GET /v1/keys` lists only what the token's key pattern
// allows, and the custodial sync account keys live outside the user key namespace, so no key
// token (even one with a `*` pattern and every key scope) can list, read, rotate, configure,
// delete, sign, decapsulate or wrap data keys with them.

import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { systemClock } from "../../src/common/clock.ts";
import { KeyCache } from "../../src/services/keys/key-cache.ts";
import { KeyError } from "../../src/services/keys/errors.ts";
import { KeyService } from "../../src/services/keys/key-service.ts";
import { expectProblem, testApp } from "./support.ts";

const SLOW = { timeoutMs: 60_000 };

test("a token with pattern a-* lists only a-* keys, a page at a time", async () => {
  await using t = await testApp();
  for (const name of ["a-1", "a-2", "a-3", "a_1", "ab-1", "b-1", "za-1"]) {
    assert.equal((await t.call("POST", "/v1/keys", { name, algorithm: "Ed25519" })).status, 201);
  }
  const reader = await t.tokens.create("", { name: "r", scopes: ["keys:read"], keyPattern: "a-*" });
  const names: string[] = [];
  let after: string | null = null;
  do {
    const query: string = after === null ? "?limit=2" : `?limit=2&after=${after}`;
    const page = await (await t.call("GET", `/v1/keys${query}`, undefined, reader.secret)).json();
    names.push(...page.keys.map((k: { name: string }) => k.name));
    after = page.next;
  } while (after !== null);
  assert.deepEqual(names, ["a-1", "a-2", "a-3"]);
  // `_` and `-` are literal characters of a pattern (never LIKE wildcards).
  const underscore = await t.tokens.create("", { name: "u", scopes: ["keys:read"], keyPattern: "a_*" });
  const listed = await (await t.call("GET", "/v1/keys", undefined, underscore.secret)).json();
  assert.deepEqual(listed.keys.map((k: { name: string }) => k.name), ["a_1"]);
  const everything = await (await t.call("GET", "/v1/keys?limit=100")).json();
  assert.equal(everything.keys.length, 7);
}, SLOW);

test("a * token can neither see nor touch a custodial sync account key", async () => {
  await using t = await testApp();
  const account = await (await t.call("POST", "/v1/sync/accounts", { name: "alice", custodial: true })).json();
  const custodial = `sync-account-${account.id}`;
  // The key exists, in the internal namespace, for the sync service.
  const internal = await t.keys.internal("sync").get("", custodial);
  assert.equal(internal.algorithm, "X-Wing");

  const scopes = SCOPES.filter((s) => s.startsWith("keys:") || s.startsWith("data-keys:") || s === "sessions:use");
  const all = (await t.tokens.create("", { name: "all-keys", scopes, keyPattern: "*" })).secret;
  const listed = await (await t.call("GET", "/v1/keys?limit=100", undefined, all)).json();
  assert.deepEqual(listed.keys, [], "the custodial key is not listed");
  const message = toBase64Url(new Uint8Array([1]));
  const attempts: [string, string, unknown][] = [
    ["GET", `/v1/keys/${custodial}`, undefined],
    ["POST", `/v1/keys/${custodial}/rotate`, undefined],
    ["PATCH", `/v1/keys/${custodial}/config`, { deletionAllowed: true }],
    ["POST", `/v1/keys/${custodial}/deletion`, { graceSeconds: 3600 }],
    ["DELETE", `/v1/keys/${custodial}/deletion`, undefined],
    ["POST", `/v1/keys/${custodial}/sign`, { message }],
    ["POST", `/v1/keys/${custodial}/data-key`, {}],
    ["POST", "/v1/sessions", {
      mode: "gateway-key",
      keyName: custodial,
      ciphertext: toBase64Url(new Uint8Array(1120)),
    }],
  ];
  for (const [method, path, body] of attempts) {
    await expectProblem(await t.call(method, path, body, all), 404, "key-not-found");
  }
  // Nothing changed: still version 1, no deletion scheduled, deletion still forbidden.
  const after = await t.keys.internal("sync").get("", custodial);
  assert.equal(after.latestVersion, 1);
  assert.equal(after.deletionAfter, null);
  assert.equal(after.deletionAllowed, false);

  // A user key of the very same name is a different key, in the user namespace.
  const mine = await t.call("POST", "/v1/keys", { name: custodial, algorithm: "Ed25519" }, all);
  assert.equal(mine.status, 201, await mine.clone().text());
  await mine.body?.cancel();
  assert.equal((await t.keys.internal("sync").get("", custodial)).algorithm, "X-Wing");
  assert.deepEqual(t.faults, []);
}, SLOW);

test("the migration moves existing custodial keys out of the user namespace", async () => {
  await using t = await testApp();
  const account = await (await t.call("POST", "/v1/sync/accounts", { name: "bob", custodial: true })).json();
  const custodial = `sync-account-${account.id}`;
  // As a database from before the migration stored it: in the user namespace, and (being older
  // than migration 0008 too) without key-binding MACs or a key-binding key.
  await t.db.execute(sql`update keys set namespace = 'user' where name = ${custodial}`);
  await t.db.execute(sql`alter table key_binding_key disable trigger key_binding_key_no_delete`);
  await t.db.execute(sql`delete from key_binding_key`);
  await t.db.execute(sql`update key_versions set binding_mac = null`);
  const migration = readFileSync(new URL("../../migrations/0004_key_namespaces.sql", import.meta.url), "utf8");
  const update = migration.split("--> statement-breakpoint").map((s) => s.trim()).find((s) => /\bUPDATE\b/.test(s));
  assert.ok(update !== undefined, "0004 moves custodial keys");
  await t.db.execute(sql.raw(update));
  // The next start binds the key where the migration put it.
  using cache = new KeyCache(4);
  const restarted = new KeyService({ db: t.db, pq: loadPqgate(), keystore: t.keystore, clock: systemClock, cache });
  await assert.rejects(
    restarted.get("", custodial),
    (e: unknown) => e instanceof KeyError && e.kind === "key-not-found",
  );
  assert.equal((await restarted.internal("sync").get("", custodial)).latestVersion, 1);
  assert.equal(restarted.bindings.upgrade?.refused.length, 0);
}, SLOW);
