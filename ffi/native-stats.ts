/**
 * The library's operation counters (`pq_native_stats`): for every export, its calls by the
 * status they returned and the time spent in it, counted inside the C boundary.
 *
 * `NATIVE_OPS` mirrors `enum PqOp` in `pqgate.h` (checked by
 * `test/ffi/symbols-parity.test.ts`); the table layout is the one documented on
 * `pq_native_stats` (`PQ_NATIVE_STATS_LAYOUT`).
 *
 * @module
 */

import { type PqStatusName, statusName } from "./errors.ts";
import type { Native } from "./native.ts";

/** Every counted export → its `PqOp` number (`pq_abi_version` is not counted). */
export const NATIVE_OPS = {
  pq_status_message: 1,
  pq_self_test: 2,
  pq_algorithm_sizes: 3,
  pq_live_handle_count: 4,
  pq_native_stats: 5,
  pq_key_generate: 6,
  pq_key_from_seed: 7,
  pq_key_import_private: 8,
  pq_key_import_public: 9,
  pq_key_export_public: 10,
  pq_key_info: 11,
  pq_key_free: 12,
  pq_kem_encapsulate: 13,
  pq_kem_encapsulate_deterministic: 14,
  pq_kem_decapsulate: 15,
  pq_x25519_agree: 16,
  pq_sig_sign: 17,
  pq_sig_sign_prehashed: 18,
  pq_sig_sign_internal: 19,
  pq_sig_verify: 20,
  pq_sig_verify_prehashed: 21,
  pq_sig_verify_internal: 22,
  pq_hash: 23,
  pq_hkdf: 24,
  pq_aead_seal: 25,
  pq_aead_open: 26,
  pq_random_bytes: 27,
  pq_keystore_open_software: 28,
  pq_keystore_open_pkcs11: 29,
  pq_keystore_open_tpm: 30,
  pq_keystore_close: 31,
  pq_keystore_info: 32,
  pq_keystore_ping: 33,
  pq_keystore_root_current: 34,
  pq_keystore_root_rotate: 35,
  pq_keystore_root_retire: 36,
  pq_keystore_roots: 37,
  pq_key_wrap: 38,
  pq_key_unwrap: 39,
  pq_key_rewrap: 40,
  pq_native_key_generate: 41,
  pq_native_key_load: 42,
  pq_native_key_destroy: 43,
  pq_envelope_root_id: 44,
  pq_seal: 45,
  pq_seal_open: 46,
  pq_seal_private_key: 47,
  pq_shamir_split: 48,
  pq_shamir_combine: 49,
  pq_password_derive: 50,
  pq_sym_encrypt: 51,
  pq_sym_decrypt: 52,
  pq_mac_compute: 53,
  pq_mac_verify: 54,
  pq_sig_sign_mu: 55,
  pq_sig_verify_mu: 56,
  pq_hpke_seal: 57,
  pq_hpke_open: 58,
  pq_hpke_open_key: 59,
  pq_keystore_open_tpm_fleet: 60,
  pq_keystore_fleet: 61,
} as const;

/** A counted export, by its C name. */
export type NativeOp = keyof typeof NATIVE_OPS;

/** The table layout this binding reads (`PQ_NATIVE_STATS_LAYOUT`). */
export const NATIVE_STATS_LAYOUT = 1;

/** The counters of one export. */
export interface NativeOpStats {
  /** The export, e.g. `pq_sig_sign`; `op_<n>` for an op newer than this binding. */
  readonly op: NativeOp | `op_${number}`;
  /** Calls by the status they returned; statuses never returned are absent. */
  readonly calls: Readonly<Partial<Record<PqStatusName | "UNKNOWN_STATUS", number>>>;
  /**
   * Time spent in the export, summed over its calls and threads, on the coarse monotonic clock:
   * one call adds the whole ticks it spans (usually none), so it estimates time over many calls.
   */
  readonly nanoseconds: number;
}

const OP_NAMES: ReadonlyMap<number, NativeOp> = new Map(
  (Object.entries(NATIVE_OPS) as [NativeOp, number][]).map(([name, n]) => [n, name]),
);

/** Room for the table with 50 ops and 35 statuses; a larger table is retried at its size. */
const TABLE_BYTES = 15_104;

/** Reads and decodes the counters, one entry per op in `PqOp` order. */
export function readNativeStats(native: Native): NativeOpStats[] {
  const table = native.output(
    "pq_native_stats",
    TABLE_BYTES,
    (out, outLen) => native.raw.pq_native_stats(out, out.length, outLen),
    true,
  );
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const word = (i: number): number => Number(view.getBigUint64(i * 8, true));
  if (table.byteLength < 24 || word(0) !== NATIVE_STATS_LAYOUT) {
    throw new Error(`pq_native_stats: table layout ${word(0)}; this binding reads ${NATIVE_STATS_LAYOUT}`);
  }
  const [ops, statuses] = [word(1), word(2)];
  const columns = Array.from({ length: statuses }, (_, c) => statusName(-word(3 + c)));
  const out: NativeOpStats[] = [];
  for (let r = 0; r < ops; r++) {
    const at = 3 + statuses + r * (2 + statuses);
    const calls: Partial<Record<PqStatusName | "UNKNOWN_STATUS", number>> = {};
    columns.forEach((status, c) => {
      const count = word(at + 2 + c);
      if (count > 0) calls[status] = (calls[status] ?? 0) + count;
    });
    const number = word(at);
    out.push({ op: OP_NAMES.get(number) ?? `op_${number}`, calls, nanoseconds: word(at + 1) });
  }
  return out;
}
