// The operations through pqgate's TypeScript binding (the public API an application
// uses), on the running runtime. Keys are made once; `dispose()` frees them.

import type { Pqgate } from "../../ffi/mod.ts";
import { AES_KEY, MESSAGE, type OperationSet, PAYLOADS } from "../support/workload.ts";

export interface FfiOperations {
  readonly operations: OperationSet;
  dispose(): void;
}

export function ffiOperations(pq: Pqgate): FfiOperations {
  const mlKem = pq.generateKey("ML-KEM-768");
  const mlKemPublic = pq.importPublicKey("ML-KEM-768", mlKem.publicKey());
  const mlKemCiphertext = mlKemPublic.encapsulate().ciphertext;
  const xWing = pq.generateKey("X-Wing");
  const xWingPublic = pq.importPublicKey("X-Wing", xWing.publicKey());
  const xWingCiphertext = xWingPublic.encapsulate().ciphertext;
  const mlDsa = pq.generateKey("ML-DSA-65");
  const mlDsaPublic = pq.importPublicKey("ML-DSA-65", mlDsa.publicKey());
  const mlDsaSignature = mlDsa.sign(MESSAGE);
  const ed = pq.generateKey("Ed25519");
  const edPublic = pq.importPublicKey("Ed25519", ed.publicKey());
  const edSignature = ed.sign(MESSAGE);
  const keys = [mlKem, mlKemPublic, xWing, xWingPublic, mlDsa, mlDsaPublic, ed, edPublic];
  const none = new Uint8Array(0);
  const verified = (ok: boolean): void => {
    if (!ok) throw new Error("benchmark signature did not verify");
  };

  const operations: OperationSet = {
    "ml-kem-768/keygen": () => pq.generateKey("ML-KEM-768")[Symbol.dispose](),
    "ml-kem-768/encaps": () => mlKemPublic.encapsulate(),
    "ml-kem-768/decaps": () => mlKem.decapsulate(mlKemCiphertext),
    "x-wing/encaps": () => xWingPublic.encapsulate(),
    "x-wing/decaps": () => xWing.decapsulate(xWingCiphertext),
    "ml-dsa-65/keygen": () => pq.generateKey("ML-DSA-65")[Symbol.dispose](),
    "ml-dsa-65/sign": () => mlDsa.sign(MESSAGE),
    "ml-dsa-65/verify": () => verified(mlDsaPublic.verify(MESSAGE, mlDsaSignature)),
    "ed25519/sign": () => ed.sign(MESSAGE),
    "ed25519/verify": () => verified(edPublic.verify(MESSAGE, edSignature)),
    "aes-256-gcm/seal-1KiB": () => pq.aeadSeal("AES-256-GCM", AES_KEY, none, PAYLOADS["seal-1KiB"]),
    "aes-256-gcm/seal-1MiB": () => pq.aeadSeal("AES-256-GCM", AES_KEY, none, PAYLOADS["seal-1MiB"]),
  };
  return { operations, dispose: () => keys.forEach((key) => key[Symbol.dispose]()) };
}
