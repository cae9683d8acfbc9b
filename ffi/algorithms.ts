/**
 * Public algorithm names and the ABI numbers they stand for (`PqAlgorithm`,
 * `PqHashAlgorithm`, `PqAeadAlgorithm`, `PqKeyKind` in `pqgate.h`).
 *
 * The public API takes spec names (`"ML-KEM-768"`, `"SHA3-256"`) so callers never handle
 * ABI numbers; this is the only file that knows them. `test/ffi/symbols-parity.test.ts`
 * compares every table with the header.
 *
 * @module
 */

/** Key algorithms (asymmetric, and the symmetric named-key types) → `PqAlgorithm`. */
export const ALGORITHMS = {
  "ML-KEM-512": 1,
  "ML-KEM-768": 2,
  "ML-KEM-1024": 3,
  "X-Wing": 4,
  "X25519": 5,
  "ML-DSA-44": 16,
  "ML-DSA-65": 17,
  "ML-DSA-87": 18,
  "Ed25519": 19,
  "ECDSA-P256": 20,
  "AES-256-GCM": 32,
  "ChaCha20-Poly1305": 33,
  "HMAC-SHA-256": 48,
  "HMAC-SHA-512": 49,
  "HMAC-SHA3-256": 50,
} as const;

/** Any key algorithm name. */
export type Algorithm = keyof typeof ALGORITHMS;

/** Key encapsulation (FIPS 203, X-Wing). */
export type KemAlgorithm = "ML-KEM-512" | "ML-KEM-768" | "ML-KEM-1024" | "X-Wing";
/** Signatures (FIPS 204, RFC 8032, FIPS 186-5; ECDSA P-256 keys only inside a device). */
export type SignatureAlgorithm = "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87" | "Ed25519" | "ECDSA-P256";
/** Diffie-Hellman key agreement (RFC 7748). */
export type AgreementAlgorithm = "X25519";
/** Symmetric encryption keys (AEAD with a random 96-bit nonce); no public half. */
export type SymmetricAlgorithm = "AES-256-GCM" | "ChaCha20-Poly1305";
/** MAC keys (HMAC, RFC 2104); no public half. */
export type MacAlgorithm = "HMAC-SHA-256" | "HMAC-SHA-512" | "HMAC-SHA3-256";

/** What an algorithm's keys are for; selects the handle class. */
export type Family = "kem" | "signature" | "agreement" | "aead" | "mac";

/** The family of each algorithm (mirrors `Algorithm::family` in `rust/core`). */
export const FAMILY: { readonly [A in Algorithm]: Family } = {
  "ML-KEM-512": "kem",
  "ML-KEM-768": "kem",
  "ML-KEM-1024": "kem",
  "X-Wing": "kem",
  "X25519": "agreement",
  "ML-DSA-44": "signature",
  "ML-DSA-65": "signature",
  "ML-DSA-87": "signature",
  "Ed25519": "signature",
  "ECDSA-P256": "signature",
  "AES-256-GCM": "aead",
  "ChaCha20-Poly1305": "aead",
  "HMAC-SHA-256": "mac",
  "HMAC-SHA-512": "mac",
  "HMAC-SHA3-256": "mac",
};

/** Whether keys of `algorithm` have a public half (all but the symmetric families). */
export function hasPublicKey(algorithm: Algorithm): boolean {
  const family = FAMILY[algorithm];
  return family !== "aead" && family !== "mac";
}

/** Hash functions → `PqHashAlgorithm` (the last arc of the NIST hash OID). */
export const HASHES = {
  "SHA-256": 1,
  "SHA-384": 2,
  "SHA-512": 3,
  "SHA-224": 4,
  "SHA-512/224": 5,
  "SHA-512/256": 6,
  "SHA3-224": 7,
  "SHA3-256": 8,
  "SHA3-384": 9,
  "SHA3-512": 10,
  "SHAKE128": 11,
  "SHAKE256": 12,
} as const;

/** Any hash name. SHAKE128/SHAKE256 have the fixed 32/64-byte outputs of FIPS 204 HashML-DSA. */
export type HashAlgorithm = keyof typeof HASHES;

/**
 * Digest lengths in bytes: the first-try output size of `hash` (the binding still retries
 * once on `BUFFER_TOO_SMALL`, so Rust stays authoritative).
 */
export const HASH_LENGTH: { readonly [H in HashAlgorithm]: number } = {
  "SHA-256": 32,
  "SHA-384": 48,
  "SHA-512": 64,
  "SHA-224": 28,
  "SHA-512/224": 28,
  "SHA-512/256": 32,
  "SHA3-224": 28,
  "SHA3-256": 32,
  "SHA3-384": 48,
  "SHA3-512": 64,
  "SHAKE128": 32,
  "SHAKE256": 64,
};

/** AEAD algorithms → `PqAeadAlgorithm`. */
export const AEADS = {
  "AES-256-GCM": 1,
  "ChaCha20-Poly1305": 2,
} as const;

/** Any AEAD name. */
export type AeadAlgorithm = keyof typeof AEADS;

/** `nonce (12) ‖ … ‖ tag (16)`: what `pq_aead_seal` adds to the plaintext. */
export const AEAD_OVERHEAD = 28;

/** `"PQSB" ‖ version ‖ algorithm (7) ‖ … ‖ tag (16)`: what a sealed box adds besides the KEM ciphertext. */
export const SEALED_BOX_OVERHEAD = 23;

/** Handle kinds → `PqKeyKind` (what `pq_key_info` reports). */
export const KEY_KINDS = {
  "kem-decapsulation-key": 1,
  "kem-encapsulation-key": 2,
  "signing-key": 3,
  "verifying-key": 4,
  "agreement-private-key": 5,
  "agreement-public-key": 6,
  "secret-key": 7,
  "mac-key": 8,
} as const;

/** Any handle kind name. */
export type KeyKind = keyof typeof KEY_KINDS;

function lookup<T extends Record<string, number>>(table: T, what: string, name: unknown): number {
  if (typeof name !== "string" || !Object.hasOwn(table, name)) {
    throw new TypeError(`unknown ${what} ${JSON.stringify(name)}; expected one of ${Object.keys(table).join(", ")}`);
  }
  return table[name] as number;
}

/**
 * The ABI number of an algorithm name.
 *
 * @throws {TypeError} for a name the ABI does not know (checked before calling Rust, so
 * plain JavaScript callers get a clear message instead of `UNKNOWN_ALGORITHM`).
 */
export function algorithmId(name: Algorithm): number {
  return lookup(ALGORITHMS, "algorithm", name);
}

/** The ABI number of a hash name. @throws {TypeError} for an unknown name. */
export function hashId(name: HashAlgorithm): number {
  return lookup(HASHES, "hash algorithm", name);
}

/** The ABI number of an AEAD name. @throws {TypeError} for an unknown name. */
export function aeadId(name: AeadAlgorithm): number {
  return lookup(AEADS, "AEAD algorithm", name);
}

/** Every algorithm name, in ABI order (for contracts that enumerate them). */
export const ALGORITHM_NAMES: readonly Algorithm[] = Object.freeze(Object.keys(ALGORITHMS) as Algorithm[]);
