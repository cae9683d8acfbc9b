/**
 * The key service's vocabulary: what callers send and what they get back (public material
 * only; never envelopes or references).
 *
 * @module
 */

import type { Algorithm, PqKey, Protection } from "../../../ffi/mod.ts";
import type { HYBRID, HybridScheme } from "../../common/hybrid.ts";

/** What a key can be: any library algorithm, or the hybrid signing key. */
export type KeyAlgorithm = Algorithm | typeof HYBRID;

/** A key's purpose, from its algorithm's family. */
export type KeyPurpose = "kem" | "signature" | "agreement" | "aead" | "mac";

/** One version as clients see it (never private material). */
export interface KeyVersionView {
  readonly version: number;
  readonly publicKey: Uint8Array;
  readonly createdAt: Date;
  /** False below `minDecryptionVersion`: kept for verification, refused for private use. */
  readonly enabled: boolean;
  /** The construction of a hybrid version's signatures (`src/common/hybrid.ts`); absent for other algorithms. */
  readonly hybridScheme?: HybridScheme;
}

/** A key as clients see it. */
export interface KeyView {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly algorithm: KeyAlgorithm;
  readonly purpose: KeyPurpose;
  readonly protection: Protection;
  readonly latestVersion: number;
  readonly minDecryptionVersion: number;
  readonly autoRotateSeconds: number | null;
  readonly deletionAllowed: boolean;
  /** Encryption keys at their message limit: `rotate` or `refuse` (docs/ENCRYPTION.md). */
  readonly messageLimitAction: "rotate" | "refuse";
  readonly deletionAfter: Date | null;
  /** False: every private-key use is refused (`key-disabled`); verification goes on. */
  readonly enabled: boolean;
  /** Always false: private keys never leave the gateway (only as keystore envelopes). */
  readonly exportable: false;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly versions: readonly KeyVersionView[];
}

/** What a client may ask for when creating a key. */
export interface CreateKeyInput {
  readonly owner: string;
  readonly name: string;
  readonly algorithm: KeyAlgorithm;
  /** Generate the key inside the device (ECDSA P-256 always is; Ed25519 on request). */
  readonly native?: boolean | undefined;
  readonly autoRotateSeconds?: number | null | undefined;
  readonly deletionAllowed?: boolean | undefined;
}

/** Settings `KeyService.configure` changes; absent ones stay as they are. */
export type { KeyConfigPatch } from "../../db/keys.ts";

/** What a client sends to import its own private key (BYOK). */
export interface ImportKeyInput {
  readonly owner: string;
  readonly name: string;
  readonly algorithm: KeyAlgorithm;
  /** The seed (preferred) or the expanded private key of FIPS 203/204. */
  readonly privateKey: Uint8Array;
  readonly autoRotateSeconds?: number | null | undefined;
  readonly deletionAllowed?: boolean | undefined;
}

/**
 * What {@link KeyService.sign} and {@link KeyService.verify} sign or verify: a message with its
 * context, or (ML-DSA keys only) the 64-byte external μ that already contains both.
 */
export type SignedData =
  | { readonly message: Uint8Array; readonly context?: Uint8Array | undefined; readonly mu?: undefined }
  | { readonly mu: Uint8Array; readonly message?: undefined; readonly context?: undefined };

/** Options of {@link KeyService.sign}. */
export type SignInput = SignedData & {
  readonly version?: number | undefined;
  readonly deterministic?: boolean | undefined;
};

/** Options of {@link KeyService.verify}. */
export type VerifyInput = SignedData & {
  readonly signature: Uint8Array;
  readonly version?: number | undefined;
};

/**
 * Where other services get a stored KEM key's open private key (`KeyService` satisfies it;
 * it checks purpose, pending deletion and `minDecryptionVersion`). Use the key without an
 * `await` in between; never dispose it: the key cache owns it.
 */
export interface KemKeySource {
  privateKey(owner: string, name: string, purpose: "kem", version?: number): Promise<{ key: PqKey; version: number }>;
}
