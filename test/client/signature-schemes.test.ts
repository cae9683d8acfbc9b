// Device signature schemes on the client alone (no gateway): the exact bytes of each statement
// and of the fingerprint — unchanged for scheme-1 devices, one extra field for scheme 2 — and the
// chain check taking every device's and verifier key's scheme from the statement that vouches
// for it, so a listing that presents a device under the other scheme is refused.

import { createHash } from "node:crypto";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import {
  type AccountInfo,
  ChainError,
  deriveRecoveryKeys,
  Device,
  type DeviceInfo,
  verifiedBackup,
  verifiedDevice,
} from "../../client/sync/mod.ts";
import { concat, u32be, u64be } from "../../src/common/bytes.ts";
import type { HybridScheme } from "../../src/common/hybrid.ts";
import {
  type BackupStatement,
  backupStatementOf,
  BOOTSTRAP_APPROVER,
  fingerprint,
  kdfEncoding,
  type Statement,
  statementMessage,
} from "../../src/common/sync.ts";

const pq = loadPqgate();
const utf8 = new TextEncoder();
const sha256 = (d: Uint8Array) => pq.hash("SHA-256", d);
/** `u32be(len) ‖ bytes` per field, written out here rather than taken from src/common/bytes.ts. */
const enc = (...fields: (Uint8Array | string)[]) =>
  concat(fields.map((f) => typeof f === "string" ? utf8.encode(f) : f).flatMap((f) => [u32be(f.length), f]));
const SCHEME_2_FIELD = Uint8Array.of(0, 0, 0, 1, 2);

test("scheme-1 statements keep their bytes; scheme 2 appends the field u32be(1) ‖ 0x02", () => {
  using device = Device.generate(pq, "d", { signatureScheme: 1 });
  const { signingPublicKey: spk, kemPublicKey: kpk } = device;
  const nonce = pq.randomBytes(32);
  const [account, id, other] = ["acct", "dev", "approver"];
  const cases: [Statement, Uint8Array][] = [
    [
      {
        kind: "possession",
        nonce,
        accountId: account,
        deviceId: id,
        signingPublicKey: spk,
        kemPublicKey: kpk,
        signatureScheme: 1,
      },
      enc(nonce, account, id, spk, kpk),
    ],
    [
      {
        kind: "approve",
        nonce,
        accountId: account,
        epoch: 3,
        approverId: other,
        deviceId: id,
        signingPublicKey: spk,
        kemPublicKey: kpk,
        signatureScheme: 1,
      },
      enc(nonce, account, u64be(3), other, id, spk, kpk),
    ],
    [
      {
        kind: "recover",
        nonce,
        accountId: account,
        method: "shares",
        deviceId: id,
        signingPublicKey: spk,
        kemPublicKey: kpk,
        signatureScheme: 1,
      },
      enc(nonce, account, "shares", id, spk, kpk),
    ],
    [
      {
        kind: "backup",
        nonce,
        accountId: account,
        epoch: 2,
        deviceId: id,
        method: "password",
        blobDigest: sha256(nonce),
        verifierPublicKey: spk,
        kdf: utf8.encode("kdf"),
        verifierScheme: 1,
      },
      enc(nonce, account, u64be(2), id, "password", sha256(nonce), spk, "kdf"),
    ],
  ];
  for (const [statement, legacy] of cases) {
    assert.deepEqual(statementMessage(statement), legacy, `${statement.kind}: the bytes of before schemes`);
    const two = statement.kind === "backup"
      ? { ...statement, verifierScheme: 2 as const }
      : { ...statement, signatureScheme: 2 as const };
    assert.deepEqual(statementMessage(two), concat([legacy, SCHEME_2_FIELD]), `${statement.kind}: scheme 2`);
  }
  // Statements that do not vouch for a key carry no scheme.
  const fetch: Statement = { kind: "fetch", nonce, accountId: account, epoch: 1, deviceId: id };
  assert.deepEqual(statementMessage(fetch), enc(nonce, account, u64be(1), id));
});

test("the fingerprint of a scheme-1 device is the one of before; scheme 2 hashes one more byte", () => {
  using device = Device.generate(pq, "d");
  const { signingPublicKey: spk, kemPublicKey: kpk } = device;
  const label = utf8.encode("pqgate/sync/fingerprint/v1");
  const print = (bytes: Uint8Array) =>
    createHash("sha256").update(bytes).digest("hex").slice(0, 32).toUpperCase().match(/.{4}/g)?.join("-");
  assert.equal(fingerprint(sha256, spk, kpk, 1), print(concat([label, spk, kpk])));
  assert.equal(fingerprint(sha256, spk, kpk, 2), print(concat([label, spk, kpk, Uint8Array.of(2)])));
  assert.equal(device.fingerprint, fingerprint(sha256, spk, kpk, 2));
});

/**
 * A hand-made account: `a` (scheme 2, bootstrap) approves `b` (scheme 1), which approves `c`
 * (scheme 2); `c` uploads a shares backup with a scheme-2 verifier, through which `d` (scheme 2)
 * was recovered. Every statement is really signed.
 */
function mixedAccount() {
  const accountId = crypto.randomUUID();
  const a = Device.generate(pq, "a");
  const b = Device.generate(pq, "b", { signatureScheme: 1 });
  const c = Device.generate(pq, "c");
  const d = Device.generate(pq, "d");
  const nonce = () => pq.randomBytes(32);
  const listed = (device: Device, id: string, approval: DeviceInfo["approval"]): DeviceInfo => ({
    id,
    name: device.name,
    status: "trusted",
    fingerprint: device.fingerprint,
    signingPublicKey: device.signingPublicKey,
    kemPublicKey: device.kemPublicKey,
    signatureScheme: device.signatureScheme,
    approval,
    revokedEpoch: null,
  });
  const keys = (device: Device) => ({
    signingPublicKey: device.signingPublicKey,
    kemPublicKey: device.kemPublicKey,
    signatureScheme: device.signatureScheme,
  });
  const possession = nonce();
  const aSigns = a.sign({ kind: "possession", nonce: possession, accountId, deviceId: "a", ...keys(a) });
  const approve = (approver: Device, approverId: string, device: Device, deviceId: string) => {
    const n = nonce();
    const statement = {
      kind: "approve",
      nonce: n,
      accountId,
      epoch: 1,
      approverId,
      deviceId,
      ...keys(device),
    } as const;
    return { approverId, epoch: 1, nonce: n, signature: approver.sign(statement), backup: null };
  };
  using recovery = deriveRecoveryKeys(pq, pq.randomBytes(32), accountId);
  const unsigned = {
    uploaderId: "c",
    epoch: 1,
    method: "shares" as const,
    blobDigest: pq.randomBytes(32),
    verifierPublicKey: recovery.verifier.publicKey,
    verifierScheme: recovery.verifier.scheme,
    kdf: kdfEncoding({ method: "shares", threshold: 2, shareCount: 3 }),
    nonce: nonce(),
    signature: new Uint8Array(),
  };
  const backup: BackupStatement = { ...unsigned, signature: c.sign(backupStatementOf(accountId, unsigned)) };
  const recoverNonce = nonce();
  const recoverSignature = recovery.verifier.sign({
    kind: "recover",
    nonce: recoverNonce,
    accountId,
    method: "shares",
    deviceId: "d",
    ...keys(d),
  });
  const account: AccountInfo = {
    id: accountId,
    name: "mixed",
    epoch: 1,
    custodial: false,
    devices: [
      listed(a, "a", { approverId: BOOTSTRAP_APPROVER, epoch: 1, nonce: possession, signature: aSigns, backup: null }),
      listed(b, "b", approve(a, "a", b, "b")),
      listed(c, "c", approve(b, "b", c, "c")),
      listed(d, "d", {
        approverId: "recovery:shares",
        epoch: 1,
        nonce: recoverNonce,
        signature: recoverSignature,
        backup,
      }),
    ],
    backups: [{ method: "shares", stale: false, statement: backup }],
  };
  return {
    account,
    [Symbol.dispose]: () => [a, b, c, d].forEach((x) => x[Symbol.dispose]()),
  };
}

/** `account` with device `id` listed under `scheme`, its fingerprint recomputed to match (so only a signature can tell). */
function claimed(account: AccountInfo, id: string, scheme: HybridScheme): AccountInfo {
  return {
    ...account,
    devices: account.devices.map((d) =>
      d.id !== id ? d : {
        ...d,
        signatureScheme: scheme,
        fingerprint: fingerprint(sha256, d.signingPublicKey, d.kemPublicKey, scheme),
      }
    ),
  };
}

test("a mixed chain verifies with each device's own scheme (scheme 2 approves 1 and 1 approves 2)", () => {
  using fixture = mixedAccount();
  const { account } = fixture;
  for (const id of ["a", "b", "c", "d"]) assert.equal(verifiedDevice(pq, account, id).id, id);
  assert.equal(verifiedBackup(pq, account, "shares").statement.verifierScheme, 2);
});

test("a device listed under the other scheme is refused by the statement that vouches for it", () => {
  using fixture = mixedAccount();
  const { account } = fixture;
  const refusal = (pattern: RegExp) => (e: unknown) => e instanceof ChainError && pattern.test(e.message);
  // Downgrades: the bootstrap device (its own possession), an approved device (its approval),
  // a recovered device (its recover proof) — and the upgrade of a scheme-1 device.
  assert.throws(() => verifiedDevice(pq, claimed(account, "a", 1), "a"), refusal(/bootstrap possession of a/));
  assert.throws(() => verifiedDevice(pq, claimed(account, "c", 1), "c"), refusal(/approval of c/));
  assert.throws(() => verifiedDevice(pq, claimed(account, "d", 1), "d"), refusal(/recovery proof of d/));
  assert.throws(() => verifiedDevice(pq, claimed(account, "b", 2), "b"), refusal(/approval of b/));
  // Every device whose chain runs through the relabelled one is refused with it.
  assert.throws(() => verifiedDevice(pq, claimed(account, "a", 1), "d"), ChainError);
  // The listed scheme without a matching fingerprint is refused before any signature.
  const unchanged = {
    ...account,
    devices: account.devices.map((d) => d.id === "c" ? { ...d, signatureScheme: 1 as const } : d),
  };
  assert.throws(() => verifiedDevice(pq, unchanged, "c"), refusal(/fingerprint of c/));
});

test("a backup statement listed with the other verifier scheme is refused", () => {
  using fixture = mixedAccount();
  const { account } = fixture;
  const statement = account.backups[0]?.statement;
  assert.ok(statement);
  const downgraded: BackupStatement = { ...statement, verifierScheme: 1 };
  const listing: AccountInfo = {
    ...account,
    backups: [{ method: "shares", stale: false, statement: downgraded }],
    devices: account.devices.map((d) =>
      d.approval?.backup ? { ...d, approval: { ...d.approval, backup: downgraded } } : d
    ),
  };
  const refusal = (e: unknown) => e instanceof ChainError && /backup statement of c/.test(e.message);
  assert.throws(() => verifiedBackup(pq, listing, "shares"), refusal, "a recovering device would sign scheme 1");
  assert.throws(() => verifiedDevice(pq, listing, "d"), ChainError);
});
