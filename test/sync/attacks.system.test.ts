// Attack replays against the real HTTP API (issue 16, items 1–4), each of which succeeded
// before the fix:
// 1. a device revoked after uploading a shares backup rejoins through that backup;
// 2. a gateway-forged `recovery:*` approval makes a device seal to a key the gateway chose;
// 3. a gateway shows another device's keys under the fingerprint the user compared, or an
//    older epoch (rollback), and the device signs or trusts it;
// 4. a gateway hands a recovering device weaker Argon2id parameters (a cheap password oracle);
// and item 15: a gateway downgrades a scheme-2 device (or a backup's verifier key) to hybrid
// scheme 1 by rewriting its row, or accepts a scheme-1 signature from a scheme-2 device.
// The lying gateway is the real app behind a `fetch` that rewrites its answers, or its database.

import { Buffer } from "node:buffer";
import { eq } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { ChainError, deriveRecoveryKeys, Device, type DeviceSeeds, SyncClient } from "../../client/sync/mod.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { fingerprint, kdfEncoding, MIN_KDF, type Statement } from "../../src/common/sync.ts";
import { syncBackups, syncDevices } from "../../src/db/schema/index.ts";
import { expectProblem } from "../routes/support.ts";
import { pq, random, raw, refused, registration, type SyncHarness, syncHarness } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };
type Json = Record<string, unknown>;
type Rewrite = (method: string, path: string, json: Json) => Json;

/** A device client whose gateway lies: every JSON answer passes through `rewrite`; `sent` logs each request. */
function lyingClient(h: SyncHarness, rewrite: Rewrite): { client: SyncClient; sent: string[] } {
  const sent: string[] = [];
  const send = async (url: string, init: RequestInit) => {
    const method = init.method ?? "GET";
    const path = new URL(url).pathname;
    sent.push(`${method} ${path}`);
    const res = await h.t.app.request(url, init);
    const text = await res.text();
    if (!res.ok || text === "") {
      return new Response(text === "" ? null : text, { status: res.status, headers: res.headers });
    }
    const body = JSON.stringify(rewrite(method, path, JSON.parse(text)));
    return new Response(body, { status: res.status, headers: { "content-type": "application/json" } });
  };
  return { client: new SyncClient(pq, "http://gateway", h.deviceToken, send), sent };
}

const isAccount = (method: string, path: string) => method === "GET" && /^\/v1\/sync\/accounts\/[^/]+$/.test(path);
const devicesOf = (json: Json) => json.devices as Json[];

/** An account with a trusted first device `a` holding a bundle (custodial: the account key). */
async function withFirstDevice(h: SyncHarness, custodial = false) {
  const account = await h.admin.createAccount("acct", { custodial });
  const a = h.device("a");
  assert.equal(await h.client.register(account.id, a, account.bootstrapToken), "trusted");
  a.bundle = custodial ? await h.client.fetchBundle(account.id, a) : new Uint8Array([1, 2, 3]);
  return { account, a };
}

/** `device` registers and is approved by `approver`. */
async function approved(h: SyncHarness, accountId: string, approver: Device, device: Device): Promise<void> {
  assert.equal(await h.client.register(accountId, device), "verified");
  await h.client.approve(accountId, approver, device.registeredId, device.fingerprint);
}

for (const custodial of [false, true]) {
  test(
    `item 1 (${
      custodial ? "custodial" : "device-held"
    }): a revoked device cannot rejoin through the shares backup it uploaded`,
    async () => {
      await using h = await syncHarness();
      const { account, a } = await withFirstDevice(h, custodial);
      const mallory = h.device("mallory");
      await approved(h, account.id, a, mallory);
      if (custodial) await h.client.fetchBundle(account.id, mallory);
      else {
        await h.client.sendBundle(account.id, a, mallory.registeredId, a.bundle as Uint8Array);
        await h.client.fetchBundle(account.id, mallory);
      }
      // While trusted, mallory uploads a shares backup and keeps the recovery secret.
      const shares = await h.client.backupWithShares(account.id, mallory, 2, 3);
      assert.equal(await h.client.revoke(account.id, a, mallory.registeredId), 2);

      // The attack: any sync:device token registers a new device, proves possession, asks for
      // a recovery challenge and signs it with the backup's verifier key.
      const rejoin = h.device("mallory-again");
      assert.equal(await h.client.register(account.id, rejoin), "verified");
      const api = raw(h);
      const asked = await api.post(`${account.id}/recovery/challenges`, {
        method: "shares",
        deviceId: rejoin.registeredId,
      });
      if (asked.status === 201) {
        // Before the fix: the challenge was issued and the proof accepted. Replay it to the end.
        const challenge = await asked.json();
        using keys = deriveRecoveryKeys(pq, pq.shamirCombine(shares), account.id);
        const signature = keys.verifier.sign({
          kind: "recover",
          nonce: new Uint8Array(Buffer.from(challenge.nonce, "base64url")),
          accountId: account.id,
          method: "shares",
          deviceId: rejoin.registeredId,
          signingPublicKey: rejoin.signingPublicKey,
          kemPublicKey: rejoin.kemPublicKey,
          signatureScheme: rejoin.signatureScheme,
        });
        const recovered = await api.post(`${account.id}/recovery`, {
          method: "shares",
          challengeId: challenge.id,
          deviceId: rejoin.registeredId,
          signature: toBase64Url(signature),
        });
        assert.fail(`recovery challenge issued for a backup of a revoked device; recover: ${recovered.status}`);
      }
      const problem = await expectProblem(asked, 409, "sync-backup-stale");
      assert.match(String(problem.detail), /new shares backup/);
      // The client says the same before asking for anything.
      await assert.rejects(h.client.recoverWithShares(account.id, rejoin, shares.slice(0, 2)), ChainError);
      const after = await h.client.account(account.id);
      assert.equal(after.devices.find((d) => d.id === rejoin.id)?.status, "verified");
      assert.equal(after.epoch, 2);
      assert.deepEqual(after.backups.map((b) => [b.method, b.stale]), [["shares", true]]);

      // A trusted device's new backup of the current epoch works again, for a legitimate device.
      a.bundle = custodial ? await h.client.fetchBundle(account.id, a) : new Uint8Array([4, 5, 6]);
      const fresh = await h.client.backupWithShares(account.id, a, 2, 3);
      const spare = h.device("spare");
      await h.client.register(account.id, spare);
      assert.deepEqual(await h.client.recoverWithShares(account.id, spare, fresh.slice(1)), a.bundle);
      // …and the revoked device's old shares do not fit the current backup.
      await refused(
        h.client.recoverWithShares(account.id, rejoin, shares.slice(0, 2)),
        403,
        "sync-recovery-proof-invalid",
      );
      assert.deepEqual(h.t.faults, []);
    },
    SLOW,
  );
}

test("item 1: a backup stored before statements were kept is refused with sync-backup-stale", async () => {
  await using h = await syncHarness();
  const { account, a } = await withFirstDevice(h);
  const shares = await h.client.backupWithShares(account.id, a, 2, 2);
  await h.t.db.update(syncBackups).set({ statementNonce: null, statementSignature: null })
    .where(eq(syncBackups.accountId, account.id));
  const b = h.device("b");
  await h.client.register(account.id, b);
  await expectProblem(
    await raw(h).post(`${account.id}/recovery/challenges`, { method: "shares", deviceId: b.registeredId }),
    409,
    "sync-backup-stale",
  );
  await assert.rejects(h.client.recoverWithShares(account.id, b, shares), ChainError);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("item 2: a gateway-forged recovery approval is refused by the client; a real one verifies", async () => {
  await using h = await syncHarness();
  const { account, a } = await withFirstDevice(h);
  const shares = await h.client.backupWithShares(account.id, a, 2, 2);
  // A device of the gateway's choosing, registered and verified but never approved.
  const planted = h.device("planted");
  await h.client.register(account.id, planted);
  for (const backup of [null, "real statement, forged proof"]) {
    // The second time, the gateway attaches the real backup statement to its forged recovery proof.
    const statement = backup === null
      ? undefined
      : (await h.client.account(account.id)).backups[0]?.statement ?? undefined;
    assert.ok(backup === null || statement, "the account lists the signed backup statement");
    const { client, sent } = lyingClient(h, (method, path, json) => {
      if (!isAccount(method, path)) return json;
      for (const d of devicesOf(json)) {
        if (d.id !== planted.id) continue;
        d.status = "trusted";
        d.approval = {
          approverId: "recovery:shares",
          epoch: json.epoch,
          nonce: toBase64Url(random(32)),
          signature: toBase64Url(random(3373)),
          backup: statement === undefined ? null : {
            ...statement,
            blobDigest: toBase64Url(statement.blobDigest),
            verifierPublicKey: toBase64Url(statement.verifierPublicKey),
            kdf: toBase64Url(statement.kdf),
            nonce: toBase64Url(statement.nonce),
            signature: toBase64Url(statement.signature),
          },
        };
      }
      return json;
    });
    await assert.rejects(client.sendBundle(account.id, a, planted.registeredId, new Uint8Array([7])), ChainError);
    assert.ok(!sent.some((s) => s.endsWith("/bundles")), "nothing was sealed to the planted device");
  }
  // A device really recovered carries the proof: others verify the chain through the backup statement.
  const spare = h.device("spare");
  await h.client.register(account.id, spare);
  assert.deepEqual(await h.client.recoverWithShares(account.id, spare, shares), a.bundle);
  const recovered = (await h.client.account(account.id)).devices.find((d) => d.id === spare.id);
  assert.equal(recovered?.approval?.backup?.uploaderId, a.id);
  await h.client.sendBundle(account.id, a, spare.registeredId, new Uint8Array([8]));
  assert.deepEqual(await h.client.fetchBundle(account.id, spare), new Uint8Array([8]));
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("item 3: approve() recomputes the fingerprint from the keys it signs", async () => {
  await using h = await syncHarness();
  const { account, a } = await withFirstDevice(h);
  const phone = h.device("phone");
  await h.client.register(account.id, phone);
  const attacker = h.device("attacker");
  await h.client.register(account.id, attacker);
  // The gateway shows the attacker's keys under the fingerprint the user compared on the phone.
  const { client, sent } = lyingClient(h, (method, path, json) => {
    if (isAccount(method, path)) {
      for (const d of devicesOf(json)) if (d.id === attacker.id) d.fingerprint = phone.fingerprint;
    }
    return json;
  });
  await assert.rejects(client.approve(account.id, a, attacker.registeredId, phone.fingerprint), ChainError);
  assert.ok(!sent.some((s) => s.endsWith("/approval")), "nothing was signed");
  const listed = await h.client.account(account.id);
  assert.equal(listed.devices.find((d) => d.id === attacker.id)?.status, "verified");
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("item 3: the client refuses an epoch lower than one it has seen (rollback)", async () => {
  await using h = await syncHarness();
  const { account, a } = await withFirstDevice(h);
  const phone = h.device("phone");
  await approved(h, account.id, a, phone);
  let replay: Json | undefined;
  let lying = false;
  const { client } = lyingClient(h, (method, path, json) => {
    if (isAccount(method, path)) {
      if (!lying) replay = structuredClone(json);
      else if (replay !== undefined) return replay;
    }
    if (lying && path.endsWith("/challenges")) return { ...json, epoch: 1 };
    return json;
  });
  assert.equal((await client.account(account.id)).epoch, 1);
  // The phone is revoked: epoch 2, as the client sees.
  assert.equal(await client.revoke(account.id, a, phone.registeredId), 2);
  lying = true;
  // The gateway replays its epoch-1 answer, in which the phone is still trusted.
  await assert.rejects(client.account(account.id), /rollback/);
  await assert.rejects(client.fetchBundle(account.id, a), /rollback/);
  assert.equal(client.highestEpoch(account.id), 2);
  // A client that persisted its epochs remembers them.
  const epochs = new Map([[account.id, 2]]);
  const rolledBack = async (url: string, init: RequestInit) => {
    const res = await h.t.app.request(url, init);
    return new Response(JSON.stringify({ ...await res.json(), epoch: 1 }), { status: res.status });
  };
  const fresh = new SyncClient(pq, "http://gateway", h.deviceToken, rolledBack, { epochs });
  await assert.rejects(fresh.account(account.id), ChainError);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("item 4: KDF parameters come only from the signed backup statement, at least the minimum", async () => {
  await using h = await syncHarness();
  const { account, a } = await withFirstDevice(h);
  await h.client.backupWithPassword(account.id, a, "correct horse");
  // The gateway weakens the parameters it returns with the recovery challenge (8 KiB, 1 pass).
  const weak = { memoryKiB: 8, iterations: 1, parallelism: 1 };
  const { client: downgrading } = lyingClient(h, (_method, path, json) => {
    if (path.endsWith("/recovery/challenges") && json.kdf !== null) {
      return { ...json, kdf: { ...json.kdf as Json, ...weak } };
    }
    return json;
  });
  const b = h.device("b");
  await h.client.register(account.id, b);
  // Before the fix, the client derived K with 8 KiB / 1 pass and signed with it (the gateway
  // then had a cheap oracle and refused with 403); now the signed parameters are used.
  assert.deepEqual(await downgrading.recoverWithPassword(account.id, b, "correct horse"), a.bundle);

  // A statement whose parameters were changed no longer verifies; one a trusted device really
  // signed with weak parameters is refused by the client's floor.
  const real = (await h.client.account(account.id)).backups.find((x) => x.method === "password")?.statement;
  assert.ok(real);
  const salt = random(16);
  const weakKdf = kdfEncoding({ method: "password", salt, params: weak });
  const signedWeak: Statement = {
    kind: "backup",
    nonce: real.nonce,
    accountId: account.id,
    epoch: real.epoch,
    deviceId: a.registeredId,
    method: "password",
    blobDigest: real.blobDigest,
    verifierPublicKey: real.verifierPublicKey,
    kdf: weakKdf,
    verifierScheme: real.verifierScheme,
  };
  for (const signature of [real.signature, a.sign(signedWeak)]) {
    const { client, sent } = lyingClient(h, (method, path, json) => {
      if (isAccount(method, path)) {
        for (const backup of json.backups as Json[]) {
          const st = backup.statement as Json;
          if (backup.method === "password") {
            Object.assign(st, { kdf: toBase64Url(weakKdf), signature: toBase64Url(signature) });
          }
        }
      }
      return json;
    });
    const c = h.device("c");
    await h.client.register(account.id, c);
    await assert.rejects(client.recoverWithPassword(account.id, c, "correct horse"), ChainError);
    assert.ok(!sent.some((s) => s.includes("/recovery")), "no recovery challenge was asked for");
  }
  // The gateway refuses weak parameters at upload (sync-kdf-too-weak) — its floor is MIN_KDF.
  await assert.rejects(
    h.client.backupWithPassword(account.id, a, "pw", { ...MIN_KDF, memoryKiB: MIN_KDF.memoryKiB - 1 }),
    /sync-kdf-too-weak/,
  );
  assert.deepEqual(h.t.faults, []);
}, SLOW);

/** Rewrites a device's row to `scheme`, and (with `matching`) its fingerprint to the one of that scheme. */
async function rewriteScheme(h: SyncHarness, device: Device, scheme: 1 | 2, matching: boolean): Promise<void> {
  const print = fingerprint((d) => pq.hash("SHA-256", d), device.signingPublicKey, device.kemPublicKey, scheme);
  await h.t.db.update(syncDevices).set({ signatureScheme: scheme, ...(matching ? { fingerprint: print } : {}) })
    .where(eq(syncDevices.id, device.registeredId));
}

test("item 15: a device downgraded to scheme 1 in the gateway's database is refused by the client", async () => {
  await using h = await syncHarness();
  const { account, a } = await withFirstDevice(h);
  const b = h.device("b");
  await approved(h, account.id, a, b);
  const c = h.device("c");
  assert.equal(await h.client.register(account.id, c), "verified");
  const shares = await h.client.backupWithShares(account.id, a, 2, 2);
  const listed = await h.client.account(account.id);
  assert.deepEqual(listed.devices.map((d) => [d.name, d.signatureScheme]), [["a", 2], ["b", 2], ["c", 2]]);
  assert.equal(listed.backups[0]?.statement?.verifierScheme, 2);

  // b (approved by a) is relabelled scheme 1, with and without a fingerprint to match: a refuses
  // to seal to it (its approval signs scheme 2), before anything is uploaded.
  for (const matching of [false, true]) {
    await rewriteScheme(h, b, 1, matching);
    const { client, sent } = lyingClient(h, (_m, _p, json) => json);
    await assert.rejects(
      client.sendBundle(account.id, a, b.registeredId, new Uint8Array([1])),
      (e: unknown) =>
        e instanceof ChainError && (matching ? /approval of .* does not verify/ : /fingerprint/).test(e.message),
    );
    assert.ok(!sent.some((x) => x.endsWith("/bundles")), "nothing was sealed to the downgraded device");
  }
  await rewriteScheme(h, b, 2, true);
  await h.client.sendBundle(account.id, a, b.registeredId, new Uint8Array([2]));
  assert.deepEqual(await h.client.fetchBundle(account.id, b), new Uint8Array([2]));

  // The bootstrap device relabelled: its own possession statement signs scheme 2.
  await rewriteScheme(h, a, 1, true);
  await assert.rejects(
    h.client.sendBundle(account.id, b, a.registeredId, new Uint8Array([3])),
    /bootstrap possession of .* does not verify/,
  );
  await rewriteScheme(h, a, 2, true);

  // A verified device relabelled before its approval: the fingerprint the user compared covers
  // the scheme, so nothing is signed.
  await rewriteScheme(h, c, 1, true);
  const { client: approving, sent } = lyingClient(h, (_m, _p, json) => json);
  await assert.rejects(approving.approve(account.id, a, c.registeredId, c.fingerprint), /fingerprint mismatch/);
  assert.ok(!sent.some((x) => x.endsWith("/approval")), "nothing was signed");
  await rewriteScheme(h, c, 2, true);

  // The backup's verifier key relabelled: the uploader signed scheme 2 for it, so the recovering
  // device refuses the statement before asking for a recovery challenge.
  await h.t.db.update(syncBackups).set({ verifierScheme: 1 }).where(eq(syncBackups.accountId, account.id));
  const { client: recovering, sent: asked } = lyingClient(h, (_m, _p, json) => json);
  await assert.rejects(recovering.recoverWithShares(account.id, c, shares), /backup statement of .* does not verify/);
  assert.ok(!asked.some((x) => x.includes("/recovery")), "no recovery challenge was asked for");
  await h.t.db.update(syncBackups).set({ verifierScheme: 2 }).where(eq(syncBackups.accountId, account.id));
  assert.deepEqual(await h.client.recoverWithShares(account.id, c, shares), a.bundle);
  assert.deepEqual(h.t.faults, []);
}, SLOW);

test("item 15: the gateway refuses a scheme-1 signature from a scheme-2 device", async () => {
  await using h = await syncHarness();
  const account = await h.admin.createAccount("acct");
  const api = raw(h);
  const a = h.device("a");
  // The same keys signing with scheme 1: what a downgrading signer would send.
  using legacyA = Device.fromSeeds(pq, "a (scheme 1)", h.seeds[0] as DeviceSeeds, { signatureScheme: 1 });
  const registered = await (await api.post(`${account.id}/devices`, registration(a, { signatureScheme: 2 }))).json();
  assert.equal(registered.signatureScheme, 2);
  assert.equal(registered.fingerprint, a.fingerprint);
  a.id = registered.id;
  const nonce = new Uint8Array(Buffer.from(registered.challenge.nonce, "base64url"));
  const possession = {
    kind: "possession",
    nonce,
    accountId: account.id,
    deviceId: a.registeredId,
    signingPublicKey: a.signingPublicKey,
    kemPublicKey: a.kemPublicKey,
  } as const;
  const prove = (signature: Uint8Array) =>
    api.post(`${account.id}/devices/${a.registeredId}/possession`, {
      challengeId: registered.challenge.id,
      signature: toBase64Url(signature),
      bootstrapToken: account.bootstrapToken,
    });
  // Scheme 1 without the field (the bytes an old client signs), and scheme 1 with it: both refused.
  for (const signatureScheme of [1, 2] as const) {
    const signature = legacyA.sign({ ...possession, signatureScheme });
    await expectProblem(await prove(signature), 401, "sync-signature-invalid");
  }
  assert.deepEqual(await (await prove(a.sign({ ...possession, signatureScheme: 2 }))).json(), { status: "trusted" });

  // A trusted scheme-2 device's fetch statement signed with scheme 1: refused, the challenge survives.
  a.bundle = new Uint8Array([5]);
  const b = h.device("b");
  await approved(h, account.id, a, b);
  await h.client.sendBundle(account.id, a, b.registeredId, a.bundle);
  const fetchAs = async (signer: Device) => {
    const challenge = await api.challenge(account.id, a, "fetch");
    const signature = signer.sign({
      kind: "fetch",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: challenge.epoch,
      deviceId: a.registeredId,
    });
    return api.post(`${account.id}/devices/${a.registeredId}/bundle`, {
      challengeId: challenge.id,
      signature: toBase64Url(signature),
    });
  };
  await expectProblem(await fetchAs(legacyA), 401, "sync-signature-invalid");
  // Its scheme-2 signature passes the check (a has no bundle of its own: 404, not 401).
  await expectProblem(await fetchAs(a), 404, "sync-bundle-not-found");
  assert.deepEqual(await h.client.fetchBundle(account.id, b), a.bundle);
  assert.deepEqual(h.t.faults, []);
}, SLOW);
