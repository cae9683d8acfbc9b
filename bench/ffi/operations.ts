// The operations through pqgate's TypeScript binding (the public API an application
// uses), on the running runtime. Keys are made once; `dispose()` frees them. Keygen runs the
// pairwise-consistency test (no export skips it): the "keygen-no-pct" rows have no FFI figure
// of their own (bench/report/pqgate-time.ts derives one from native keygen with and without it).

import type { Pqgate } from "../../ffi/mod.ts";
import { AEAD_OVERHEAD } from "../../ffi/algorithms.ts";
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
  // The hot rows use the caller-buffer ("into") forms, reusing one output per operation: the
  // binding allocates nothing and returns a length (issue 20). Keygen has no such form.
  const kemSizes = pq.algorithmSizes("ML-KEM-768");
  const ct = new Uint8Array(kemSizes.ciphertext), ss = new Uint8Array(kemSizes.sharedSecret);
  const xWingSizes = pq.algorithmSizes("X-Wing");
  const xCt = new Uint8Array(xWingSizes.ciphertext), xSs = new Uint8Array(xWingSizes.sharedSecret);
  const mlDsaSig = new Uint8Array(pq.algorithmSizes("ML-DSA-65").signature);
  const edSig = new Uint8Array(pq.algorithmSizes("Ed25519").signature);
  const sealed1K = new Uint8Array(PAYLOADS["seal-1KiB"].length + AEAD_OVERHEAD);
  const sealed1M = new Uint8Array(PAYLOADS["seal-1MiB"].length + AEAD_OVERHEAD);

  const operations: OperationSet = {
    "ml-kem-768/keygen": () => pq.generateKey("ML-KEM-768")[Symbol.dispose](),
    "ml-kem-768/encaps": () => mlKemPublic.encapsulateInto(ct, ss),
    "ml-kem-768/decaps": () => mlKem.decapsulateInto(mlKemCiphertext, ss),
    "x-wing/encaps": () => xWingPublic.encapsulateInto(xCt, xSs),
    "x-wing/decaps": () => xWing.decapsulateInto(xWingCiphertext, xSs),
    "ml-dsa-65/keygen": () => pq.generateKey("ML-DSA-65")[Symbol.dispose](),
    "ml-dsa-65/sign": () => mlDsa.signInto(MESSAGE, mlDsaSig),
    "ml-dsa-65/verify": () => verified(mlDsaPublic.verify(MESSAGE, mlDsaSignature)),
    "ed25519/sign": () => ed.signInto(MESSAGE, edSig),
    "ed25519/verify": () => verified(edPublic.verify(MESSAGE, edSignature)),
    "aes-256-gcm/seal-1KiB": () => pq.aeadSealInto("AES-256-GCM", AES_KEY, none, PAYLOADS["seal-1KiB"], sealed1K),
    "aes-256-gcm/seal-1MiB": () => pq.aeadSealInto("AES-256-GCM", AES_KEY, none, PAYLOADS["seal-1MiB"], sealed1M),
  };
  return { operations, dispose: () => keys.forEach((key) => key[Symbol.dispose]()) };
}
