// Backup and recovery refusals: a wrong password (403), t-1 shares and a corrupted share
// (refused by the client before any request), weak KDF parameters and malformed blobs (422),
// and the per-account recovery rate limit (429 with Retry-After), which lives in the database.

import { Buffer } from "node:buffer";
import { count } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, throwsStatus } from "../support/pq.ts";
import { syncRecoveryAttempts } from "../../src/db/schema/index.ts";
import { createSyncService } from "../../src/services/sync/sync-service.ts";
import { SyncError } from "../../src/services/sync/errors.ts";
import { KeyCache } from "../../src/services/keys/key-cache.ts";
import { KeyService } from "../../src/services/keys/key-service.ts";
import { expectProblem } from "../routes/support.ts";
import { pq, raw, refused, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 120_000 };

async function backedUp() {
  const h = await syncHarness();
  const account = await h.admin.createAccount("acct");
  const a = h.device("a");
  await h.client.register(account.id, a, account.bootstrapToken);
  a.bundle = new Uint8Array([9, 8, 7]);
  return { h, account, a };
}

test("password recovery: a wrong password is 403 and burns its challenge; weak parameters are 422", async () => {
  const { h, account, a } = await backedUp();
  await using _ = h;
  await refused(
    h.client.backupWithPassword(account.id, a, "pw", { memoryKiB: 1024, iterations: 2, parallelism: 1 }),
    422,
    "sync-kdf-too-weak",
  );
  await refused(
    h.client.backupWithPassword(account.id, a, "pw", { memoryKiB: 19456, iterations: 1, parallelism: 1 }),
    422,
    "sync-kdf-too-weak",
  );
  await h.client.backupWithPassword(account.id, a, "the right one");
  const b = h.device("b");
  await h.client.register(account.id, b);
  await refused(h.client.recoverWithPassword(account.id, b, "the wrong one"), 403, "sync-recovery-proof-invalid");
  // A failed proof burns its challenge: each guess costs one rate-limited challenge.
  const api = raw(h);
  const challenge = await (await api.post(`${account.id}/recovery/challenges`, {
    method: "password",
    deviceId: b.registeredId,
  })).json();
  const guess = {
    method: "password",
    challengeId: challenge.id,
    deviceId: b.registeredId,
    signature: Buffer.alloc(3373, 1).toString("base64url"),
  };
  await expectProblem(await api.post(`${account.id}/recovery`, guess), 403, "sync-recovery-proof-invalid");
  await expectProblem(await api.post(`${account.id}/recovery`, guess), 409, "sync-challenge-used");
  assert.deepEqual(await h.client.recoverWithPassword(account.id, b, "the right one"), a.bundle);
  // Trusted now: recovering again makes no sense.
  await refused(h.client.recoverWithPassword(account.id, b, "the right one"), 409, "sync-device-state");
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("shares: t-1 shares and a corrupted share fail in the client before any request", async () => {
  const { h, account, a } = await backedUp();
  await using _ = h;
  const shares = await h.client.backupWithShares(account.id, a, 3, 5);
  const b = h.device("b");
  await h.client.register(account.id, b);
  const attempts = async () => (await h.t.db.select({ n: count() }).from(syncRecoveryAttempts))[0]?.n;
  const before = await attempts();
  const [s0, s1, s2] = shares as [Uint8Array, Uint8Array, Uint8Array];
  await assert.rejects(h.client.recoverWithShares(account.id, b, [s0, s1]), (e: unknown) => {
    assert.equal((e as { status?: string }).status, "SHARES_INSUFFICIENT");
    return true;
  });
  await assert.rejects(h.client.recoverWithShares(account.id, b, [s0, flip(s1, -1), s2]), (e: unknown) => {
    assert.equal((e as { status?: string }).status, "SHARE_CORRUPT");
    return true;
  });
  throwsStatus(() => pq.shamirCombine([s0, s1]), "SHARES_INSUFFICIENT");
  assert.equal(await attempts(), before, "no recovery challenge was requested");
  assert.deepEqual(await h.client.recoverWithShares(account.id, b, [s2, s0, s1]), a.bundle);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("recovery challenges are rate limited per account in the database (429, Retry-After)", async () => {
  const { h, account, a } = await backedUp();
  await using _ = h;
  await h.client.backupWithShares(account.id, a);
  const b = h.device("b");
  await h.client.register(account.id, b);
  const api = raw(h);
  const deviceId = b.registeredId;
  const ask = () => api.post(`${account.id}/recovery/challenges`, { method: "shares", deviceId });
  for (let i = 0; i < 5; i++) assert.equal((await ask()).status, 201);
  const limited = await ask();
  const body = await expectProblem(limited, 429, "sync-recovery-rate-limited");
  const retryAfter = Number(limited.headers.get("retry-after"));
  assert.ok(retryAfter > 0 && retryAfter <= 900, `retry-after ${retryAfter}`);
  assert.equal(body.retryAfterSeconds, retryAfter);
  await expectProblem(
    await api.post(`${account.id}/recovery/challenges`, { method: "password", deviceId }),
    404,
    "sync-backup-not-found",
  );

  // A fresh service over the same database (a restarted gateway) still refuses.
  using cache = new KeyCache(4);
  const keys = new KeyService({ db: h.t.db, pq, keystore: h.t.keystore, clock: h.clock, cache });
  const restarted = createSyncService({ db: h.t.db, pq, keys, clock: h.clock });
  await assert.rejects(
    restarted.recovery.challenge("", account.id, { method: "shares", deviceId }, h.deviceTokenId),
    (e: unknown) => {
      assert.ok(e instanceof SyncError);
      assert.equal(e.kind, "sync-recovery-rate-limited");
      return true;
    },
  );
  h.clock.advance(15 * 60 + 1);
  assert.equal((await ask()).status, 201, "the window has passed");
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("backups: malformed blobs, a blob of the other method, and missing parameters are 422", async () => {
  const { h, account, a } = await backedUp();
  await using _ = h;
  const api = raw(h);
  const put = async (method: string, body: Record<string, unknown>) => {
    const challenge = await api.challenge(account.id, a, "backup");
    return h.t.call("PUT", `/v1/sync/accounts/${account.id}/backups/${method}`, {
      deviceId: a.registeredId,
      challengeId: challenge.id,
      signature: Buffer.alloc(3373).toString("base64url"),
      verifierPublicKey: Buffer.from(a.signingPublicKey).toString("base64url"),
      ...body,
    }, h.deviceToken);
  };
  const blob = (bytes: number[]) => Buffer.from(bytes).toString("base64url");
  const header = [0x50, 0x51, 0x42, 0x4b, 1, 2, 0, 0, 0, 0, 0, 0, 0, 1, ...new Array(28).fill(0)];
  await expectProblem(
    await put("shares", { blob: blob([1, 2, 3]), threshold: 3, shareCount: 5 }),
    422,
    "sync-backup-malformed",
  );
  await expectProblem(await put("password", { blob: blob(header) }), 422, "sync-backup-malformed");
  await expectProblem(await put("shares", { blob: blob(header) }), 422, "sync-backup-malformed");
  await expectProblem(
    await put("shares", { blob: blob(header), threshold: 4, shareCount: 3 }),
    422,
    "sync-backup-malformed",
  );
  await expectProblem(
    await put("shares", { blob: blob(header), threshold: 3, shareCount: 5 }),
    401,
    "sync-signature-invalid",
  );
  assert.deepEqual(h.t.faults, []);
}, SLOW);
