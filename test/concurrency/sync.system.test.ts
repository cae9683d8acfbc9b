// Concurrent device approvals and revocations on one sync account, through the device client
// against the real app: new devices register while several trusted approvers approve them (two
// approvers racing for some devices), and meanwhile devices are revoked, by an admin and by
// signed statements of other devices, including approvers in the middle of approving and a
// device revoked twice at once. Once on PGlite, once on PostgreSQL (a pool: truly concurrent
// transactions).
//
// Every answer is a 2xx or one of the documented refusals in REFUSALS, and the final account is
// exactly what the acknowledged answers imply: no lost update, no phantom approval, an epoch
// per acknowledged revocation, every trusted device's approval chain verifies on the client,
// and the audit trail records each acknowledged change once and verifies.

import { eq } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Postgres } from "../support/postgres.ts";
import { type Device, SyncHttpError, verifiedDevice } from "../../client/sync/mod.ts";
import { auditLog } from "../../src/db/schema/index.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { pq, type SyncHarness, syncHarness } from "../sync/support.ts";

const SLOW = { timeoutMs: 120_000 };
const APPROVERS = 4;
const NEWCOMERS = 10;

/**
 * The refusals a concurrent approval or revocation may legitimately get, and why:
 * - `sync-stale-epoch` 409: the statement was signed for an epoch that a concurrent revocation
 *   ended before it committed (checked under the account lock);
 * - `sync-challenge-used` 409: the signer was revoked after fetching its challenge (revocation
 *   voids the revoked device's unused challenges);
 * - `sync-device-state` 409: the target is no longer `verified` (a racing approval won, or it was
 *   revoked), or a revocation's target was already revoked by a concurrent one;
 * - `sync-device-revoked` 403: the approver, revoker or target had been revoked when the request
 *   read it.
 */
const REFUSALS = new Map([
  ["sync-stale-epoch", 409],
  ["sync-challenge-used", 409],
  ["sync-device-state", 409],
  ["sync-device-revoked", 403],
]);

/** Which refusals were seen, by type. */
type Refusals = Map<string, number>;

/**
 * Runs `request`; a refusal in {@link REFUSALS} is counted and turned into `undefined`,
 * anything else (a 5xx, an undocumented 4xx, a thrown error) fails the test.
 */
async function attempt<T>(refusals: Refusals, request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof SyncHttpError)) throw error;
    const kind = error.type.replace("urn:pqgate:problem:", "");
    assert.equal(REFUSALS.get(kind), error.status, `undocumented refusal: ${error.message}`);
    refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
    return undefined;
  }
}

/** A random pause of up to `ms`, so the racing requests interleave differently on each run. */
const jitter = (ms: number) => new Promise((r) => setTimeout(r, Math.random() * ms));

async function approvalsAndRevocations(h: SyncHarness, custodial = false): Promise<string> {
  const { admin, client } = h;
  const account = await admin.createAccount("busy", { custodial });
  const root = h.device("root");
  assert.equal(await client.register(account.id, root, account.bootstrapToken), "trusted");
  const approvers: Device[] = [];
  for (let i = 0; i < APPROVERS; i++) {
    const approver = h.device(`approver-${i}`);
    await client.register(account.id, approver);
    await client.approve(account.id, root, approver.registeredId, approver.fingerprint);
    approvers.push(approver);
  }
  const newcomers = Array.from({ length: NEWCOMERS }, (_, i) => h.device(`new-${i}`));
  const refusals: Refusals = new Map();
  const approvals: { deviceId: string; approverId: string }[] = [];
  const revocations: { deviceId: string; epoch: number }[] = [];
  let requests = 0;

  const statusOf = async (device: Device) => {
    requests++;
    return (await client.account(account.id)).devices.find((d) => d.id === device.registeredId)?.status;
  };
  /** Approves `device` by approvers in turn (from `first`) until one succeeds or it is no longer verified. */
  const approve = async (device: Device, first: number) => {
    for (let turn = 0; turn < APPROVERS; turn++) {
      const approver = approvers[(first + turn) % APPROVERS] as Device;
      requests += 3; // the account listing, the challenge and the approval
      const approved = await attempt(refusals, async () => {
        await client.approve(account.id, approver, device.registeredId, device.fingerprint);
        return true;
      });
      if (approved) {
        approvals.push({ deviceId: device.registeredId, approverId: approver.registeredId });
        return;
      }
      // A racing approval won, or the device was revoked: nothing left to approve.
      if (await statusOf(device) !== "verified") return;
    }
  };
  let registered = 0;
  let midway = () => {};
  /** Resolved once half the newcomers are registered (approvals are then in flight): revocations start at once. */
  const revocationsStart = new Promise<void>((resolve) => (midway = resolve));
  /** Revokes `deviceId`, by `revoker`'s signed statement or by the admin. */
  const revoke = async (deviceId: string, revoker?: Device) => {
    await revocationsStart;
    requests += revoker === undefined ? 1 : 2;
    const epoch = await attempt(
      refusals,
      () =>
        revoker === undefined ? admin.adminRevoke(account.id, deviceId) : client.revoke(account.id, revoker, deviceId),
    );
    if (epoch !== undefined) revocations.push({ deviceId, epoch });
  };
  /** A newcomer's life: registration, then an approval (two racing approvers for every third one). */
  const join = async (device: Device, i: number) => {
    await jitter(100);
    requests += 2;
    assert.equal(await client.register(account.id, device), "verified");
    if (++registered === NEWCOMERS / 2) midway();
    const racers = i % 3 === 0 ? [i, i + 1] : [i];
    await Promise.all(racers.map((first) => approve(device, first)));
  };
  const [a0, a1, a2, a3] = approvers as [Device, Device, Device, Device];
  await Promise.all([
    ...newcomers.map(join),
    // Approvers revoked while they approve: by the admin, and by another approver's statement.
    revoke(a3.registeredId),
    revoke(a2.registeredId, a1),
    // The same approver revoked twice at once: one revocation wins, the other is refused.
    revoke(a1.registeredId, a0),
    revoke(a1.registeredId),
    // Newcomers revoked while they are being approved (once registered).
    ...[1, 5].map(async (i) => {
      const device = newcomers[i] as Device;
      while (device.id === undefined) await jitter(20);
      await revoke(device.registeredId, i === 1 ? a0 : undefined);
    }),
  ]);

  // The account is exactly what the acknowledged answers imply.
  const final = await client.account(account.id);
  const epochs = revocations.map((r) => r.epoch).toSorted((a, b) => a - b);
  assert.deepEqual(epochs, revocations.map((_, i) => i + 2), "each acknowledged revocation moved the epoch by one");
  assert.equal(final.epoch, 1 + revocations.length);
  const approvedIds = approvals.map((a) => a.deviceId);
  assert.equal(new Set(approvedIds).size, approvedIds.length, "a device is approved at most once");
  for (const device of final.devices) {
    const revocation = revocations.filter((r) => r.deviceId === device.id);
    const approval = approvals.find((a) => a.deviceId === device.id);
    assert.ok(revocation.length <= 1, `${device.name} revoked at most once`);
    if (revocation[0] !== undefined) {
      assert.equal(device.status, "revoked", `${device.name}: its revocation was acknowledged`);
      assert.equal(device.revokedEpoch, revocation[0].epoch);
    } else if (device.name.startsWith("new-")) {
      assert.equal(device.status, approval === undefined ? "verified" : "trusted", `${device.name}: ${device.status}`);
    } else {
      assert.equal(device.status, "trusted", `${device.name} was never revoked`);
    }
    if (approval !== undefined) assert.equal(device.approval?.approverId, approval.approverId, device.name);
    // The client's own check: every link of the approval chain verifies, and no approval was
    // made by an approver after its revocation.
    if (device.status === "trusted") verifiedDevice(pq, final, device.id);
  }
  if (custodial) {
    const trusted = new Set(final.devices.filter((d) => d.status === "trusted").map((d) => d.id));
    const devices = [root, ...approvers, ...newcomers].filter((d) => trusted.has(d.registeredId));
    await custodialKeyIsCurrent(h, account.id, devices);
  }
  // The audit trail holds each acknowledged change exactly once, and its chain verifies.
  const audited = async (action: string) =>
    (await h.t.db.select().from(auditLog).where(eq(auditLog.action, action)))
      .filter((row) => row.outcome === "ok" && row.syncAccountId === account.id)
      .map((row) => row.syncDeviceId);
  const sorted = (ids: (string | null)[]) => ids.toSorted();
  // Setup: APPROVERS approvals before the concurrent part.
  const setupApprovals = approvers.map((a) => a.registeredId);
  assert.deepEqual(sorted(await audited("sync.devices.approve")), sorted([...setupApprovals, ...approvedIds]));
  assert.deepEqual(sorted(await audited("sync.devices.revoke")), sorted(revocations.map((r) => r.deviceId)));
  const verdict = await h.t.audit.verify();
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.deepEqual(h.t.faults, []);
  return `${requests} requests; ${approvals.length} approvals and ${revocations.length} revocations acknowledged; ` +
    `refused: ${[...refusals].map(([kind, n]) => `${kind}×${n}`).join(", ") || "none"}; epoch ${final.epoch}`;
}

/**
 * Every trusted device of a custodial account gets, for the final epoch, the latest version of
 * the account key: the one made after the last acknowledged revocation.
 */
async function custodialKeyIsCurrent(h: SyncHarness, accountId: string, trusted: readonly Device[]) {
  const key = await h.t.keys.internal("sync").get("", `sync-account-${accountId}`);
  const latest = toBase64Url(key.versions.find((v) => v.version === key.latestVersion)?.publicKey ?? new Uint8Array());
  for (const device of trusted) {
    using fromSeed = pq.keyFromSeed("X-Wing", await h.client.fetchBundle(accountId, device));
    assert.equal(toBase64Url(fromSeed.publicKey()), latest, `${device.name} holds the latest account key`);
  }
}

test("concurrent approvals and revocations on one account (PGlite): no lost update", async () => {
  await using h = await syncHarness();
  console.log(`sync concurrency, PGlite: ${await approvalsAndRevocations(h)}`);
}, SLOW);

test("concurrent approvals and revocations on one custodial account: every revocation re-seals", async () => {
  await using h = await syncHarness();
  console.log(`sync concurrency, custodial: ${await approvalsAndRevocations(h, true)}`);
}, SLOW);

test("concurrent approvals and revocations on one account (PostgreSQL): no lost update", async () => {
  await using pg = await Postgres.start();
  await using h = await syncHarness({ databaseUrl: await pg.createDatabase() });
  console.log(`sync concurrency, PostgreSQL: ${await approvalsAndRevocations(h)}`);
}, SLOW);
