// Bundles the gateway or the client must refuse: tampered in transit (gateway: the sender's
// signature covers SHA-256(sealed)) or at rest (client), malformed, for another epoch, for a
// recipient that is not trusted, or sealed to another device than the one it is filed for.

import { and, eq } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, throwsStatus } from "../support/pq.ts";
import { ChainError } from "../../client/sync/mod.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { syncBundles } from "../../src/db/schema/index.ts";
import { bundleAad } from "../../src/common/sync.ts";
import { expectProblem } from "../routes/support.ts";
import { pq, raw, type RawChallenge, refused, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 120_000 };

async function linkedPair() {
  const h = await syncHarness();
  const account = await h.admin.createAccount("acct");
  const a = h.device("a");
  const b = h.device("b");
  await h.client.register(account.id, a, account.bootstrapToken);
  await h.client.register(account.id, b);
  await h.client.approve(account.id, a, b.registeredId, b.fingerprint);
  return { h, account, a, b };
}

test("the gateway refuses tampered, malformed, stale-epoch and misaddressed uploads", async () => {
  const { h, account, a, b } = await linkedPair();
  await using _ = h;
  const api = raw(h);
  const c = h.device("c");
  await h.client.register(account.id, c); // verified, not trusted
  const upload = (
    challenge: RawChallenge,
    recipientId: string,
    sealed: Uint8Array,
    signed = sealed,
    epoch = challenge.epoch,
  ) =>
    api.post(`${account.id}/bundles`, {
      senderId: a.registeredId,
      recipientId,
      epoch,
      sealed: toBase64Url(sealed),
      challengeId: challenge.id,
      signature: toBase64Url(a.sign({
        kind: "bundle",
        nonce: challenge.nonce,
        accountId: account.id,
        epoch,
        senderId: a.registeredId,
        recipientId,
        sealedDigest: pq.hash("SHA-256", signed),
      })),
    });
  const sealTo = (kemPublicKey: Uint8Array, recipientId: string, epoch: number) => {
    using key = pq.importPublicKey("X-Wing", kemPublicKey);
    return key.seal(new Uint8Array([7, 7, 7]), bundleAad(account.id, a.registeredId, recipientId, epoch));
  };
  const sealed = sealTo(b.kemPublicKey, b.registeredId, 1);
  const challenge = await api.challenge(account.id, a, "bundle");
  await expectProblem(
    await upload(challenge, b.registeredId, flip(sealed, 600), sealed),
    401,
    "sync-signature-invalid",
  );
  await expectProblem(await upload(challenge, b.registeredId, sealed.subarray(0, 100)), 422, "sync-bundle-malformed");
  await expectProblem(await upload(challenge, b.registeredId, flip(sealed, 0)), 422, "sync-bundle-malformed");
  await expectProblem(await upload(challenge, c.registeredId, sealed), 403, "sync-device-not-trusted");
  await expectProblem(await upload(challenge, crypto.randomUUID(), sealed), 404, "sync-device-not-found");
  await expectProblem(await upload(challenge, b.registeredId, sealed, sealed, 2), 409, "sync-stale-epoch");
  assert.equal((await upload(challenge, b.registeredId, sealed)).status, 201);

  // A challenge from before a revocation is stale afterwards; bundles to the revoked device are refused.
  const before = await api.challenge(account.id, a, "bundle");
  await h.client.approve(account.id, a, c.registeredId, c.fingerprint);
  assert.equal(await h.admin.adminRevoke(account.id, c.registeredId), 2);
  await expectProblem(
    await upload(before, b.registeredId, sealTo(b.kemPublicKey, b.registeredId, 2)),
    409,
    "sync-stale-epoch",
  );
  const after = await api.challenge(account.id, a, "bundle");
  await expectProblem(
    await upload(after, c.registeredId, sealTo(c.kemPublicKey, c.registeredId, 2)),
    403,
    "sync-device-revoked",
  );
  // The epoch-1 bundle is gone with the epoch.
  await refused(h.client.fetchBundle(account.id, b), 404, "sync-bundle-not-found");
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("the client refuses a stored bundle tampered with, and one sealed to another device", async () => {
  const { h, account, a, b } = await linkedPair();
  await using _ = h;
  const secret = new Uint8Array([1, 2, 3, 4]);
  await h.client.sendBundle(account.id, a, b.registeredId, secret);
  const where = and(eq(syncBundles.accountId, account.id), eq(syncBundles.recipientId, b.registeredId));
  const [row] = await h.t.db.select().from(syncBundles).where(where);
  assert.ok(row !== undefined);
  await h.t.db.update(syncBundles).set({ sealed: flip(row.sealed, -3) }).where(where);
  await assert.rejects(h.client.fetchBundle(account.id, b), ChainError, "the sender's signature no longer covers it");
  throwsStatus(
    () => b.open(flip(row.sealed, -3), bundleAad(account.id, a.registeredId, b.registeredId, 1)),
    "DECRYPTION_FAILED",
  );
  assert.equal(b.bundle, undefined, "nothing was opened");

  // Sealed to a, filed (and signed) for b: the gateway cannot tell, b's open fails.
  await h.client.sendBundle(account.id, a, b.registeredId, secret);
  const api = raw(h);
  const challenge = await api.challenge(account.id, a, "bundle");
  using aKey = pq.importPublicKey("X-Wing", a.kemPublicKey);
  const misaddressed = aKey.seal(secret, bundleAad(account.id, a.registeredId, b.registeredId, 1));
  const res = await api.post(`${account.id}/bundles`, {
    senderId: a.registeredId,
    recipientId: b.registeredId,
    epoch: 1,
    sealed: toBase64Url(misaddressed),
    challengeId: challenge.id,
    signature: toBase64Url(a.sign({
      kind: "bundle",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: 1,
      senderId: a.registeredId,
      recipientId: b.registeredId,
      sealedDigest: pq.hash("SHA-256", misaddressed),
    })),
  });
  assert.equal(res.status, 201);
  await assert.rejects(
    h.client.fetchBundle(account.id, b),
    (e: unknown) => (e as { status?: string }).status === "DECRYPTION_FAILED",
  );
  assert.deepEqual(h.t.faults, []);
}, SLOW);
