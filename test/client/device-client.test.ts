// The device client on its own: no gateway, no server code (test/architecture keeps this
// folder to client/, src/common/ and the binding). What a device signs verifies under the
// hybrid scheme both sides share; what it seals opens only with its key; a refused request
// surfaces as a SyncHttpError carrying the problem.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate, PqError } from "../../ffi/mod.ts";
import { Device, openBackup, sealBackup, SyncHttpError } from "../../client/sync/mod.ts";
import { GatewayHttp } from "../../client/sync/http.ts";
import { hybridVerify } from "../../src/common/hybrid.ts";
import {
  KEM_PUBLIC_KEY_BYTES,
  SIGNING_PUBLIC_KEY_BYTES,
  statementContext,
  statementMessage,
} from "../../src/common/sync.ts";

const pq = loadPqgate();

test("a device signs statements that verify under its own hybrid scheme, and only those", () => {
  for (const signatureScheme of [2, 1] as const) {
    using device = Device.generate(pq, "laptop", { signatureScheme });
    assert.equal(device.signatureScheme, signatureScheme);
    assert.equal(device.signingPublicKey.length, SIGNING_PUBLIC_KEY_BYTES);
    assert.equal(device.kemPublicKey.length, KEM_PUBLIC_KEY_BYTES);
    assert.match(device.fingerprint, /^[0-9A-F]{4}(-[0-9A-F]{4}){7}$/);
    const statement = {
      kind: "possession",
      nonce: pq.randomBytes(32),
      accountId: crypto.randomUUID(),
      deviceId: crypto.randomUUID(),
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
      signatureScheme,
    } as const;
    const signature = device.sign(statement);
    const message = statementMessage(statement);
    const context = statementContext("possession");
    const { signingPublicKey } = device;
    assert.ok(hybridVerify(pq, signatureScheme, signingPublicKey, message, signature, context));
    // The other scheme, another kind's context, another nonce, or another device's key must not verify.
    const other = signatureScheme === 1 ? 2 : 1;
    assert.ok(!hybridVerify(pq, other, signingPublicKey, message, signature, context));
    assert.ok(!hybridVerify(pq, signatureScheme, signingPublicKey, message, signature, statementContext("approve")));
    const otherNonce = statementMessage({ ...statement, nonce: pq.randomBytes(32) });
    assert.ok(!hybridVerify(pq, signatureScheme, signingPublicKey, otherNonce, signature, context));
    using stranger = Device.generate(pq, "stranger", { signatureScheme });
    assert.ok(!hybridVerify(pq, signatureScheme, stranger.signingPublicKey, message, signature, context));
  }
});

test("a device built from the same seeds has the same keys and fingerprint; the scheme changes the fingerprint", () => {
  const seeds = { mlDsa: pq.randomBytes(32), ed25519: pq.randomBytes(32), xWing: pq.randomBytes(32) };
  using a = Device.fromSeeds(pq, "a", seeds);
  using b = Device.fromSeeds(pq, "b", seeds);
  assert.equal(a.signatureScheme, 2, "the shipped client's default");
  assert.deepEqual(a.signingPublicKey, b.signingPublicKey);
  assert.deepEqual(a.kemPublicKey, b.kemPublicKey);
  assert.equal(a.fingerprint, b.fingerprint);
  assert.throws(() => a.registeredId, /not registered/);
  using legacy = Device.fromSeeds(pq, "legacy", seeds, { signatureScheme: 1 });
  assert.deepEqual(legacy.signingPublicKey, a.signingPublicKey);
  assert.notEqual(legacy.fingerprint, a.fingerprint, "the user compares the scheme too");
});

test("a box sealed to a device opens only on that device and only with the same aad", () => {
  using device = Device.generate(pq, "phone");
  using other = Device.generate(pq, "tablet");
  const aad = new TextEncoder().encode("bundle aad");
  using recipient = pq.importPublicKey("X-Wing", device.kemPublicKey);
  const sealed = recipient.seal(new TextEncoder().encode("account bundle"), aad);
  assert.equal(new TextDecoder().decode(device.open(sealed, aad)), "account bundle");
  assert.throws(
    () => other.open(sealed, aad),
    (e: unknown) => e instanceof PqError && e.status === "DECRYPTION_FAILED",
  );
  assert.throws(
    () => device.open(sealed, new TextEncoder().encode("other aad")),
    (e: unknown) => e instanceof PqError && e.status === "DECRYPTION_FAILED",
  );
});

test("a backup opens only for its account, method and key", () => {
  const key = pq.randomBytes(32);
  const accountId = crypto.randomUUID();
  const blob = sealBackup(pq, key, accountId, "password", 3, new TextEncoder().encode("bundle"));
  assert.equal(new TextDecoder().decode(openBackup(pq, key, accountId, "password", blob)), "bundle");
  const decryptionFailed = (e: unknown) => e instanceof PqError && e.status === "DECRYPTION_FAILED";
  assert.throws(() => openBackup(pq, key, crypto.randomUUID(), "password", blob), decryptionFailed);
  assert.throws(() => openBackup(pq, pq.randomBytes(32), accountId, "password", blob), decryptionFailed);
  assert.throws(() => openBackup(pq, key, accountId, "shares", blob), /not a shares backup blob/);
});

test("the client's HTTP layer sends the token and turns a problem into a SyncHttpError", async () => {
  const seen: { url: string; init: RequestInit }[] = [];
  const http = new GatewayHttp("http://gateway.test/", "secret-token", (url, init) => {
    seen.push({ url, init });
    const problem = { type: "urn:pqgate:problem:sync-stale-epoch", title: "Stale Account Epoch", status: 409 };
    return new Response(JSON.stringify(problem), {
      status: 409,
      headers: { "content-type": "application/problem+json" },
    });
  });
  const refused = await http.call("POST", "/v1/sync/accounts/x/bundles", { a: 1 }).then(() => undefined, (e) => e);
  assert.ok(refused instanceof SyncHttpError);
  assert.equal(refused.status, 409);
  assert.equal(refused.type, "urn:pqgate:problem:sync-stale-epoch");
  assert.equal(seen[0]?.url, "http://gateway.test/v1/sync/accounts/x/bundles");
  assert.equal(new Headers(seen[0]?.init.headers).get("authorization"), "Bearer secret-token");
  assert.equal(seen[0]?.init.body, JSON.stringify({ a: 1 }));
});
