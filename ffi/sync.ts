/**
 * Device-sync primitives over the library: the sealed export of a private key's seed,
 * Shamir secret sharing and Argon2id. `Pqgate` exposes them as methods; sealing to a key
 * and opening are methods of the KEM key classes (`keys/kem.ts`).
 *
 * Formats (documented in `rust/core`): a sealed box is `"PQSB" ‖ 0x01 ‖ algorithm (u16 BE)
 * ‖ KEM ciphertext ‖ AES-256-GCM ciphertext ‖ tag`; a Shamir share is `0x01 ‖ set id (16)
 * ‖ threshold ‖ index ‖ y`, `secret length + 35` bytes.
 *
 * @module
 */

import { algorithmId, SEALED_BOX_OVERHEAD } from "./algorithms.ts";
import { bytes, u32 } from "./bytes.ts";
import { PqStatus } from "./errors.ts";
import type { AgreementPrivateKey } from "./keys/agreement.ts";
import type { KemPrivateKey, KemPublicKey } from "./keys/kem.ts";
import type { SigningKey } from "./keys/signature.ts";
import type { Native } from "./native.ts";

/** Bytes a Shamir share adds to the secret: version, set id, threshold, index, checksum. */
export const SHAMIR_SHARE_OVERHEAD = 35;
/** Largest secret `shamirSplit` accepts. */
export const SHAMIR_MAX_SECRET = 1024;
/** Largest share count (indices are the non-zero elements of GF(2^8)). */
const SHAMIR_MAX_SHARES = 255;
/** Longest Argon2id output the library derives (so no larger buffer is ever allocated). */
export const PASSWORD_MAX_OUTPUT = 64;

/** Argon2id costs (RFC 9106): memory in KiB, passes, lanes. */
export interface Argon2idParams {
  /** Memory in KiB: 8·parallelism up to 4 GiB. */
  readonly memoryKiB: number;
  /** Passes over memory: 1–16. */
  readonly iterations: number;
  /** Lanes: 1–16. */
  readonly parallelism: number;
}

/** Any private key whose seed can be sealed. */
export type SealablePrivateKey = SigningKey | KemPrivateKey | AgreementPrivateKey;

const EMPTY = new Uint8Array(0);

/** The handle of `key` for `op`, refusing a disposed key before reaching Rust. */
function liveHandle(native: Native, op: string, key: { readonly disposed: boolean; readonly handle: bigint }): bigint {
  if (key.disposed) throw native.error(op, PqStatus.STALE_HANDLE);
  return key.handle;
}

/** See `Pqgate#sealPrivateKey`. */
export function sealPrivateKey(
  native: Native,
  key: SealablePrivateKey,
  recipient: KemPublicKey,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  const op = "pq_seal_private_key";
  const a = bytes(aad, "aad");
  const [k, r] = [liveHandle(native, op, key), liveHandle(native, op, recipient)];
  const size = native.sizes(algorithmId(key.algorithm)).seed +
    native.sizes(algorithmId(recipient.algorithm)).ciphertext +
    SEALED_BOX_OVERHEAD;
  return native.output(
    op,
    size,
    (out, outLen) => native.raw.pq_seal_private_key(k, r, a, a.length, out, out.length, outLen),
  );
}

/** See `Pqgate#shamirSplit`. */
export function shamirSplit(native: Native, secret: Uint8Array, threshold: number, count: number): Uint8Array[] {
  const s = bytes(secret, "secret");
  const [t, n] = [u32(threshold, "threshold"), u32(count, "count")];
  const shareLength = s.length + SHAMIR_SHARE_OVERHEAD;
  // Out-of-range arguments get no buffer: Rust refuses them with INVALID_ARGUMENT/INVALID_LENGTH.
  const valid = n <= SHAMIR_MAX_SHARES && s.length <= SHAMIR_MAX_SECRET;
  const joined = native.output(
    "pq_shamir_split",
    valid ? shareLength * n : 0,
    (out, outLen) => native.raw.pq_shamir_split(s, s.length, t, n, out, out.length, outLen),
  );
  const shares = Array.from({ length: n }, (_, i) => joined.slice(i * shareLength, (i + 1) * shareLength));
  joined.fill(0);
  return shares;
}

/** See `Pqgate#shamirCombine`. */
export function shamirCombine(native: Native, shares: readonly Uint8Array[]): Uint8Array {
  const list = shares.map((share, i) => bytes(share, `shares[${i}]`));
  const shareLength = list[0]?.length ?? 0;
  if (list.some((share) => share.length !== shareLength)) throw differingLengths(native, list);
  const joined = new Uint8Array(shareLength * list.length);
  list.forEach((share, i) => joined.set(share, i * shareLength));
  try {
    return native.output(
      "pq_shamir_combine",
      Math.max(0, shareLength - SHAMIR_SHARE_OVERHEAD),
      (out, outLen) => native.raw.pq_shamir_combine(joined, joined.length, shareLength, out, out.length, outLen),
    );
  } finally {
    joined.fill(0);
  }
}

/**
 * Shares of one split all have one length, so differing lengths are `SHARES_INCONSISTENT`,
 * unless a share does not even parse: Rust, the one parser, is asked about each alone (a
 * well-formed single share answers `SHARES_INSUFFICIENT` and writes nothing).
 */
function differingLengths(native: Native, list: readonly Uint8Array[]): Error {
  for (const share of list) {
    const rc = native.raw.pq_shamir_combine(share, share.length, share.length, EMPTY, 0, native.outLen);
    if (rc === PqStatus.SHARE_MALFORMED) return native.error("pq_shamir_combine", rc);
  }
  return native.error("pq_shamir_combine", PqStatus.SHARES_INCONSISTENT);
}

/** See `Pqgate#passwordDerive`. */
export function passwordDerive(
  native: Native,
  password: Uint8Array,
  salt: Uint8Array,
  params: Argon2idParams,
  length = 32,
): Uint8Array {
  const op = "pq_password_derive";
  const [p, s] = [bytes(password, "password"), bytes(salt, "salt")];
  const memory = u32(params.memoryKiB, "params.memoryKiB");
  const iterations = u32(params.iterations, "params.iterations");
  const parallelism = u32(params.parallelism, "params.parallelism");
  const len = u32(length, "length");
  if (len > PASSWORD_MAX_OUTPUT) throw native.error(op, PqStatus.INVALID_ARGUMENT);
  const out = new Uint8Array(len);
  native.check(op, native.raw.pq_password_derive(p, p.length, s, s.length, memory, iterations, parallelism, out, len));
  return out;
}
