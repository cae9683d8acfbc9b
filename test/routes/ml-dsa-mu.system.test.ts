// ML-DSA external μ over HTTP (FIPS 204: μ = SHAKE256(SHAKE256(pk, 64) ‖ 0 ‖ |ctx| ‖ ctx ‖ M, 64)):
// sign and verify given `mu` instead of `message`, cross-checked both ways with @noble/post-quantum,
// in single and batch form, and every misuse a 4xx problem.

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { shake256 } from "@noble/hashes/sha3.js";
import { asc, eq } from "drizzle-orm";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { concat } from "../../src/common/bytes.ts";
import { auditLog } from "../../src/db/schema/index.ts";
import { expectProblem, testApp } from "./support.ts";
import { sealForImport } from "../support/wrapped-import.ts";

const MESSAGE = new TextEncoder().encode("a large file, hashed by the client; only mu travels");
const CONTEXT = new TextEncoder().encode("files/v1");

/** μ as a client computes it (FIPS 204 Algorithm 2 line 10, Algorithm 7 line 6). */
function computeMu(publicKey: Uint8Array, message: Uint8Array, context: Uint8Array): Uint8Array {
  const tr = shake256(publicKey, { dkLen: 64 });
  return shake256(concat([tr, new Uint8Array([0, context.length]), context, message]), { dkLen: 64 });
}

const bytes = (text: string): Uint8Array => fromBase64Url(text) ?? new Uint8Array();

test("a μ-signature from the gateway verifies over the message (noble and gateway), and the reverse", async () => {
  await using t = await testApp();
  const seed = crypto.getRandomValues(new Uint8Array(32));
  // Wrapped import: the seed reaches the gateway only sealed to its import key.
  const params = await t.call("POST", "/v1/keys/import-params", { algorithm: "ML-DSA-65" });
  assert.equal(params.status, 200, await params.clone().text());
  const imported = await t.call(
    "POST",
    "/v1/keys/import",
    await sealForImport(await params.json(), "ML-DSA-65", "mu-signer", seed),
  );
  assert.equal(imported.status, 201, await imported.clone().text());
  const publicKey = bytes((await imported.json()).versions[0].publicKey);
  const noble = ml_dsa65.keygen(seed);
  assert.deepEqual(noble.publicKey, publicKey);
  const mu = toBase64Url(computeMu(publicKey, MESSAGE, CONTEXT));
  const message = toBase64Url(MESSAGE);
  const context = toBase64Url(CONTEXT);

  // Gateway signs μ: noble's ordinary verify over (M, ctx) accepts it, and so does the gateway's.
  for (const deterministic of [false, true]) {
    const signed = await t.call("POST", "/v1/keys/mu-signer/sign", { mu, deterministic });
    assert.equal(signed.status, 200, await signed.clone().text());
    const { signature, version } = await signed.json();
    assert.equal(version, 1);
    assert.ok(ml_dsa65.verify(bytes(signature), MESSAGE, publicKey, { context: CONTEXT }));
    assert.ok(!ml_dsa65.verify(bytes(signature), MESSAGE, publicKey));
    const overMessage = await t.call("POST", "/v1/keys/mu-signer/verify", { message, context, signature });
    assert.deepEqual(await overMessage.json(), { valid: true, version: 1 });
    const overMu = await t.call("POST", "/v1/keys/mu-signer/verify", { mu, signature });
    assert.deepEqual(await overMu.json(), { valid: true, version: 1 });
  }
  // Deterministic: the same signature as signing the message itself.
  const byMu = await (await t.call("POST", "/v1/keys/mu-signer/sign", { mu, deterministic: true })).json();
  const byMessage = await (await t.call("POST", "/v1/keys/mu-signer/sign", { message, context, deterministic: true }))
    .json();
  assert.equal(byMu.signature, byMessage.signature);

  // Noble signs (M, ctx) normally: the gateway verifies it given μ; noble signs μ: the gateway verifies over M.
  const nobleSignature = ml_dsa65.sign(MESSAGE, noble.secretKey, { context: CONTEXT });
  const verdict = await t.call("POST", "/v1/keys/mu-signer/verify", { mu, signature: toBase64Url(nobleSignature) });
  assert.deepEqual(await verdict.json(), { valid: true, version: 1 });
  const nobleMuSignature = ml_dsa65.internal.sign(bytes(mu), noble.secretKey, { externalMu: true });
  const overMessage = await t.call("POST", "/v1/keys/mu-signer/verify", {
    message,
    context,
    signature: toBase64Url(nobleMuSignature),
  });
  assert.deepEqual(await overMessage.json(), { valid: true, version: 1 });
  // A different μ does not verify.
  const otherMu = toBase64Url(computeMu(publicKey, MESSAGE, new Uint8Array()));
  const wrong = await t.call("POST", "/v1/keys/mu-signer/verify", { mu: otherMu, signature: byMu.signature });
  assert.deepEqual(await wrong.json(), { valid: false, version: 1 });

  const signs = await t.db.select().from(auditLog).where(eq(auditLog.action, "keys.sign")).orderBy(asc(auditLog.seq));
  assert.equal(signs.length, 4);
  assert.ok(signs.every((row) => row.keyName === "mu-signer" && row.keyVersion === 1 && row.outcome === "ok"));
  assert.deepEqual(t.faults, []);
});

test("sign-batch and verify-batch take μ items next to message items", async () => {
  await using t = await testApp();
  const key = await (await t.call("POST", "/v1/keys", { name: "batch", algorithm: "ML-DSA-44" })).json();
  const publicKey = bytes(key.versions[0].publicKey);
  const mu = toBase64Url(computeMu(publicKey, MESSAGE, new Uint8Array()));
  const message = toBase64Url(MESSAGE);
  const signed = await (await t.call("POST", "/v1/keys/batch/sign-batch", {
    items: [{ mu }, { message }, { mu, version: 7 }],
  })).json();
  assert.equal(signed.results[0].ok, true);
  assert.equal(signed.results[1].ok, true);
  assert.equal(signed.results[2].problem.type, "urn:pqgate:problem:version-not-found");
  const verified = await (await t.call("POST", "/v1/keys/batch/verify-batch", {
    items: [
      { mu, signature: signed.results[1].signature },
      { message, signature: signed.results[0].signature },
      { mu, signature: toBase64Url(new Uint8Array(10)) },
    ],
  })).json();
  assert.deepEqual(verified.results.slice(0, 2), [
    { ok: true, valid: true, version: 1 },
    { ok: true, valid: true, version: 1 },
  ]);
  assert.equal(verified.results[2].problem.type, "urn:pqgate:problem:invalid-crypto-input");
  await expectProblem(
    await t.call("POST", "/v1/keys/batch/sign-batch", { items: [{ mu, message }] }),
    400,
    "validation",
  );
  assert.deepEqual(t.faults, []);
});

test("μ misuse is a 4xx problem: both or neither, context with μ, wrong length, non-ML-DSA keys, disabled keys", async () => {
  await using t = await testApp();
  await t.call("POST", "/v1/keys", { name: "signer", algorithm: "ML-DSA-87" });
  await t.call("POST", "/v1/keys", { name: "ed", algorithm: "Ed25519" });
  await t.call("POST", "/v1/keys", { name: "hybrid", algorithm: "ML-DSA-65+Ed25519" });
  await t.call("POST", "/v1/keys", { name: "kem", algorithm: "ML-KEM-768" });
  const mu = toBase64Url(new Uint8Array(64).fill(1));
  const message = toBase64Url(MESSAGE);
  const signature = toBase64Url(new Uint8Array(64));
  const cases: [string, unknown, number, string][] = [
    ["/v1/keys/signer/sign", { mu, message }, 400, "validation"],
    ["/v1/keys/signer/sign", {}, 400, "validation"],
    ["/v1/keys/signer/sign", { mu, context: toBase64Url(CONTEXT) }, 400, "validation"],
    ["/v1/keys/signer/sign", { mu: toBase64Url(new Uint8Array(63)) }, 400, "validation"],
    ["/v1/keys/signer/sign", { mu: toBase64Url(new Uint8Array(65)) }, 400, "validation"],
    ["/v1/keys/signer/verify", { mu, message, signature }, 400, "validation"],
    ["/v1/keys/signer/verify", { mu, context: toBase64Url(CONTEXT), signature }, 400, "validation"],
    ["/v1/keys/ed/sign", { mu }, 422, "unsupported-algorithm"],
    ["/v1/keys/ed/verify", { mu, signature }, 422, "unsupported-algorithm"],
    ["/v1/keys/hybrid/sign", { mu }, 422, "unsupported-algorithm"],
    ["/v1/keys/hybrid/verify", { mu, signature }, 422, "unsupported-algorithm"],
    ["/v1/keys/kem/sign", { mu }, 422, "wrong-key-purpose"],
    ["/v1/keys/missing/sign", { mu }, 404, "key-not-found"],
    ["/v1/keys/signer/verify", { mu, signature }, 422, "invalid-crypto-input"],
  ];
  for (const [path, body, status, type] of cases) {
    await expectProblem(await t.call("POST", path, body), status, type);
  }
  const disabled = await t.call("PATCH", "/v1/keys/signer/config", { enabled: false });
  assert.equal(disabled.status, 200, await disabled.clone().text());
  await expectProblem(await t.call("POST", "/v1/keys/signer/sign", { mu }), 409, "key-disabled");
  assert.deepEqual(t.faults, []);
});
