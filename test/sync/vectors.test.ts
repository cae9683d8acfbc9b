// The committed device-sync vectors (test/vectors/sync/, docs/sync-protocol.md §12), made by an
// implementation written from the document alone (test/independent/), against the gateway's
// code (src/common: statement bytes, hybrid verification, aad, blob parsing) and the device
// client's (client/sync: device keys and fingerprints, recovery keys, backup blobs) on the
// native binding: the bytes must agree exactly.

import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { deriveRecoveryKeys, Device, openBackup, passwordRecoveryKey } from "../../client/sync/mod.ts";
import { type HybridScheme, hybridSign, hybridVerify } from "../../src/common/hybrid.ts";
import {
  backupAad,
  backupHeader,
  bundleAad,
  fingerprint,
  looksSealedToXWing,
  parseBackupBlob,
  parseKdfEncoding,
  type RecoveryMethod,
  type Statement,
  statementContext,
  statementMessage,
} from "../../src/common/sync.ts";

const pq = loadPqgate();
const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
// deno-lint-ignore no-explicit-any
type J = any;
const load = (file: string): J => JSON.parse(readFileSync(new URL(`../vectors/sync/${file}`, import.meta.url), "utf8"));
const sha256 = (d: Uint8Array) => pq.hash("SHA-256", d);

test("vectors: device keys and fingerprints (client/sync Device.fromSeeds, src/common fingerprint)", () => {
  const { devices } = load("statements.json");
  assert.ok(devices.length >= 4);
  for (const d of devices) {
    using device = Device.fromSeeds(pq, d.name, {
      mlDsa: hex(d.seeds.mlDsa),
      ed25519: hex(d.seeds.ed25519),
      xWing: hex(d.seeds.xWing),
    }, { signatureScheme: d.signatureScheme });
    assert.equal(toHex(device.signingPublicKey), d.signingPublicKey, d.name);
    assert.equal(toHex(device.kemPublicKey), d.kemPublicKey, d.name);
    assert.equal(device.fingerprint, d.fingerprint, d.name);
    assert.equal(fingerprint(sha256, device.signingPublicKey, device.kemPublicKey, d.signatureScheme), d.fingerprint);
  }
});

/** The vector as the gateway's Statement type. */
function statementOf(v: J, devices: Map<string, J>): Statement {
  const subject = v.device === undefined ? undefined : devices.get(v.device);
  const keys = subject === undefined ? undefined : {
    signingPublicKey: hex(subject.signingPublicKey),
    kemPublicKey: hex(subject.kemPublicKey),
    signatureScheme: subject.signatureScheme as HybridScheme,
  };
  const base = { nonce: hex(v.nonce), accountId: v.accountId };
  switch (v.kind) {
    case "possession":
      return { kind: "possession", ...base, deviceId: v.deviceId, ...keys! };
    case "approve":
      return { kind: "approve", ...base, epoch: v.epoch, approverId: v.approverId, deviceId: v.deviceId, ...keys! };
    case "recover":
      return { kind: "recover", ...base, method: v.method, deviceId: v.deviceId, ...keys! };
    case "bundle":
      return {
        kind: "bundle",
        ...base,
        epoch: v.epoch,
        senderId: v.senderId,
        recipientId: v.recipientId,
        sealedDigest: sha256(hex(v.sealed)),
      };
    case "fetch":
      return { kind: "fetch", ...base, epoch: v.epoch, deviceId: v.deviceId };
    case "revoke":
      return { kind: "revoke", ...base, epoch: v.epoch, revokerId: v.revokerId, deviceId: v.deviceId };
    case "backup":
      return {
        kind: "backup",
        ...base,
        epoch: v.epoch,
        deviceId: v.uploaderId,
        method: v.method,
        blobDigest: sha256(hex(v.blob)),
        verifierPublicKey: hex(v.verifierPublicKey),
        kdf: hex(v.kdf),
        verifierScheme: v.verifierScheme,
      };
  }
  throw new Error(`unknown kind ${v.kind}`);
}

test("vectors: every statement's bytes, context and signature (src/common sync + hybrid)", () => {
  const { devices, statements } = load("statements.json");
  const byName = new Map<string, J>(devices.map((d: J) => [d.name, d]));
  const signers = new Map<string, J>(devices.map((d: J) => [d.signingPublicKey, d]));
  const kinds = new Set<string>();
  for (const v of statements) {
    const what = `${v.kind} signer ${v.signerScheme} subject ${v.subjectScheme}`;
    kinds.add(v.kind);
    const message = statementMessage(statementOf(v, byName));
    assert.equal(toHex(message), v.message, what);
    assert.equal(new TextDecoder().decode(statementContext(v.kind)), v.context, what);
    const [pk, sig, ctx] = [hex(v.signerPublicKey), hex(v.signature), statementContext(v.kind)];
    assert.ok(hybridVerify(pq, v.signerScheme, pk, message, sig, ctx), what);
    const other = v.signerScheme === 1 ? 2 : 1;
    assert.equal(hybridVerify(pq, other, pk, message, sig, ctx), false, `${what}: only under its own scheme`);
    // The same deterministic signature from the binding (ML-DSA with rnd = 0): devices' keys,
    // or the recovery verifier key of the vector's K.
    const signer = signers.get(v.signerPublicKey);
    if (signer !== undefined) {
      using ml = pq.keyFromSeed("ML-DSA-65", hex(signer.seeds.mlDsa));
      using ed = pq.keyFromSeed("Ed25519", hex(signer.seeds.ed25519));
      assert.equal(toHex(hybridSign(pq, v.signerScheme, ml, ed, message, ctx, true)), v.signature, what);
    } else {
      assert.equal(v.verifier, true, what);
    }
    if (v.kind === "backup") assert.ok(parseKdfEncoding(hex(v.kdf)) !== undefined);
  }
  assert.deepEqual([...kinds].sort(), ["approve", "backup", "bundle", "fetch", "possession", "recover", "revoke"]);
});

test("vectors: sealed boxes open with the binding and carry the X-Wing header; bundle aad", () => {
  const { boxes } = load("sealed-boxes.json");
  for (const b of boxes) {
    const sealed = hex(b.sealed);
    assert.equal(toHex(bundleAad(b.accountId, b.senderId, b.recipientId, b.epoch)), b.aad);
    assert.ok(looksSealedToXWing(sealed));
    using recipient = pq.keyFromSeed("X-Wing", hex(b.recipientSeed));
    assert.equal(toHex(recipient.publicKey()), b.recipientPublicKey);
    assert.equal(toHex(recipient.openSealed(sealed, hex(b.aad))), b.plaintext);
    // The encapsulation is the draft's deterministic one: the binding gives the same ciphertext.
    using pk = pq.importPublicKey("X-Wing", hex(b.recipientPublicKey));
    const { ciphertext } = pk.encapsulateDeterministic(hex(b.eseed));
    assert.equal(toHex(ciphertext), b.sealed.slice(14, 14 + 2240));
    const wrongAad = hex(b.aad);
    wrongAad[wrongAad.length - 1]! ^= 1;
    assert.throws(() => recipient.openSealed(sealed, wrongAad));
  }
});

test("vectors: recovery keys and backup blobs (client/sync), blob headers (src/common)", () => {
  const { backups } = load("backups.json");
  for (const v of backups) {
    const what = `${v.method} scheme ${v.verifierScheme}`;
    if (v.method === "password") {
      const params = { memoryKiB: v.memoryKiB, iterations: v.iterations, parallelism: v.parallelism };
      assert.equal(toHex(passwordRecoveryKey(pq, v.password, hex(v.salt), params)), v.k, what);
    }
    using keys = deriveRecoveryKeys(pq, hex(v.k), v.accountId, v.verifierScheme);
    assert.equal(toHex(keys.backupKey), v.backupKey, what);
    assert.equal(toHex(keys.verifier.publicKey), v.verifierPublicKey, what);
    const blob = hex(v.blob);
    const parsed = parseBackupBlob(blob);
    assert.equal(parsed?.method, v.method);
    assert.equal(parsed?.epoch, v.epoch);
    assert.equal(toHex(backupHeader(v.method as RecoveryMethod, v.epoch)), v.blob.slice(0, 28));
    assert.equal(toHex(backupAad(parsed!.header, v.accountId)).length, 28 + 72);
    assert.equal(toHex(openBackup(pq, keys.backupKey, v.accountId, v.method, blob)), v.bundle, what);
  }
});

test("vectors: Shamir shares combine with the binding, from any t of them", () => {
  const { splits } = load("shamir.json");
  for (const s of splits) {
    const shares: Uint8Array[] = s.shares.map(hex);
    assert.equal(shares.length, s.count);
    assert.equal(toHex(pq.shamirCombine(shares.slice(0, s.threshold))), s.secret);
    assert.equal(toHex(pq.shamirCombine(shares.slice(-s.threshold).reverse())), s.secret);
    if (s.threshold > 2) {
      assert.throws(() => pq.shamirCombine(shares.slice(0, s.threshold - 1)));
    }
  }
});
