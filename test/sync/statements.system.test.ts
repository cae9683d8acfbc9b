// Refusals of signed statements and challenges, each with its specific status and problem
// type: wrong and one-half-only signatures, replayed and expired challenges, approvals by
// untrusted and revoked devices, an approval replayed after a revocation, bootstrap reuse.

import { Buffer } from "node:buffer";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { expectProblem } from "../routes/support.ts";
import { raw, refused, registration, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 120_000 };
const ML_DSA_65_SIGNATURE = 3309;

test(
  "possession: wrong and one-half-only signatures are 401, the challenge survives them, then works once",
  async () => {
    await using h = await syncHarness();
    const account = await h.admin.createAccount("acct");
    const device = h.device("d");
    const api = raw(h);
    const res = await api.post(`${account.id}/devices`, registration(device));
    const registered = await res.json();
    device.id = registered.id;
    const nonce = new Uint8Array(Buffer.from(registered.challenge.nonce, "base64url"));
    const statement = {
      kind: "possession",
      nonce,
      accountId: account.id,
      deviceId: registered.id,
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
      signatureScheme: device.signatureScheme,
    } as const;
    const good = device.sign(statement);
    const answer = (signature: Uint8Array) =>
      api.post(`${account.id}/devices/${registered.id}/possession`, {
        challengeId: registered.challenge.id,
        signature: toBase64Url(signature),
        bootstrapToken: account.bootstrapToken,
      });
    const otherNonce = device.sign({ ...statement, nonce: new Uint8Array(32) });
    await expectProblem(await answer(otherNonce), 401, "sync-signature-invalid");
    const mlDsaOnly = good.slice();
    mlDsaOnly.fill(0, ML_DSA_65_SIGNATURE);
    await expectProblem(await answer(mlDsaOnly), 401, "sync-signature-invalid");
    const ed25519Only = good.slice();
    ed25519Only.fill(0, 0, ML_DSA_65_SIGNATURE);
    await expectProblem(await answer(ed25519Only), 401, "sync-signature-invalid");
    await expectProblem(await answer(good.subarray(1)), 400, "validation");
    assert.deepEqual(await (await answer(good)).json(), { status: "trusted" });
    await expectProblem(await answer(good), 409, "sync-device-state");
    assert.deepEqual(h.t.faults, []);
  },
  SLOW,
);

test("challenges: a replay is 409 used, an expired one 410, another device's 403, an unknown one 404", async () => {
  await using h = await syncHarness();
  const account = await h.admin.createAccount("acct");
  const a = h.device("a");
  const b = h.device("b");
  await h.client.register(account.id, a, account.bootstrapToken);
  await h.client.register(account.id, b);
  await h.client.approve(account.id, a, b.registeredId, b.fingerprint);
  const bundle = new Uint8Array([1, 2, 3]);
  await h.client.sendBundle(account.id, a, b.registeredId, bundle);
  const api = raw(h);
  const fetchWith = (device: typeof a, challenge: { id: string; nonce: Uint8Array; epoch: number }) => {
    const signature = device.sign({
      kind: "fetch",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: challenge.epoch,
      deviceId: device.registeredId,
    });
    return api.post(`${account.id}/devices/${device.registeredId}/bundle`, {
      challengeId: challenge.id,
      signature: toBase64Url(signature),
    });
  };
  const challenge = await api.challenge(account.id, b, "fetch");
  assert.equal((await fetchWith(b, challenge)).status, 200);
  await expectProblem(await fetchWith(b, challenge), 409, "sync-challenge-used");
  await expectProblem(await fetchWith(a, await api.challenge(account.id, b, "fetch")), 403, "sync-challenge-mismatch");
  await expectProblem(await fetchWith(b, await api.challenge(account.id, b, "revoke")), 403, "sync-challenge-mismatch");
  const unknown = { ...challenge, id: crypto.randomUUID() };
  await expectProblem(await fetchWith(b, unknown), 404, "sync-challenge-not-found");
  const stale = await api.challenge(account.id, b, "fetch");
  h.clock.advance(121);
  await expectProblem(await fetchWith(b, stale), 410, "sync-challenge-expired");
  // Two racing answers to one challenge: exactly one wins.
  const racing = await api.challenge(account.id, b, "fetch");
  const statuses = (await Promise.all([fetchWith(b, racing), fetchWith(b, racing)])).map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409]);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test(
  "approvals: by an untrusted device 403, by a revoked device 403, an old approval after revocation 409",
  async () => {
    await using h = await syncHarness();
    const account = await h.admin.createAccount("acct");
    const [a, b, c, d] = ["a", "b", "c", "d"].map((name) => h.device(name)) as [
      ReturnType<typeof h.device>,
      ReturnType<typeof h.device>,
      ReturnType<typeof h.device>,
      ReturnType<typeof h.device>,
    ];
    await h.client.register(account.id, a, account.bootstrapToken);
    await h.client.register(account.id, b);
    await h.client.register(account.id, c);
    await h.client.register(account.id, d);
    // b is only verified: it may not even ask for an approve challenge.
    await refused(h.client.approve(account.id, b, c.registeredId, c.fingerprint), 403, "sync-device-not-trusted");
    await h.client.approve(account.id, a, b.registeredId, b.fingerprint);
    // A fingerprint the user did not confirm is refused by the client before signing.
    await assert.rejects(h.client.approve(account.id, a, c.registeredId, b.fingerprint), /fingerprint mismatch/);

    // a signs an approval of c at epoch 1 but it is only sent after b is revoked (epoch 2).
    const api = raw(h);
    const early = await api.challenge(account.id, a, "approve");
    const approval = {
      approverId: a.registeredId,
      challengeId: early.id,
      signature: toBase64Url(a.sign({
        kind: "approve",
        nonce: early.nonce,
        accountId: account.id,
        epoch: early.epoch,
        approverId: a.registeredId,
        deviceId: c.registeredId,
        signingPublicKey: c.signingPublicKey,
        kemPublicKey: c.kemPublicKey,
        signatureScheme: c.signatureScheme,
      })),
    };
    // b signs an approval of d while still trusted.
    const byB = await api.challenge(account.id, b, "approve");
    const approvalByB = {
      approverId: b.registeredId,
      challengeId: byB.id,
      signature: toBase64Url(b.sign({
        kind: "approve",
        nonce: byB.nonce,
        accountId: account.id,
        epoch: byB.epoch,
        approverId: b.registeredId,
        deviceId: d.registeredId,
        signingPublicKey: d.signingPublicKey,
        kemPublicKey: d.kemPublicKey,
        signatureScheme: d.signatureScheme,
      })),
    };
    assert.equal(await h.client.revoke(account.id, a, b.registeredId), 2);
    await expectProblem(
      await api.post(`${account.id}/devices/${d.registeredId}/approval`, approvalByB),
      403,
      "sync-device-revoked",
    );
    await expectProblem(
      await api.post(`${account.id}/devices/${c.registeredId}/approval`, approval),
      409,
      "sync-stale-epoch",
    );
    // The same signature over a fresh challenge does not verify (the nonce and epoch differ).
    const fresh = await api.challenge(account.id, a, "approve");
    await expectProblem(
      await api.post(`${account.id}/devices/${c.registeredId}/approval`, { ...approval, challengeId: fresh.id }),
      401,
      "sync-signature-invalid",
    );
    // A revoked device is refused everything.
    await refused(h.client.fetchBundle(account.id, b), 403, "sync-device-revoked");
    await expectProblem(
      await api.post(`${account.id}/devices/${b.registeredId}/challenges`, { purpose: "fetch" }),
      403,
      "sync-device-revoked",
    );
    await refused(h.client.revoke(account.id, a, b.registeredId), 409, "sync-device-state");
    await h.client.approve(account.id, a, c.registeredId, c.fingerprint);
    assert.deepEqual(h.t.faults, []);
  },
  SLOW,
);

test("bootstrap token: single use, and only as a pqb_ token; scopes separate admin and device calls", async () => {
  await using h = await syncHarness();
  const account = await h.admin.createAccount("acct");
  const first = h.device("first");
  const second = h.device("second");
  await refused(h.client.register(account.id, first, "pqb_nope"), 403, "sync-bootstrap-invalid");
  const fresh = h.device("fresh");
  assert.equal(await h.client.register(account.id, fresh, account.bootstrapToken), "trusted");
  await refused(h.client.register(account.id, second, account.bootstrapToken), 403, "sync-bootstrap-invalid");
  await refused(h.client.createAccount("nope"), 403, "forbidden");
  await refused(h.admin.register(account.id, h.device("x")), 403, "forbidden");
  await refused(h.client.adminRevoke(account.id, fresh.registeredId), 403, "forbidden");
  await refused(h.client.account(crypto.randomUUID()), 404, "sync-account-not-found");
  assert.deepEqual(h.t.faults, []);
}, SLOW);
