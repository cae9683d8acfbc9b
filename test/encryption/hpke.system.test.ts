// HPKE under named KEM keys through the HTTP API: a message sealed offline by @hpke (the
// independent implementation) to the public key of the key view opens through
// POST …/decrypt for every KEM × AEAD with info and aad; gateway-side encrypt round-trips;
// wrong info, aad or AEAD and every tampering is 422; enc of the wrong size is 422 or 400;
// versions are named, never tried; minDecryptionVersion, enabled, scopes, batches, audit rows.

import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";
import { MlKem1024, MlKem512, MlKem768 } from "@hpke/ml-kem";
import { XWing } from "@hpke/hybridkem-x-wing";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";
import { b64, bytes, expectJson, utf8 } from "../sessions/support.ts";
import { auditRowsAfter } from "../../src/db/audit.ts";

const SLOW = { timeoutMs: 60_000 };
type Kem = "ML-KEM-512" | "ML-KEM-768" | "ML-KEM-1024" | "X-Wing";
type Aead = "AES-256-GCM" | "ChaCha20-Poly1305";
const KEMS: Record<Kem, () => MlKem512 | MlKem768 | MlKem1024 | XWing> = {
  "ML-KEM-512": () => new MlKem512(),
  "ML-KEM-768": () => new MlKem768(),
  "ML-KEM-1024": () => new MlKem1024(),
  "X-Wing": () => new XWing(),
};
const KEM_IDS: Record<Kem, number> = { "ML-KEM-512": 0x40, "ML-KEM-768": 0x41, "ML-KEM-1024": 0x42, "X-Wing": 0x647a };
const AEADS: Record<Aead, () => Aes256Gcm | Chacha20Poly1305> = {
  "AES-256-GCM": () => new Aes256Gcm(),
  "ChaCha20-Poly1305": () => new Chacha20Poly1305(),
};

function suiteFor(kem: Kem, aead: Aead): CipherSuite {
  return new CipherSuite({ kem: KEMS[kem](), kdf: new HkdfSha256(), aead: AEADS[aead]() });
}

async function createKey(t: TestApp, name: string, algorithm: string) {
  return await expectJson(await t.call("POST", "/v1/keys", { name, algorithm }), 201);
}

/** Seals offline with @hpke to version `version` (latest) of key `name`, read from its key view. */
async function sealOffline(
  t: TestApp,
  name: string,
  kem: Kem,
  aead: Aead,
  plaintext: Uint8Array,
  options: { info?: Uint8Array; aad?: Uint8Array; version?: number } = {},
) {
  const view = await expectJson(await t.call("GET", `/v1/keys/${name}`), 200);
  const versions = view.versions as { version: number; publicKey: string }[];
  const version = options.version ?? (view.latestVersion as number);
  const publicKey = bytes(versions.find((v) => v.version === version)?.publicKey);
  const suite = suiteFor(kem, aead);
  const recipientPublicKey = await suite.kem.deserializePublicKey(publicKey);
  const params = options.info ? { recipientPublicKey, info: options.info } : { recipientPublicKey };
  const sealed = await suite.seal(params, plaintext, options.aad);
  return { enc: new Uint8Array(sealed.enc), ciphertext: new Uint8Array(sealed.ct), version };
}

interface Message {
  enc: Uint8Array;
  ciphertext: Uint8Array;
  info?: Uint8Array | undefined;
  aad?: Uint8Array | undefined;
  aead?: Aead | undefined;
  version?: number | undefined;
}

function messageJson(m: Message) {
  return {
    enc: b64(m.enc),
    ciphertext: b64(m.ciphertext),
    ...(m.info ? { info: b64(m.info) } : {}),
    ...(m.aad ? { aad: b64(m.aad) } : {}),
    ...(m.aead ? { aead: m.aead } : {}),
    ...(m.version !== undefined ? { version: m.version } : {}),
  };
}

function decrypt(t: TestApp, name: string, m: Message, token?: string): Promise<Response> {
  return t.call("POST", `/v1/keys/${name}/decrypt`, messageJson(m), token);
}

test("a message @hpke sealed offline to the key view's public key opens, for every KEM and AEAD", async () => {
  await using t = await testApp();
  for (const kem of Object.keys(KEMS) as Kem[]) {
    const name = `hpke-${kem.toLowerCase()}`;
    const view = await createKey(t, name, kem);
    assert.equal(view.purpose, "kem");
    for (const aead of Object.keys(AEADS) as Aead[]) {
      const info = utf8(`app=orders;key=${name}`);
      const aad = utf8("row 42");
      const plaintext = utf8(`offline to ${kem} with ${aead}`);
      const sealed = await sealOffline(t, name, kem, aead, plaintext, { info, aad });
      const opened = await expectJson(await decrypt(t, name, { ...sealed, info, aad, aead }), 200);
      assert.deepEqual(bytes(opened.plaintext), plaintext, `${kem}/${aead}`);
      assert.equal(opened.version, 1);
      // Wrong info, aad or AEAD, or none of them: one answer, 422 decryption-failed.
      for (
        const wrong of [
          { info: utf8("app=billing"), aad, aead },
          { info, aad: utf8("row 43"), aead },
          { info, aad, aead: aead === "AES-256-GCM" ? "ChaCha20-Poly1305" as const : "AES-256-GCM" as const },
          { info: undefined, aad: undefined, aead },
        ]
      ) {
        await expectProblem(await decrypt(t, name, { ...sealed, ...wrong }), 422, "decryption-failed");
      }
    }
  }
  assert.deepEqual(t.faults, []);
}, SLOW);

test("gateway-side encrypt seals to the key's own latest public key and names the suite", async () => {
  await using t = await testApp();
  for (const kem of ["ML-KEM-1024", "X-Wing"] as const) {
    const name = `gw-${kem.toLowerCase()}`;
    await createKey(t, name, kem);
    for (const aead of [undefined, "ChaCha20-Poly1305"] as const) {
      const body = {
        plaintext: b64(utf8("hello")),
        info: b64(utf8("i")),
        aad: b64(utf8("a")),
        ...(aead ? { aead } : {}),
      };
      const sealed = await expectJson(await t.call("POST", `/v1/keys/${name}/encrypt`, body), 200);
      assert.deepEqual(sealed.suite, {
        kem,
        kemId: KEM_IDS[kem],
        kdf: "HKDF-SHA256",
        kdfId: 1,
        aead: aead ?? "AES-256-GCM",
        aeadId: aead ? 3 : 2,
      });
      assert.equal(sealed.version, 1);
      assert.equal(bytes(sealed.ciphertext).length, 5 + 16);
      const opened = await expectJson(
        await t.call("POST", `/v1/keys/${name}/decrypt`, {
          enc: sealed.enc,
          ciphertext: sealed.ciphertext,
          info: body.info,
          aad: body.aad,
          ...(aead ? { aead } : {}),
        }),
        200,
      );
      assert.deepEqual(bytes(opened.plaintext), utf8("hello"));
    }
  }
  assert.deepEqual(t.faults, []);
}, SLOW);

test("every tampered byte of enc or ciphertext is 422; enc of the wrong size is 422, oversized 400", async () => {
  await using t = await testApp();
  await createKey(t, "x", "X-Wing");
  const info = utf8("i");
  const sealed = await sealOffline(t, "x", "X-Wing", "AES-256-GCM", utf8("attack at dawn"), { info });
  for (const i of [0, 1, 500, 1119]) {
    const enc = sealed.enc.slice();
    enc[i] = (enc[i] as number) ^ 1;
    await expectProblem(await decrypt(t, "x", { ...sealed, enc, info }), 422, "decryption-failed");
  }
  for (let i = 0; i < sealed.ciphertext.length; i++) {
    const ciphertext = sealed.ciphertext.slice();
    ciphertext[i] = (ciphertext[i] as number) ^ 0x80;
    await expectProblem(await decrypt(t, "x", { ...sealed, ciphertext, info }), 422, "decryption-failed");
  }
  await expectProblem(
    await decrypt(t, "x", { ...sealed, enc: sealed.enc.subarray(1), info }),
    422,
    "ciphertext-malformed",
  );
  await expectProblem(
    await decrypt(t, "x", { ...sealed, ciphertext: sealed.ciphertext.subarray(0, 15), info }),
    422,
    "ciphertext-malformed",
  );
  await expectProblem(await decrypt(t, "x", { ...sealed, enc: new Uint8Array(1569), info }), 400, "validation");
  // Shapes that do not fit the key: a symmetric ciphertext to a KEM key, HPKE to a symmetric key.
  await expectProblem(
    await t.call("POST", "/v1/keys/x/decrypt", { ciphertext: b64(sealed.ciphertext) }),
    422,
    "ciphertext-malformed",
  );
  await createKey(t, "sym", "AES-256-GCM");
  await expectProblem(await decrypt(t, "sym", { ...sealed, info }), 422, "wrong-key-purpose");
  await expectProblem(
    await t.call("POST", "/v1/keys/sym/encrypt", { plaintext: b64(utf8("x")), info: b64(info) }),
    422,
    "wrong-key-purpose",
  );
  await createKey(t, "sig", "ML-DSA-44");
  await expectProblem(await decrypt(t, "sig", { ...sealed, info }), 422, "wrong-key-purpose");
  // Rewrap is for symmetric ciphertexts only.
  await expectProblem(
    await t.call("POST", "/v1/keys/x/rewrap", {
      ciphertext: b64(new Uint8Array([1, 0, 0, 0, 1, ...new Uint8Array(28)])),
    }),
    422,
    "wrong-key-purpose",
  );
  assert.deepEqual(t.faults, []);
}, SLOW);

test("decrypt opens with the version named (latest by default), never by trying versions", async () => {
  await using t = await testApp();
  await createKey(t, "k", "ML-KEM-768");
  const old = await sealOffline(t, "k", "ML-KEM-768", "AES-256-GCM", utf8("v1 message"));
  await expectJson(await t.call("POST", "/v1/keys/k/rotate"), 200);
  const fresh = await sealOffline(t, "k", "ML-KEM-768", "AES-256-GCM", utf8("v2 message"));
  assert.equal(fresh.version, 2);
  assert.deepEqual(bytes((await expectJson(await decrypt(t, "k", fresh), 200)).plaintext), utf8("v2 message"));
  // The old message without its version is tried only with the latest: it fails.
  await expectProblem(await decrypt(t, "k", { ...old, version: undefined }), 422, "decryption-failed");
  const opened = await expectJson(await decrypt(t, "k", { ...old, version: 1 }), 200);
  assert.deepEqual(bytes(opened.plaintext), utf8("v1 message"));
  assert.equal(opened.version, 1);
  await expectProblem(await decrypt(t, "k", { ...old, version: 7 }), 422, "decryption-failed");
  await expectJson(await t.call("PATCH", "/v1/keys/k/config", { minDecryptionVersion: 2 }), 200);
  await expectProblem(await decrypt(t, "k", { ...old, version: 1 }), 409, "version-disabled");
  await expectJson(await t.call("PATCH", "/v1/keys/k/config", { enabled: false }), 200);
  await expectProblem(await decrypt(t, "k", fresh), 409, "key-disabled");
  await expectProblem(await t.call("POST", "/v1/keys/k/encrypt", { plaintext: "" }), 409, "key-disabled");
  await expectJson(await t.call("PATCH", "/v1/keys/k/config", { enabled: true }), 200);
  assert.deepEqual(bytes((await expectJson(await decrypt(t, "k", fresh), 200)).plaintext), utf8("v2 message"));
  assert.deepEqual(t.faults, []);
}, SLOW);

test("batches: each HPKE item opens or fails on its own; encrypt-batch seals each", async () => {
  await using t = await testApp();
  await createKey(t, "k", "X-Wing");
  const a = await sealOffline(t, "k", "X-Wing", "ChaCha20-Poly1305", utf8("a"), { aad: utf8("1") });
  const b = await sealOffline(t, "k", "X-Wing", "AES-256-GCM", utf8("b"));
  const res = await expectJson(
    await t.call("POST", "/v1/keys/k/decrypt-batch", {
      items: [
        messageJson({ ...a, aad: utf8("1"), aead: "ChaCha20-Poly1305" }),
        messageJson({ ...a, aad: utf8("2"), aead: "ChaCha20-Poly1305" }),
        messageJson(b),
        messageJson({ ...b, enc: b.enc.subarray(2) }),
        messageJson({ ...b, version: 9 }),
        { ciphertext: b64(b.ciphertext) },
      ],
    }),
    200,
  );
  const results = res.results as { ok: boolean; plaintext?: string; problem?: { type: string } }[];
  assert.deepEqual(results.map((r) => r.ok), [true, false, true, false, false, false]);
  assert.deepEqual(bytes(results[0]?.plaintext), utf8("a"));
  assert.deepEqual(bytes(results[2]?.plaintext), utf8("b"));
  assert.deepEqual(results.filter((r) => !r.ok).map((r) => r.problem?.type.replace("urn:pqgate:problem:", "")), [
    "decryption-failed",
    "ciphertext-malformed",
    "decryption-failed",
    "ciphertext-malformed",
  ]);
  const sealed = await expectJson(
    await t.call("POST", "/v1/keys/k/encrypt-batch", { items: [{ plaintext: b64(utf8("p")), info: b64(utf8("i")) }] }),
    200,
  );
  const [item] = sealed.results as { ok: boolean; enc: string; ciphertext: string }[];
  assert.equal(item?.ok, true);
  const opened = await expectJson(
    await t.call("POST", "/v1/keys/k/decrypt", { enc: item?.enc, ciphertext: item?.ciphertext, info: b64(utf8("i")) }),
    200,
  );
  assert.deepEqual(bytes(opened.plaintext), utf8("p"));
  assert.deepEqual(t.faults, []);
}, SLOW);

test("scopes keys:encrypt and keys:decrypt apply; every use is audited with its version; no key material", async () => {
  await using t = await testApp();
  await createKey(t, "orders-k", "ML-KEM-1024");
  const mint = async (scopes: string[]) =>
    (await t.tokens.create("", { name: `t-${scopes.join("-")}`, scopes: scopes as never, keyPattern: "orders-*" }))
      .secret;
  const encryptOnly = await mint(["keys:encrypt"]);
  const decryptOnly = await mint(["keys:decrypt"]);
  const sealed = await expectJson(
    await t.call("POST", "/v1/keys/orders-k/encrypt", { plaintext: b64(utf8("pay 5")) }, encryptOnly),
    200,
  );
  const message = { enc: sealed.enc, ciphertext: sealed.ciphertext };
  await expectProblem(await t.call("POST", "/v1/keys/orders-k/decrypt", message, encryptOnly), 403, "forbidden");
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-k/decrypt-batch", { items: [message] }, encryptOnly),
    403,
    "forbidden",
  );
  await expectProblem(
    await t.call("POST", "/v1/keys/orders-k/encrypt", { plaintext: "" }, decryptOnly),
    403,
    "forbidden",
  );
  const opened = await expectJson(await t.call("POST", "/v1/keys/orders-k/decrypt", message, decryptOnly), 200);
  assert.deepEqual(bytes(opened.plaintext), utf8("pay 5"));
  const rows = await auditRowsAfter(t.db, 0, 1000);
  const uses = rows.filter((r) => r.keyName === "orders-k" && r.outcome === "ok" && r.action !== "keys.create");
  assert.deepEqual(uses.map((r) => [r.action, r.keyVersion]), [["keys.encrypt", 1], ["keys.decrypt", 1]]);
  const text = JSON.stringify([sealed, await expectJson(await t.call("GET", "/v1/keys/orders-k"), 200)]);
  assert.equal(/envelope|private|secret/i.test(text), false, text);
  assert.deepEqual(t.faults, []);
}, SLOW);
