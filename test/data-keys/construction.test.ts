// The wrapped-key format and wrapping-key derivation, reproduced from docs/SESSIONS.md with no
// gateway code: @noble/post-quantum holds the same KEM key (derived from the same seed) and
// decapsulates; WebCrypto hashes, derives and opens.

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { loadPqgate } from "../../ffi/mod.ts";
import { DataKeyService } from "../../src/services/data-keys/data-key-service.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { open } from "../../examples/session-protocol.ts";
import { utf8 } from "../sessions/support.ts";

const pq = loadPqgate();
const encoder = new TextEncoder();

function field(bytes: Uint8Array | string): Uint8Array {
  const b = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length);
  out.set(b, 4);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

test("a wrapped data key opens with an independent KEM and the documented derivation", async () => {
  const seed = pq.randomBytes(64);
  using key = pq.keyFromSeed("ML-KEM-768", seed);
  const source = { privateKey: () => Promise.resolve({ key, version: 7 }) };
  const service = new DataKeyService({ pq, keys: source });
  const aad = utf8("bucket=invoices");
  const { plaintext, wrapped, version } = await service.generate("owner", "invoices", { bytes: 24, aad });
  assert.equal(version, 7);

  // blob = 0x01 ‖ u32be(version) ‖ KEM ciphertext (1088) ‖ nonce ‖ sealed key ‖ tag
  assert.equal(wrapped[0], 0x01);
  assert.equal(new DataView(wrapped.buffer, wrapped.byteOffset).getUint32(1), 7);
  const ciphertext = wrapped.subarray(5, 5 + 1088);
  const sealed = wrapped.subarray(5 + 1088);

  const { secretKey } = ml_kem768.keygen(seed);
  const sharedSecret = ml_kem768.decapsulate(ciphertext, secretKey);
  const version7 = new Uint8Array([0, 0, 0, 7]);
  const binding = concat(
    field("pqgate/data-key/v1"),
    field("invoices"),
    field(version7),
    field("ML-KEM-768"),
    field(aad),
    field(ciphertext),
  );
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", binding));
  const ikm = await crypto.subtle.importKey("raw", concat(sharedSecret), "HKDF", false, ["deriveBits"]);
  const info = concat(encoder.encode("pqgate/data-key/v1/wrap"), digest);
  const wrapKey = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info }, ikm, 256),
  );
  assert.deepEqual(await open(wrapKey, new Uint8Array(0), sealed), plaintext);
  assert.deepEqual(await service.unwrap("owner", "invoices", wrapped, aad), plaintext);
});
