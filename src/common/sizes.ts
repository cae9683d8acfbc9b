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

/**
 * The largest 32-bit signed integer: key versions (the data-key blob carries one as `u32be`, the
 * database as `integer`) and every other `integer` column. A contract accepts no larger value, and
 * the key service treats a larger version as one that does not exist.
 */
export const MAX_INT32 = 2 ** 31 - 1;
