// The hybrid ML-DSA-65+Ed25519 signing key: valid only when both parts verify; new versions
// sign with scheme 2 (composite, public key bound), which an independent verifier reproduces
// from docs/API.md (M' recomputed here with the binding's SHA-512, each part checked by
// @noble/post-quantum and WebCrypto); versions recorded as scheme 1 keep signing and verifying
// the old construction, and no signature crosses schemes; keys survive key and root rotation.

import { and, eq } from "drizzle-orm";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { concat } from "../../src/common/bytes.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { keys, keyVersions } from "../../src/db/schema/index.ts";
import { expectProblem, testApp } from "./support.ts";

const pq = loadPqgate();
const utf8 = new TextEncoder();
const text = utf8.encode("pay 10 EUR to Alice");
const message = toBase64Url(text);
const bytes = (b64: string) => fromBase64Url(b64) ?? new Uint8Array();
const LABEL_V2 = utf8.encode("pqgate/hybrid/ML-DSA-65+Ed25519/v2");

/** Scheme 2's M' as docs/API.md defines it. */
function mPrimeV2(publicKey: Uint8Array, msg: Uint8Array, ctx: Uint8Array): Uint8Array {
  const hash = (data: Uint8Array) => pq.hash("SHA-512", data);
  return concat([
    utf8.encode("CompositeAlgorithmSignatures2025"),
    LABEL_V2,
    hash(publicKey),
    Uint8Array.of(ctx.length),
    ctx,
    hash(msg),
  ]);
}

/** Scheme 1's M': u32be(len) ‖ bytes for the label, the context and the message. */
function mPrimeV1(msg: Uint8Array, ctx: Uint8Array): Uint8Array {
  const enc = (x: Uint8Array) => concat([Uint8Array.of(0, 0, x.length >> 8, x.length & 0xff), x]);
  return concat([enc(utf8.encode("pqgate/hybrid/ML-DSA-65+Ed25519/v1")), enc(ctx), enc(msg)]);
}

async function ed25519Verifies(publicKey: Uint8Array, signature: Uint8Array, msg: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey("raw", publicKey.slice(), { name: "Ed25519" }, false, ["verify"]);
  return await crypto.subtle.verify({ name: "Ed25519" }, key, signature.slice(), msg.slice());
}

test(
  "a scheme-2 hybrid signature verifies only when both parts do; an independent verifier reproduces it",
  async () => {
    await using t = await testApp();
    const key = await (await t.call("POST", "/v1/keys", { name: "hybrid", algorithm: "ML-DSA-65+Ed25519" })).json();
    assert.equal(key.purpose, "signature");
    assert.equal(key.versions[0].hybridScheme, 2, "new versions use scheme 2, and the key view says so");
    const publicKey = bytes(key.versions[0].publicKey);
    assert.equal(publicKey.length, 1952 + 32);
    const context = utf8.encode("payments/v1");
    const signed = await (await t.call("POST", "/v1/keys/hybrid/sign", { message, context: toBase64Url(context) }))
      .json();
    const signature = bytes(signed.signature);
    assert.equal(signature.length, 3309 + 64);

    const verify = async (sig: Uint8Array, ctx = context) =>
      (await (await t.call("POST", "/v1/keys/hybrid/verify", {
        message,
        signature: toBase64Url(sig),
        context: toBase64Url(ctx),
      })).json()).valid;
    assert.equal(await verify(signature), true);
    const mlDsaOnly = signature.slice();
    mlDsaOnly.fill(0, 3309);
    assert.equal(await verify(mlDsaOnly), false, "a forged Ed25519 part fails the whole signature");
    const ed25519Only = signature.slice();
    ed25519Only[100] = (ed25519Only[100] ?? 0) ^ 1;
    assert.equal(await verify(ed25519Only), false, "a forged ML-DSA part fails the whole signature");
    assert.equal(await verify(signature, new Uint8Array(1)), false, "the context binds both parts");

    // Independently: M' by hand, the ML-DSA part under ctx = Label (noble), the Ed25519 part (WebCrypto).
    const [mlPk, edPk] = [publicKey.subarray(0, 1952), publicKey.subarray(1952)];
    const [mlSig, edSig] = [signature.subarray(0, 3309), signature.subarray(3309)];
    const bound = mPrimeV2(publicKey, text, context);
    assert.ok(ml_dsa65.verify(mlSig, bound, mlPk, { context: LABEL_V2 }), "noble: ML-DSA part over M', ctx = Label");
    assert.ok(await ed25519Verifies(edPk, edSig, bound), "WebCrypto: Ed25519 part over M'");
    // Stripped off, neither part is a plain signature over the message.
    assert.equal(ml_dsa65.verify(mlSig, text, mlPk), false, "ML-DSA part: not over M");
    assert.equal(ml_dsa65.verify(mlSig, text, mlPk, { context }), false, "ML-DSA part: not over M with ctx");
    assert.equal(ml_dsa65.verify(mlSig, bound, mlPk), false, "ML-DSA part: not over M' with an empty context");
    assert.equal(await ed25519Verifies(edPk, edSig, text), false, "Ed25519 part: not over M");
    assert.deepEqual(t.faults, []);
  },
  { timeoutMs: 30_000 },
);

test(
  "a version recorded as scheme 1 signs and verifies the old construction; no signature crosses schemes",
  async () => {
    await using t = await testApp();
    const created = await (await t.call("POST", "/v1/keys", { name: "old", algorithm: "ML-DSA-65+Ed25519" })).json();
    const [row] = await t.db.select({ id: keys.id }).from(keys).where(eq(keys.name, "old"));
    const publicKey = bytes(created.versions[0].publicKey);
    const context = utf8.encode("ctx");
    const sign = async () =>
      bytes(
        (await (await t.call("POST", "/v1/keys/old/sign", { message, version: 1, context: toBase64Url(context) }))
          .json()).signature,
      );
    const verify = async (sig: Uint8Array) =>
      (await (await t.call("POST", "/v1/keys/old/verify", {
        message,
        signature: toBase64Url(sig),
        version: 1,
        context: toBase64Url(context),
      })).json()).valid;
    // Records the scheme as an upgraded database would hold it: bound (MAC'd) with that scheme,
    // as the first start after migration 0008 binds a version migration 0007 marked 1.
    const mark = async (scheme: number) => {
      const [key] = await t.db.select().from(keys).where(eq(keys.name, "old"));
      const where = and(eq(keyVersions.keyId, row?.id ?? ""), eq(keyVersions.version, 1));
      const [version] = await t.db.select().from(keyVersions).where(where);
      assert.ok(key !== undefined && version !== undefined);
      const bindingMac = await t.keys.bindings.mac(key, { ...version, hybridScheme: scheme });
      await t.db.update(keyVersions).set({ hybridScheme: scheme, bindingMac }).where(where);
    };

    const v2 = await sign();
    // As migration 0007 leaves a version made before scheme 2: recorded as 1.
    await mark(1);
    const v1 = await sign();
    assert.equal(await verify(v1), true, "a scheme-1 version still verifies its signatures");
    assert.equal(await verify(v2), false, "a scheme-1 version refuses a scheme-2 signature");
    const bound = mPrimeV1(text, context);
    assert.ok(ml_dsa65.verify(v1.subarray(0, 3309), bound, publicKey.subarray(0, 1952)), "noble: old ML-DSA part");
    assert.ok(await ed25519Verifies(publicKey.subarray(1952), v1.subarray(3309), bound), "WebCrypto: old Ed25519 part");
    const view = await (await t.call("POST", "/v1/keys/old/rotate")).json();
    assert.deepEqual(view.versions.map((v: { hybridScheme: number }) => v.hybridScheme), [1, 2], "rotation makes 2");

    await mark(2);
    assert.equal(await verify(v1), false, "a scheme-2 version refuses a scheme-1 signature");
    assert.equal(await verify(v2), true);
    assert.deepEqual(t.faults, []);
  },
  { timeoutMs: 30_000 },
);

test("hybrid keys rotate, survive a root rotation, and refuse non-signing uses and import", async () => {
  await using t = await testApp({ allowPlaintextImport: true });
  await t.call("POST", "/v1/keys", { name: "h", algorithm: "ML-DSA-65+Ed25519" });
  await t.call("POST", "/v1/keys/h/rotate");
  const report = await (await t.call("POST", "/v1/keystore/root/rotate")).json();
  assert.deepEqual([report.rewrapped, report.failed, report.retired], [2, 0, 1]);
  for (const version of [1, 2]) {
    const signed = await (await t.call("POST", "/v1/keys/h/sign", { message, version })).json();
    const verdict = await (await t.call("POST", "/v1/keys/h/verify", { message, signature: signed.signature, version }))
      .json();
    assert.deepEqual(verdict, { valid: true, version });
    const other = 3 - version;
    const crossed = await (await t.call("POST", "/v1/keys/h/verify", {
      message,
      signature: signed.signature,
      version: other,
    })).json();
    assert.deepEqual(crossed, { valid: false, version: other }, "a version's signature is no other version's");
  }
  await expectProblem(await t.call("POST", "/v1/keys/h/data-key", {}), 422, "wrong-key-purpose");
  await expectProblem(
    await t.call("POST", "/v1/keys/import", { name: "i", algorithm: "ML-DSA-65+Ed25519", privateKey: message }),
    422,
    "unsupported-algorithm",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys", { name: "n", algorithm: "ML-DSA-65+Ed25519", native: true }),
    422,
    "unsupported-algorithm",
  );
  assert.deepEqual(t.faults, []);
}, { timeoutMs: 30_000 });
