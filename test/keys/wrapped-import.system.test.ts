// Wrapped import through the HTTP API: import-params issues an X-Wing import key, the client
// seals its private key (seed or expanded form) with @hpke, and the key is imported without the
// plaintext ever crossing the network. The attacker's side: another owner's token, an expired or
// used token, a blob sealed for another algorithm, name or token, tampered enc and ciphertext,
// a narrower token; the plaintext import is refused unless switched on; nothing secret is stored.

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { b64, bytes, expectJson, utf8 } from "../sessions/support.ts";
import { sealForImport } from "../support/wrapped-import.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { toHex } from "../ffi/vectors/vectors.ts";
import { importKeys } from "../../src/db/schema/import-keys.ts";
import { keyVersions } from "../../src/db/schema/keys.ts";
import { auditRowsAfter } from "../../src/db/audit.ts";

const SLOW = { timeoutMs: 60_000 };
const pq = loadPqgate();

async function params(t: TestApp, algorithm: string, token?: string) {
  return await expectJson(await t.call("POST", "/v1/keys/import-params", { algorithm }, token), 200) as {
    importToken: string;
    publicKey: string;
    algorithm: string;
    expiresAt: string;
    suite: Record<string, unknown>;
  };
}

function importKey(t: TestApp, body: unknown, token?: string): Promise<Response> {
  return t.call("POST", "/v1/keys/import", body, token);
}

test("a seed or expanded key sealed with @hpke imports as version 1 with the matching public key", async () => {
  await using t = await testApp();
  const seed = pq.randomBytes(32);
  const p = await params(t, "ML-DSA-65");
  assert.equal(bytes(p.publicKey).length, 1216);
  assert.deepEqual(p.suite, {
    kem: "X-Wing",
    kemId: 0x647a,
    kdf: "HKDF-SHA256",
    kdfId: 1,
    aead: "AES-256-GCM",
    aeadId: 2,
  });
  assert.ok(Date.parse(p.expiresAt) > Date.now() + 9 * 60_000, "about ten minutes by default");
  const imported = await expectJson(await importKey(t, await sealForImport(p, "ML-DSA-65", "byok", seed)), 201);
  const expected = ml_dsa65.keygen(seed);
  const versions = imported.versions as { publicKey: string }[];
  assert.deepEqual(bytes(versions[0]?.publicKey), expected.publicKey);
  const message = b64(utf8("signed by an imported key"));
  const signed = await expectJson(await t.call("POST", "/v1/keys/byok/sign", { message }), 200);
  assert.ok(ml_dsa65.verify(bytes(signed.signature), utf8("signed by an imported key"), expected.publicKey));

  // The expanded ML-KEM form and a symmetric key import the same way.
  // @noble's ML-KEM keygen from d‖z gives the FIPS 203 expanded decapsulation key.
  const { secretKey: dk, publicKey: ek } = ml_kem768.keygen(pq.randomBytes(64));
  const expanded = { dk, ek };
  const p2 = await params(t, "ML-KEM-768");
  const kemView = await expectJson(
    await importKey(t, await sealForImport(p2, "ML-KEM-768", "kem-byok", expanded.dk)),
    201,
  );
  assert.deepEqual(bytes((kemView.versions as { publicKey: string }[])[0]?.publicKey), expanded.ek);
  const aesKey = pq.randomBytes(32);
  const p3 = await params(t, "AES-256-GCM");
  await expectJson(await importKey(t, await sealForImport(p3, "AES-256-GCM", "aes-byok", aesKey)), 201);
  const ct = await expectJson(await t.call("POST", "/v1/keys/aes-byok/encrypt", { plaintext: b64(utf8("x")) }), 200);
  assert.equal(bytes(ct.ciphertext).length, 5 + 12 + 1 + 16);

  // Nothing of the imported keys in the database in plaintext, no import token left over.
  const cells = JSON.stringify(
    (await t.db.select().from(keyVersions)).map((r) => [toHex(r.envelope ?? new Uint8Array()), toHex(r.publicKey)]),
  );
  for (const secret of [seed, expanded.dk, aesKey]) assert.equal(cells.includes(toHex(secret)), false);
  assert.deepEqual(await t.db.select().from(importKeys), []);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("the token is single use, expires, and belongs to its owner and algorithm", async () => {
  let now = Date.now();
  await using t = await testApp({ importClock: { now: () => new Date(now) } });
  const seed = pq.randomBytes(32);

  // Used: a replayed request (the same sealed blob) fails.
  const p = await params(t, "Ed25519");
  const body = await sealForImport(p, "Ed25519", "once", seed);
  await expectJson(await importKey(t, body), 201);
  await expectProblem(await importKey(t, { ...body, name: "twice" }), 422, "import-token-invalid");

  // Expired.
  const late = await params(t, "Ed25519");
  now += 601_000;
  await expectProblem(
    await importKey(t, await sealForImport(late, "Ed25519", "late", seed)),
    422,
    "import-token-invalid",
  );
  now = Date.now();

  // Another owner's token: not found for this owner, and not used up by the attempt.
  const other = (await t.tokens.create("tenant-b", { name: "b", scopes: ["keys:create"], keyPattern: "*" })).secret;
  const theirs = await params(t, "Ed25519", other);
  const stolen = await sealForImport(theirs, "Ed25519", "stolen", seed);
  await expectProblem(await importKey(t, stolen), 422, "import-token-invalid");
  await expectJson(await importKey(t, stolen, other), 201);

  // A token issued for one algorithm, used for another.
  const forEd = await params(t, "Ed25519");
  await expectProblem(
    await importKey(t, await sealForImport(forEd, "ML-DSA-44", "swapped", seed)),
    422,
    "import-token-invalid",
  );
  assert.deepEqual(t.faults, []);
}, SLOW);

test("a blob sealed for another algorithm, name or token, or tampered, does not import", async () => {
  await using t = await testApp();
  const seed = pq.randomBytes(32);
  // Sealed with info for ML-DSA-44 (a 32-byte seed is valid for both), presented as ML-DSA-65.
  const p1 = await params(t, "ML-DSA-65");
  await expectProblem(
    await importKey(t, await sealForImport(p1, "ML-DSA-65", "k", seed, { algorithm: "ML-DSA-44" })),
    422,
    "decryption-failed",
  );
  const p2 = await params(t, "ML-DSA-65");
  await expectProblem(
    await importKey(t, await sealForImport(p2, "ML-DSA-65", "k", seed, { name: "other-name" })),
    422,
    "decryption-failed",
  );
  const p3 = await params(t, "ML-DSA-65");
  const p4 = await params(t, "ML-DSA-65");
  await expectProblem(
    await importKey(t, await sealForImport(p3, "ML-DSA-65", "k", seed, { importToken: p4.importToken })),
    422,
    "decryption-failed",
  );
  // Sealed to another token's import key.
  const sealedToP4 = await sealForImport({ ...p4, importToken: p3.importToken }, "ML-DSA-65", "k", seed);
  const p5 = await params(t, "ML-DSA-65");
  await expectProblem(await importKey(t, { ...sealedToP4, importToken: p5.importToken }), 422, "decryption-failed");
  for (const field of ["enc", "sealedKey"] as const) {
    const p = await params(t, "ML-DSA-65");
    const body = await sealForImport(p, "ML-DSA-65", "k", seed);
    const raw = bytes(body[field]);
    raw[7] = (raw[7] as number) ^ 1;
    await expectProblem(await importKey(t, { ...body, [field]: b64(raw) }), 422, "decryption-failed");
  }
  const p6 = await params(t, "ML-DSA-65");
  const short = await sealForImport(p6, "ML-DSA-65", "k", seed);
  await expectProblem(await importKey(t, { ...short, enc: b64(bytes(short.enc).subarray(1)) }), 400, "validation");
  // Sealed right, but not a key of that algorithm: refused by the library's checks.
  const p7 = await params(t, "ML-KEM-768");
  await expectProblem(
    await importKey(t, await sealForImport(p7, "ML-KEM-768", "k", new Uint8Array(31))),
    422,
    "invalid-crypto-input",
  );
  await expectProblem(await t.call("GET", "/v1/keys/k"), 404, "key-not-found");
  await expectProblem(
    await t.call("POST", "/v1/keys/import-params", { algorithm: "ECDSA-P256" }),
    422,
    "unsupported-algorithm",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/import-params", { algorithm: "ML-DSA-65+Ed25519" }),
    422,
    "unsupported-algorithm",
  );
  assert.deepEqual(t.faults, []);
}, SLOW);

test("scopes: import-params and import need keys:create; the key name must match the token's pattern", async () => {
  await using t = await testApp();
  const narrow = (await t.tokens.create("", { name: "n", scopes: ["keys:create"], keyPattern: "team-*" })).secret;
  const reader = (await t.tokens.create("", { name: "r", scopes: ["keys:read"], keyPattern: "*" })).secret;
  await expectProblem(
    await t.call("POST", "/v1/keys/import-params", { algorithm: "Ed25519" }, reader),
    403,
    "forbidden",
  );
  const p = await params(t, "Ed25519", narrow);
  const seed = pq.randomBytes(32);
  await expectProblem(
    await importKey(t, await sealForImport(p, "Ed25519", "admin-key", seed), narrow),
    403,
    "forbidden",
  );
  // The refusal came before the token was taken: it still imports under a matching name.
  await expectJson(await importKey(t, await sealForImport(p, "Ed25519", "team-key", seed), narrow), 201);
  assert.deepEqual(t.faults, []);
}, SLOW);

test("the plaintext import is off by default and says how to import instead; the switch turns it on", async () => {
  const seed = pq.randomBytes(32);
  const body = { name: "plain", algorithm: "Ed25519", privateKey: b64(seed) };
  {
    await using t = await testApp();
    const res = await importKey(t, body);
    const problem = await expectProblem(res, 403, "plaintext-import-disabled");
    assert.match(String(problem.detail), /import-params/);
    await expectProblem(await t.call("GET", "/v1/keys/plain"), 404, "key-not-found");
    const rows = await auditRowsAfter(t.db, 0, 1000);
    assert.equal(JSON.stringify(rows).includes(b64(seed)), false, "the refused key is not in the audit trail");
  }
  await using t = await testApp({ allowPlaintextImport: true });
  await expectJson(await importKey(t, body), 201);
}, SLOW);
