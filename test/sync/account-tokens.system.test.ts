// Issue 23, the last hole: a `sync:device` token could register a pending device in ANY sync
// account of its owner, prove possession with its own keys, and from then on read that account
// and spend its recovery budget. A token scoped to one account (`syncAccount`) now acts on that
// account only; the replay below registered in B with 201 on main.

import { count } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { SyncClient } from "../../client/sync/mod.ts";
import { syncRecoveryAttempts } from "../../src/db/schema/index.ts";
import { expectProblem } from "../routes/support.ts";
import { pq, registration, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };

test("a device token scoped to account A can neither join, read nor spend the recovery budget of B", async () => {
  await using h = await syncHarness();
  const send = (url: string, init: RequestInit) => h.t.app.request(url, init);
  const accountA = await h.admin.createAccount("a");
  const accountB = await h.admin.createAccount("b");

  // B: a trusted device with a shares backup, and a verified one that will recover.
  using b1 = h.device("b1");
  assert.equal(await h.client.register(accountB.id, b1, accountB.bootstrapToken), "trusted");
  b1.bundle = new Uint8Array([4, 5, 6]);
  const shares = await h.client.backupWithShares(accountB.id, b1, 2, 3);
  using b2 = h.device("b2");
  assert.equal(await h.client.register(accountB.id, b2), "verified");

  const scoped = await h.t.tokens.create("", {
    name: "device-of-a",
    scopes: ["sync:device"],
    keyPattern: "*",
    syncAccount: accountA.id,
  });
  assert.equal(scoped.syncAccount, accountA.id);
  const inB = (method: string, path: string, body?: unknown) =>
    h.t.call(method, `/v1/sync/accounts/${accountB.id}${path}`, body, scoped.secret);

  // It cannot register a device in B (so it can never prove possession there)…
  using intruder = h.device("intruder");
  await expectProblem(await inB("POST", "/devices", registration(intruder)), 403, "sync-token-wrong-account");
  // …nor read B, nor ask challenges of B's devices, nor spend B's recovery budget.
  await expectProblem(await inB("GET", ""), 403, "sync-token-wrong-account");
  await expectProblem(
    await inB("POST", `/devices/${b1.registeredId}/challenges`, { purpose: "bundle" }),
    403,
    "sync-token-wrong-account",
  );
  const attempts = async () => (await h.t.db.select({ n: count() }).from(syncRecoveryAttempts))[0]?.n;
  const before = await attempts();
  for (let i = 0; i < 6; i++) {
    await expectProblem(
      await inB("POST", "/recovery/challenges", { method: "shares", deviceId: b2.registeredId }),
      403,
      "sync-token-wrong-account",
    );
  }
  assert.equal(await attempts(), before, "no recovery attempt of B was spent");
  // Nor create an account (it would then be outside its scope).
  await expectProblem(
    await h.t.call("POST", "/v1/sync/accounts", { name: "mine" }, scoped.secret),
    403,
    "sync-token-wrong-account",
  );
  const listedB = await h.admin.account(accountB.id);
  assert.deepEqual(listedB.devices.map((d) => `${d.name}:${d.status}`), ["b1:trusted", "b2:verified"]);

  // B's own device recovers at once: its budget is untouched.
  assert.deepEqual(await h.client.recoverWithShares(accountB.id, b2, shares.slice(1)), b1.bundle);

  // The same flow within A works with the scoped token.
  const client = new SyncClient(pq, "http://gateway", scoped.secret, send);
  using a1 = h.device("a1");
  assert.equal(await client.register(accountA.id, a1, accountA.bootstrapToken), "trusted");
  a1.bundle = new Uint8Array([1, 2, 3]);
  const sharesA = await client.backupWithShares(accountA.id, a1, 2, 3);
  using a2 = h.device("a2");
  assert.equal(await client.register(accountA.id, a2), "verified");
  const listedA = await client.account(accountA.id);
  assert.deepEqual(listedA.devices.map((d) => `${d.name}:${d.status}`), ["a1:trusted", "a2:verified"]);
  assert.deepEqual(await client.recoverWithShares(accountA.id, a2, sharesA.slice(0, 2)), a1.bundle);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("token creation: a sync account only with sync:device, of the owner, within the creator's account", async () => {
  await using h = await syncHarness();
  const accountA = await h.admin.createAccount("a");
  const accountB = await h.admin.createAccount("b");
  const otherAdmin = await h.t.tokens.create("tenant-2", { name: "admin-2", scopes: ["sync:admin"], keyPattern: "*" });
  const foreign = await h.t.call("POST", "/v1/sync/accounts", { name: "theirs" }, otherAdmin.secret);
  assert.equal(foreign.status, 201);
  const foreignId = (await foreign.json()).id as string;

  const creator = await h.t.tokens.create("", {
    name: "creator",
    scopes: ["tokens:admin", "sync:device", "keys:read"],
    keyPattern: "*",
  });
  const mint = (body: Record<string, unknown>, secret = creator.secret) =>
    h.t.call("POST", "/v1/tokens", { name: "minted", scopes: ["sync:device"], ...body }, secret);

  await expectProblem(
    await mint({ scopes: ["keys:read"], syncAccount: accountA.id }),
    422,
    "token-sync-account-invalid",
  );
  await expectProblem(await mint({ syncAccount: crypto.randomUUID() }), 422, "token-sync-account-invalid");
  await expectProblem(await mint({ syncAccount: foreignId }), 422, "token-sync-account-invalid");
  await expectProblem(await mint({ syncAccount: "not-a-uuid" }), 400, "validation");

  const minted = await mint({ syncAccount: accountA.id });
  assert.equal(minted.status, 201, await minted.clone().text());
  const body = await minted.json();
  assert.equal(body.syncAccount, accountA.id);
  const unscoped = await mint({});
  assert.equal(unscoped.status, 201);
  const unscopedBody = await unscoped.json();
  assert.equal(unscopedBody.syncAccount, null);
  const list = await (await h.t.call("GET", "/v1/tokens", undefined, creator.secret)).json();
  const byId = new Map((list.tokens as { id: string; syncAccount: string | null }[]).map((t) => [t.id, t.syncAccount]));
  assert.equal(byId.get(body.id), accountA.id);
  assert.equal(byId.get(unscopedBody.id), null);

  // A creator scoped to A mints only for A, and revokes only tokens of A.
  const scopedCreator = await h.t.tokens.create("", {
    name: "scoped-creator",
    scopes: ["tokens:admin", "sync:device"],
    keyPattern: "*",
    syncAccount: accountA.id,
  });
  await expectProblem(
    await mint({ syncAccount: accountB.id }, scopedCreator.secret),
    403,
    "token-sync-account-not-contained",
  );
  await expectProblem(await mint({}, scopedCreator.secret), 403, "token-sync-account-not-contained");
  const withinA = await mint({ syncAccount: accountA.id }, scopedCreator.secret);
  assert.equal(withinA.status, 201);
  await expectProblem(
    await h.t.call("DELETE", `/v1/tokens/${unscopedBody.id}`, undefined, scopedCreator.secret),
    403,
    "token-beyond-authority",
  );
  const revoked = await h.t.call("DELETE", `/v1/tokens/${(await withinA.json()).id}`, undefined, scopedCreator.secret);
  assert.equal(revoked.status, 204);

  // The operator path (cli tokens create) refuses the same.
  await assert.rejects(
    h.t.tokens.create("", { name: "x", scopes: ["sync:admin"], keyPattern: "*", syncAccount: accountA.id }),
    (e: unknown) => (e as { kind?: string }).kind === "token-sync-account-invalid",
  );
  assert.deepEqual(h.t.faults, []);
}, SLOW);
