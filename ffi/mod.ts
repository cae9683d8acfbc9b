/**
 * pqgate's TypeScript binding, for Deno and Bun.
 *
 * ```ts
 * const pq = loadPqgate();
 * using sk = pq.generateKey("ML-KEM-768");
 * using pk = pq.importPublicKey("ML-KEM-768", sk.publicKey());
 * const { ciphertext, sharedSecret } = pk.encapsulate();
 * ```
 *
 * @module
 */

import { backend } from "./backend/select.ts";
import { libraryCandidates, openFirst } from "./library-path.ts";
import { Native } from "./native.ts";
import { Pqgate } from "./pqgate.ts";

/** The ABI version this binding is written against (`pq_abi_version()`). */
export const EXPECTED_ABI_VERSION = 1;

/** Options of {@link loadPqgate}. */
export interface LoadOptions {
  /** A library path tried before `PQGATE_LIB` and the local release build. */
  readonly path?: string | undefined;
  /**
   * Threads that run the slow exports (signing) off the JavaScript thread; `0` or absent:
   * every call runs on the calling thread. `SigningKey.signAsync` uses them.
   */
  readonly offloadThreads?: number | undefined;
}

/**
 * Opens the native library (explicit path, then `PQGATE_LIB`, then
 * `rust/target/release/`) and checks its ABI version.
 *
 * @throws {Error} listing every path tried when none loads, or when the library's ABI
 * version is not {@link EXPECTED_ABI_VERSION} (a mismatched library could misread every
 * argument, so it is refused before any other call).
 */
export function loadPqgate(options: LoadOptions = {}): Pqgate {
  const { path, lib } = openFirst(libraryCandidates(options.path), (p) => backend.open(p));
  const abiVersion = lib.pq_abi_version();
  if (abiVersion !== EXPECTED_ABI_VERSION) {
    throw new Error(
      `pqgate library ${path} has ABI version ${abiVersion}; this binding needs ${EXPECTED_ABI_VERSION}`,
    );
  }
  const threads = options.offloadThreads ?? 0;
  const offload = threads > 0 ? backend.offload(path, threads) : undefined;
  return new Pqgate(new Native(lib, backend.runtime, offload), path, abiVersion);
}

export { Pqgate, type SelfTestResult } from "./pqgate.ts";
export { type RuntimeInfo, runtimeInfo } from "./backend/runtime.ts";
export { PqError, PqStatus, type PqStatusName, statusName } from "./errors.ts";
export type { AlgorithmSizes } from "./native.ts";
export { NATIVE_OPS, type NativeOp, type NativeOpStats } from "./native-stats.ts";
export { ALGORITHM_NAMES, FAMILY, type Family, hasPublicKey } from "./algorithms.ts";
export type {
  AeadAlgorithm,
  AgreementAlgorithm,
  Algorithm,
  HashAlgorithm,
  KemAlgorithm,
  KeyKind,
  MacAlgorithm,
  SignatureAlgorithm,
  SymmetricAlgorithm,
} from "./algorithms.ts";
export { PqKey } from "./keys/base.ts";
export { type Encapsulation, type HpkeSealed, KemPrivateKey, KemPublicKey } from "./keys/kem.ts";
export { SigningKey, type SignOptions, VerifyingKey, type VerifyOptions } from "./keys/signature.ts";
export { AgreementPrivateKey, AgreementPublicKey } from "./keys/agreement.ts";
export { MacKey, SecretKey } from "./keys/symmetric.ts";
export {
  type KeyBinding,
  Keystore,
  type KeystoreBackend,
  type KeystoreConfig,
  type NativeAlgorithm,
  type NativeKeyPair,
  type Protection,
  type RootKeyInfo,
  toHex,
} from "./keystore.ts";
export type { PrivateKeyFor, PublicKeyFor } from "./keys/factory.ts";
export { type Argon2idParams, type SealablePrivateKey, SHAMIR_MAX_SECRET, SHAMIR_SHARE_OVERHEAD } from "./sync.ts";
