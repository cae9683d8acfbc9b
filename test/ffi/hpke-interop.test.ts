// HPKE through the binding against the independent @hpke/* implementation (npm, dev only),
// on Deno and Bun, for every KEM × AEAD with info and aad: pqgate seals to a public key whose
// private key @hpke generated and @hpke opens it; @hpke seals to a pqgate key and pqgate opens
// it; and the private keys agree (@hpke's serialized private key is the seed pqgate takes).

import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";
import { MlKem1024, MlKem512, MlKem768 } from "@hpke/ml-kem";
import { XWing } from "@hpke/hybridkem-x-wing";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, throwsStatus } from "../support/pq.ts";
import { type AeadAlgorithm, type KemAlgorithm, loadPqgate } from "../../ffi/mod.ts";

const pq = loadPqgate();
const utf8 = (s: string) => new TextEncoder().encode(s);

const KEMS = {
  "ML-KEM-512": () => new MlKem512(),
  "ML-KEM-768": () => new MlKem768(),
  "ML-KEM-1024": () => new MlKem1024(),
  "X-Wing": () => new XWing(),
} as const satisfies Record<KemAlgorithm, unknown>;
const AEADS = { "AES-256-GCM": () => new Aes256Gcm(), "ChaCha20-Poly1305": () => new Chacha20Poly1305() } as const;

function suiteFor(kem: KemAlgorithm, aead: AeadAlgorithm): CipherSuite {
  return new CipherSuite({ kem: KEMS[kem](), kdf: new HkdfSha256(), aead: AEADS[aead]() });
}

const CASES = (Object.keys(KEMS) as KemAlgorithm[]).flatMap((kem) =>
  (Object.keys(AEADS) as AeadAlgorithm[]).map((aead) => ({ kem, aead }))
);

for (const { kem, aead } of CASES) {
  test(`${kem} with ${aead}: pqgate seals, @hpke opens; @hpke seals, pqgate opens`, async () => {
    const suite = suiteFor(kem, aead);
    const theirs = await suite.kem.generateKeyPair();
    const publicKey = new Uint8Array(await suite.kem.serializePublicKey(theirs.publicKey));
    const info = utf8(`pqgate interop ${kem}`);
    const aad = utf8("row 42");
    const plaintext = utf8(`a message for ${kem} under ${aead}`);

    // pqgate seals to @hpke's public key; @hpke opens.
    using recipient = pq.importPublicKey(kem, publicKey);
    const sealed = recipient.hpkeSeal(aead, plaintext, info, aad);
    assert.equal(sealed.enc.length, pq.algorithmSizes(kem).ciphertext);
    assert.equal(sealed.ciphertext.length, plaintext.length + 16);
    const opened = await suite.open({ recipientKey: theirs.privateKey, enc: sealed.enc, info }, sealed.ciphertext, aad);
    assert.deepEqual(new Uint8Array(opened), plaintext);
    await assert.rejects(
      suite.open({ recipientKey: theirs.privateKey, enc: sealed.enc, info: utf8("x") }, sealed.ciphertext, aad),
    );

    // Their private key is the seed pqgate takes: the same key pair on both sides.
    const seed = new Uint8Array(await suite.kem.serializePrivateKey(theirs.privateKey));
    assert.equal(seed.length, pq.algorithmSizes(kem).seed);
    using ours = pq.keyFromSeed(kem, seed);
    assert.deepEqual(ours.publicKey(), publicKey);

    // @hpke seals to a pqgate key; pqgate opens.
    using sk = pq.generateKey(kem);
    const pk = await suite.kem.deserializePublicKey(sk.publicKey());
    const theirSealed = await suite.seal({ recipientPublicKey: pk, info }, plaintext, aad);
    const enc = new Uint8Array(theirSealed.enc);
    const ct = new Uint8Array(theirSealed.ct);
    assert.deepEqual(sk.hpkeOpen(aead, enc, ct, info, aad), plaintext);
    throwsStatus(() => sk.hpkeOpen(aead, enc, ct, info, utf8("row 43")), "DECRYPTION_FAILED");
    throwsStatus(() => sk.hpkeOpen(aead, enc, ct, utf8("other"), aad), "DECRYPTION_FAILED");
    throwsStatus(() => sk.hpkeOpen(aead, flip(enc, 7), ct, info, aad), "DECRYPTION_FAILED");
    throwsStatus(() => sk.hpkeOpen(aead, enc, flip(ct, 0), info, aad), "DECRYPTION_FAILED");
    throwsStatus(() => sk.hpkeOpen(aead, enc.subarray(1), ct, info, aad), "INVALID_LENGTH");
    throwsStatus(() => ours.hpkeOpen(aead, enc, ct, info, aad), "DECRYPTION_FAILED", "pq_hpke_open");
    const other: AeadAlgorithm = aead === "AES-256-GCM" ? "ChaCha20-Poly1305" : "AES-256-GCM";
    throwsStatus(() => sk.hpkeOpen(other, enc, ct, info, aad), "DECRYPTION_FAILED");
  });
}

test("HPKE without info or aad, and an empty plaintext, interoperate too", async () => {
  const suite = suiteFor("X-Wing", "AES-256-GCM");
  using sk = pq.generateKey("X-Wing");
  const pk = await suite.kem.deserializePublicKey(sk.publicKey());
  const { enc, ct: ciphertext } = await suite.seal({ recipientPublicKey: pk }, new Uint8Array(0));
  assert.deepEqual(sk.hpkeOpen("AES-256-GCM", new Uint8Array(enc), new Uint8Array(ciphertext)), new Uint8Array(0));
});
