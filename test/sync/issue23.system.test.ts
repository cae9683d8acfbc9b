// Attack replays of issue 23 against the real HTTP API, each of which succeeded on main before
// the fix (the third was fixed earlier; it is replayed here to show it stays fixed):
// 1. an Ed25519 public key of small order (the identity, say), or a non-canonical encoding,
//    is accepted at device registration (201);
// 2. a `sync:device` token with no device in an account reads every device's name, keys and the
//    approval graph, and spends the account's recovery budget (429 for the account's own
//    devices too);
// 3. the custodial account key is rotated through /v1/keys outside the sync layer.

import { count } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { SyncClient } from "../../client/sync/mod.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { syncRecoveryAttempts } from "../../src/db/schema/index.ts";
import { expectProblem } from "../routes/support.ts";
import { pq, registration, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };

/** Little-endian `y` with byte 0 `low`, bytes 1–30 `rest`, byte 31 `top` (the sign bit of `x` is its top bit). */
function point(low: number, rest: number, top: number): Uint8Array {
  const out = new Uint8Array(32).fill(rest);
  out[0] = low;
  out[31] = top;
  return out;
}

const WEAK_ED25519: Record<string, Uint8Array> = {
  "the identity (y = 1)": point(1, 0, 0),
  "the point of order 2 (y = p - 1)": point(0xec, 0xff, 0x7f),
  "a point of order 4 (y = 0)": new Uint8Array(32),
  "the identity encoded as y = p + 1 (not canonical)": point(0xee, 0xff, 0x7f),
  "the identity with the sign bit of x = 0 set (not canonical)": point(1, 0, 0x80),
};

test("issue 23, 1: small-order and non-canonical Ed25519 keys are refused at registration (422)", async () => {
  await using h = await syncHarness();
  const account = await h.admin.createAccount("weak");
  using device = h.device("weak");
  const mlDsa = device.signingPublicKey.subarray(0, 1952);
  for (const [what, ed25519] of Object.entries(WEAK_ED25519)) {
    const signingPublicKey = toBase64Url(new Uint8Array([...mlDsa, ...ed25519]));
    const res = await h.t.call(
      "POST",
      `/v1/sync/accounts/${account.id}/devices`,
      registration(device, { signingPublicKey }),
      h.deviceToken,
    );
    const body = await expectProblem(res, 422, "invalid-crypto-input");
    assert.equal(body.code, "INVALID_KEY", what);
    // The binding refuses the same keys at any import.
    assert.throws(() => pq.importPublicKey("Ed25519", ed25519), (e: unknown) => {
      assert.equal((e as { status?: string }).status, "INVALID_KEY", what);
      return true;
    });
  }
  // The same body with the device's own key registers.
  assert.equal(await h.client.register(account.id, device, account.bootstrapToken), "trusted");
  assert.equal((await h.client.account(account.id)).devices.length, 1, "no weak device was stored");
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test(
  "issue 23, 2: a device token with no device in an account can neither read it nor spend its recovery budget",
  async () => {
    await using h = await syncHarness();
    const account = await h.admin.createAccount("alice");
    using a = h.device("a");
    assert.equal(await h.client.register(account.id, a, account.bootstrapToken), "trusted");
    a.bundle = new Uint8Array([1, 2, 3]);
    const shares = await h.client.backupWithShares(account.id, a, 2, 3);
    using b = h.device("b");
    assert.equal(await h.client.register(account.id, b), "verified");

    // Another sync:device token of the same owner, with no device in the account.
    const other = (await h.t.tokens.create("", { name: "other", scopes: ["sync:device"], keyPattern: "*" })).secret;
    const as = (method: string, path: string, body?: unknown) =>
      h.t.call(method, `/v1/sync/accounts/${account.id}${path}`, body, other);
    await expectProblem(await as("GET", ""), 403, "sync-token-not-enrolled");
    const attempts = async () => (await h.t.db.select({ n: count() }).from(syncRecoveryAttempts))[0]?.n;
    const before = await attempts();
    for (let i = 0; i < 6; i++) {
      // Through the account's own verified device (its id is not secret), or without a device.
      await expectProblem(
        await as("POST", "/recovery/challenges", { method: "shares", deviceId: b.registeredId }),
        403,
        "sync-token-not-enrolled",
      );
    }
    await expectProblem(await as("POST", "/recovery/challenges", { method: "shares" }), 400, "validation");
    await expectProblem(
      await as("POST", `/devices/${a.registeredId}/challenges`, { purpose: "bundle" }),
      403,
      "sync-token-not-enrolled",
    );
    assert.equal(await attempts(), before, "no recovery attempt was spent");

    // The account's own devices are unaffected: b recovers at once (no 429).
    assert.deepEqual(await h.client.recoverWithShares(account.id, b, shares.slice(1)), a.bundle);

    // Registering a device enrols the other token: it then reads the account (where its pending
    // device is listed for everyone to see) and acts through its own device only.
    using c = h.device("c");
    const otherClient = new SyncClient(pq, "http://gateway", other, (url, init) => h.t.app.request(url, init));
    assert.equal(await otherClient.register(account.id, c), "verified");
    const listed = await otherClient.account(account.id);
    assert.deepEqual(listed.devices.map((x) => `${x.name}:${x.status}`), ["a:trusted", "b:trusted", "c:verified"]);
    // A recovery challenge is bound to the device it was asked for: not usable for another one.
    using d = h.device("d");
    assert.equal(await h.client.register(account.id, d), "verified");
    const asked = await as("POST", "/recovery/challenges", { method: "shares", deviceId: c.registeredId });
    assert.equal(asked.status, 201, await asked.clone().text());
    const challenge = await asked.json();
    await expectProblem(
      await h.t.call("POST", `/v1/sync/accounts/${account.id}/recovery`, {
        method: "shares",
        challengeId: challenge.id,
        deviceId: d.registeredId,
        signature: toBase64Url(new Uint8Array(3373)),
      }, h.deviceToken),
      403,
      "sync-challenge-mismatch",
    );
    // …nor by another token for its own device.
    await expectProblem(
      await as("POST", "/recovery/challenges", { method: "shares", deviceId: d.registeredId }),
      403,
      "sync-token-not-enrolled",
    );
    // Revoking the other token's only device ends its reading.
    await h.client.revoke(account.id, a, c.registeredId);
    await expectProblem(await as("GET", ""), 403, "sync-token-not-enrolled");
    // An admin token reads every account of its owner.
    assert.equal((await h.admin.account(account.id)).devices.length, 4);
    assert.deepEqual(h.t.faults, []);
  },
  SLOW,
);

test(
  "issue 23, 3: the custodial account key cannot be rotated through /v1/keys; devices see no skipped version",
  async () => {
    await using h = await syncHarness();
    const account = await h.admin.createAccount("custodial", { custodial: true });
    using a = h.device("a");
    assert.equal(await h.client.register(account.id, a, account.bootstrapToken), "trusted");
    const first = (await h.client.fetchBundle(account.id, a)).slice();
    const keys = (await h.t.tokens.create("", { name: "keys", scopes: ["keys:rotate"], keyPattern: "*" })).secret;
    await expectProblem(
      await h.t.call("POST", `/v1/keys/sync-account-${account.id}/rotate`, undefined, keys),
      404,
      "key-not-found",
    );
    assert.equal((await h.t.keys.internal("sync").get("", `sync-account-${account.id}`)).latestVersion, 1);
    assert.deepEqual(await h.client.fetchBundle(account.id, a), first, "the same key version is served");
    assert.deepEqual(h.t.faults, []);
  },
  SLOW,
);
