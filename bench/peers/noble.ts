// The pure-JavaScript peer: @noble/post-quantum (ML-KEM, ML-DSA, X-Wing as ml_kem768_x25519),
// @noble/curves (Ed25519), @noble/ciphers (AES-GCM). Same inputs as the other implementations.

import { gcm } from "@noble/ciphers/aes.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { ml_kem768_x25519 } from "@noble/post-quantum/hybrid.js";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { AES_KEY, MESSAGE, NONCE, type OperationSet, PAYLOADS } from "../support/workload.ts";

export function nobleOperations(): OperationSet {
  const kem = ml_kem768.keygen();
  const kemCiphertext = ml_kem768.encapsulate(kem.publicKey).cipherText;
  const xWing = ml_kem768_x25519.keygen();
  const xWingCiphertext = ml_kem768_x25519.encapsulate(xWing.publicKey).cipherText;
  const dsa = ml_dsa65.keygen();
  const dsaSignature = ml_dsa65.sign(MESSAGE, dsa.secretKey);
  const ed = ed25519.keygen();
  const edSignature = ed25519.sign(MESSAGE, ed.secretKey);
  const verified = (ok: boolean): void => {
    if (!ok) throw new Error("benchmark signature did not verify");
  };
  return {
    "ml-kem-768/keygen": () => ml_kem768.keygen(),
    "ml-kem-768/encaps": () => ml_kem768.encapsulate(kem.publicKey),
    "ml-kem-768/decaps": () => ml_kem768.decapsulate(kemCiphertext, kem.secretKey),
    "x-wing/encaps": () => ml_kem768_x25519.encapsulate(xWing.publicKey),
    "x-wing/decaps": () => ml_kem768_x25519.decapsulate(xWingCiphertext, xWing.secretKey),
    "ml-dsa-65/keygen": () => ml_dsa65.keygen(),
    "ml-dsa-65/sign": () => ml_dsa65.sign(MESSAGE, dsa.secretKey),
    "ml-dsa-65/verify": () => verified(ml_dsa65.verify(dsaSignature, MESSAGE, dsa.publicKey)),
    "ed25519/sign": () => ed25519.sign(MESSAGE, ed.secretKey),
    "ed25519/verify": () => verified(ed25519.verify(edSignature, MESSAGE, ed.publicKey)),
    "aes-256-gcm/seal-1KiB": () => gcm(AES_KEY, NONCE).encrypt(PAYLOADS["seal-1KiB"]),
    "aes-256-gcm/seal-1MiB": () => gcm(AES_KEY, NONCE).encrypt(PAYLOADS["seal-1MiB"]),
  };
}
