// The hybrid ML-DSA-65+Ed25519 signing key: valid only when both parts verify; each part
// checked by an independent implementation (@noble/post-quantum, WebCrypto); survives key
// and root rotation.

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { hybridBoundMessage } from "../../src/common/hybrid.ts";
import { expectProblem, testApp } from "./support.ts";

const text = new TextEncoder().encode("pay 10 EUR to Alice");
const message = toBase64Url(text);
const bytes = (b64: string) => fromBase64Url(b64) ?? new Uint8Array();

test("a hybrid signature verifies only when both parts do; each part is a standard signature over M'", async () => {
  await using t = await testApp();
  const key = await (await t.call("POST", "/v1/keys", { name: "hybrid", algorithm: "ML-DSA-65+Ed25519" })).json();
  assert.equal(key.purpose, "signature");
  const publicKey = bytes(key.versions[0].publicKey);
  assert.equal(publicKey.length, 1952 + 32);
  const context = new TextEncoder().encode("payments/v1");
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

  const bound = hybridBoundMessage(text, context);
  assert.ok(ml_dsa65.verify(signature.subarray(0, 3309), bound, publicKey.subarray(0, 1952)), "noble: ML-DSA part");
  const ed = await crypto.subtle.importKey("raw", publicKey.slice(1952), { name: "Ed25519" }, false, ["verify"]);
  assert.ok(
    await crypto.subtle.verify({ name: "Ed25519" }, ed, signature.slice(3309), new Uint8Array(bound)),
    "WebCrypto: Ed25519 part",
  );
  assert.equal(
    ml_dsa65.verify(signature.subarray(0, 3309), text, publicKey.subarray(0, 1952)),
    false,
    "not a plain signature",
  );
  assert.deepEqual(t.faults, []);
}, { timeoutMs: 30_000 });

test("hybrid keys rotate, survive a root rotation, and refuse non-signing uses and import", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "h", algorithm: "ML-DSA-65+Ed25519" });
  await t.call("POST", "/v1/keys/h/rotate");
  const report = await (await t.call("POST", "/v1/keystore/root/rotate")).json();
  assert.deepEqual([report.rewrapped, report.failed, report.retired], [2, 0, 1]);
  for (const version of [1, 2]) {
    const signed = await (await t.call("POST", "/v1/keys/h/sign", { message, version })).json();
    const verdict = await (await t.call("POST", "/v1/keys/h/verify", { message, signature: signed.signature, version }))
      .json();
    assert.deepEqual(verdict, { valid: true, version });
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
