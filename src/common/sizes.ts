/**
 * Byte sizes fixed by the standards (FIPS 203, FIPS 204, RFC 8032, the X-Wing draft) that
 * the wire formats are built from. Request contracts need them as constants, before any
 * binding is loaded; `test/ffi/sizes.test.ts` pins them to the library's `algorithmSizes`.
 *
 * @module
 */

/** ML-DSA-65 (FIPS 204). */
export const ML_DSA_65 = { publicKey: 1952, signature: 3309 } as const;
/** Ed25519 (RFC 8032). */
export const ED25519 = { publicKey: 32, signature: 64 } as const;
/** X-Wing (draft-connolly-cfrg-xwing-kem). */
export const X_WING = { publicKey: 1216, ciphertext: 1120 } as const;
/** AES-256-GCM tag. */
export const GCM_TAG_BYTES = 16;
/** ML-DSA-44 and ML-DSA-87 (FIPS 204). */
export const ML_DSA_44 = { publicKey: 1312, signature: 2420 } as const;
export const ML_DSA_87 = { publicKey: 2592, signature: 4627 } as const;
/** ML-KEM (FIPS 203): encapsulation keys and ciphertexts. */
export const ML_KEM_512 = { publicKey: 800, ciphertext: 768 } as const;
export const ML_KEM_768 = { publicKey: 1184, ciphertext: 1088 } as const;
export const ML_KEM_1024 = { publicKey: 1568, ciphertext: 1568 } as const;
/** ECDSA P-256 (SEC 1 uncompressed point; r ‖ s). */
export const ECDSA_P256 = { publicKey: 65, signature: 64 } as const;

/** The KEMs' sizes by algorithm name (session and data-key contracts). */
export const KEM_SIZES = {
  "ML-KEM-512": ML_KEM_512,
  "ML-KEM-768": ML_KEM_768,
  "ML-KEM-1024": ML_KEM_1024,
  "X-Wing": X_WING,
} as const;

/** The signature algorithms' signature sizes by name (the hybrid one is ML-DSA-65 ‖ Ed25519). */
export const SIGNATURE_SIZES = {
  "ML-DSA-44": ML_DSA_44.signature,
  "ML-DSA-65": ML_DSA_65.signature,
  "ML-DSA-87": ML_DSA_87.signature,
  "Ed25519": ED25519.signature,
  "ECDSA-P256": ECDSA_P256.signature,
  "ML-DSA-65+Ed25519": ML_DSA_65.signature + ED25519.signature,
} as const;

/**
 * The largest value of the database's `integer` columns (PostgreSQL `int4`, 2³¹ − 1): key
 * versions (the data-key blob carries one as `u32be`) and every other integer a request carries
 * are bounded by it in the contract, and the key service treats a larger version as one that
 * does not exist.
 */
export const MAX_STORED_INT = 2 ** 31 - 1;

/**
 * Named-key encryption (`POST /v1/keys/{name}/encrypt`, docs/ENCRYPTION.md): the largest
 * plaintext and associated data one item may carry. A request body is at most 2 MiB as a whole
 * (`PQGATE_MAX_BODY_BYTES`), which also bounds a batch.
 */
export const MAX_PLAINTEXT_BYTES = 1 << 20;
export const MAX_ENCRYPTION_AAD_BYTES = 1 << 16;
/** What a named-key ciphertext adds to its plaintext: header (5), nonce (12), tag (16). */
export const CIPHERTEXT_OVERHEAD = 5 + 12 + GCM_TAG_BYTES;
/**
 * HPKE under KEM keys (docs/ENCRYPTION.md): `enc` is the KEM ciphertext, whose size the key's
 * algorithm fixes (at most ML-KEM-1024's); the ciphertext is the plaintext and the AEAD tag.
 */
export const MAX_HPKE_ENC_BYTES = ML_KEM_1024.ciphertext;
export const HPKE_CIPHERTEXT_OVERHEAD = GCM_TAG_BYTES;
