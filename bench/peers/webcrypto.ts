// The runtime's own WebCrypto (`crypto.subtle`), what a user would pick instead of pqgate.
// Each operation is feature-detected by running it once: one the runtime lacks is left out,
// and the report shows "n/a" for it. X-Wing is not a WebCrypto algorithm.

import { AES_KEY, MESSAGE, NONCE, type OperationId, PAYLOADS } from "../support/workload.ts";

export type AsyncOperationSet = Partial<Record<OperationId, () => Promise<unknown>>>;

// The modern-algorithms methods are not in every lib.dom typing yet.
interface ModernSubtle {
  generateKey(algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<CryptoKeyPair>;
  encapsulateBits(algorithm: { name: string }, key: CryptoKey): Promise<{ ciphertext: ArrayBuffer }>;
  decapsulateBits(algorithm: { name: string }, key: CryptoKey, ciphertext: ArrayBuffer): Promise<ArrayBuffer>;
  sign(algorithm: { name: string }, key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: { name: string }, key: CryptoKey, signature: ArrayBuffer, data: Uint8Array): Promise<boolean>;
}

const subtle = crypto.subtle as unknown as ModernSubtle;

/** `ops` made by `make`, or none if the runtime throws while making or running them once. */
async function detect(make: () => Promise<AsyncOperationSet>): Promise<AsyncOperationSet> {
  const found: AsyncOperationSet = {};
  let ops: AsyncOperationSet;
  try {
    ops = await make();
  } catch {
    return found;
  }
  for (const [id, op] of Object.entries(ops) as [OperationId, () => Promise<unknown>][]) {
    try {
      await op();
      found[id] = op;
    } catch { /* the runtime lacks this one: reported as n/a */ }
  }
  return found;
}

const mlKem = (): Promise<AsyncOperationSet> =>
  detect(async () => {
    const alg = { name: "ML-KEM-768" };
    const usages = ["encapsulateBits", "decapsulateBits"];
    const keys = await subtle.generateKey(alg, false, usages);
    const { ciphertext } = await subtle.encapsulateBits(alg, keys.publicKey);
    return {
      "ml-kem-768/keygen": () => subtle.generateKey(alg, false, usages),
      "ml-kem-768/encaps": () => subtle.encapsulateBits(alg, keys.publicKey),
      "ml-kem-768/decaps": () => subtle.decapsulateBits(alg, keys.privateKey, ciphertext),
    };
  });

const signature = (name: string, prefix: "ml-dsa-65" | "ed25519"): Promise<AsyncOperationSet> =>
  detect(async () => {
    const alg = { name };
    const keys = await subtle.generateKey(alg, false, ["sign", "verify"]);
    const sig = await subtle.sign(alg, keys.privateKey, MESSAGE);
    const verify = async (): Promise<void> => {
      if (!await subtle.verify(alg, keys.publicKey, sig, MESSAGE)) throw new Error("did not verify");
    };
    const ops: AsyncOperationSet = {
      [`${prefix}/sign` as const]: () => subtle.sign(alg, keys.privateKey, MESSAGE),
      [`${prefix}/verify` as const]: verify,
    };
    if (prefix === "ml-dsa-65") ops["ml-dsa-65/keygen"] = () => subtle.generateKey(alg, false, ["sign", "verify"]);
    return ops;
  });

const aesGcm = (): Promise<AsyncOperationSet> =>
  detect(async () => {
    const key = await crypto.subtle.importKey("raw", AES_KEY, "AES-GCM", false, ["encrypt"]);
    const seal = (data: Uint8Array<ArrayBuffer>) => () =>
      crypto.subtle.encrypt({ name: "AES-GCM", iv: NONCE }, key, data);
    return {
      "aes-256-gcm/seal-1KiB": seal(PAYLOADS["seal-1KiB"]),
      "aes-256-gcm/seal-1MiB": seal(PAYLOADS["seal-1MiB"]),
    };
  });

export async function webCryptoOperations(): Promise<AsyncOperationSet> {
  const sets = await Promise.all([
    mlKem(),
    signature("ML-DSA-65", "ml-dsa-65"),
    signature("Ed25519", "ed25519"),
    aesGcm(),
  ]);
  return Object.assign({}, ...sets);
}
