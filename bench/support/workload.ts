// The inputs every implementation gets, so the numbers compare like for like. The message
// length matches rust/core/benches/primitives.rs.

export const MESSAGE: Uint8Array<ArrayBuffer> = new Uint8Array(256).fill(0x5a);
export const AES_KEY: Uint8Array<ArrayBuffer> = new Uint8Array(32).fill(0x42);
export const NONCE: Uint8Array<ArrayBuffer> = new Uint8Array(12).fill(0x07);
export const PAYLOADS = {
  "seal-1KiB": new Uint8Array(1024).fill(0xa5),
  "seal-1MiB": new Uint8Array(1 << 20).fill(0xa5),
};

/** Every operation of the issue, `<algorithm>/<operation>` as criterion names them. */
export const OPERATIONS = [
  "ml-kem-768/keygen",
  "ml-kem-768/encaps",
  "ml-kem-768/decaps",
  "x-wing/encaps",
  "x-wing/decaps",
  "ml-dsa-65/keygen",
  "ml-dsa-65/sign",
  "ml-dsa-65/verify",
  "ed25519/sign",
  "ed25519/verify",
  "aes-256-gcm/seal-1KiB",
  "aes-256-gcm/seal-1MiB",
] as const;

export type OperationId = (typeof OPERATIONS)[number];

/**
 * The operations of issue 20's FFI/native targets: measured once more through the binding as a
 * 10th percentile of many short batches, to compare with criterion's 10th percentile.
 */
export const FFI_BOUND_OPERATIONS = [
  "ml-kem-768/encaps",
  "ml-kem-768/decaps",
  "ml-dsa-65/sign",
  "aes-256-gcm/seal-1KiB",
] as const satisfies readonly OperationId[];

/**
 * Criterion figures the report reads besides {@link OPERATIONS}: key generation without the
 * pairwise-consistency test (rust/core/benches/primitives.rs, `keygen-no-pct`; no export skips
 * the test), one X25519 (the X-Wing decapsulation floor) and the C ABI layer's own cost
 * (rust/ffi/benches/boundary.rs: each export against the `pqgate_core::api` call it wraps).
 */
export const NATIVE_ONLY = [
  "ml-kem-768/keygen-no-pct",
  "ml-dsa-65/keygen-no-pct",
  "x25519/agree",
  "boundary/ml-kem-768-encaps/api",
  "boundary/ml-kem-768-encaps/export",
  "boundary/ml-kem-768-decaps/api",
  "boundary/ml-kem-768-decaps/export",
  "boundary/ml-dsa-65-sign/api",
  "boundary/ml-dsa-65-sign/export",
  "boundary/aes-256-gcm-seal-1KiB/api",
  "boundary/aes-256-gcm-seal-1KiB/export",
] as const;

export type NativeOnlyId = (typeof NATIVE_ONLY)[number];

/** An implementation's operations; a missing id means the implementation lacks it ("n/a"). */
export type OperationSet = Partial<Record<OperationId, () => unknown>>;
