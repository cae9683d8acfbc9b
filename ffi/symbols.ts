/**
 * The one description of every export of `rust/ffi/include/pqgate.h`.
 *
 * Both backends (`backend/deno.ts`, `backend/bun.ts`) open the library from this table, so
 * a signature is written down exactly once. Only `i32`/`u32`/`u64` values and buffers cross:
 * no pointer returns and no callbacks, which both runtimes handle identically and on their
 * fast-call paths. Lengths are `u32` (a `usize` length falls off Deno's fast path).
 * Each parameter carries its C name as a comment; `test/ffi/symbols-parity.test.ts` checks
 * types, counts and those names against the header.
 *
 * @module
 */

/** The value types a parameter may have; `buffer` is a pointer to caller-owned memory. */
export type NativeType = "u32" | "i32" | "u64" | "buffer";

/** The result types an export may have. */
export type NativeResult = "i32" | "u32";

/** One export: its parameter types in C order and its result type. */
export interface SymbolSpec {
  readonly parameters: readonly NativeType[];
  readonly result: NativeResult;
}

/** Every export of `pqgate.h`, in header order. */
export const symbols = {
  pq_kem_encapsulate: {
    parameters: [
      "u64", // handle
      "buffer", // ct
      "u32", // ct_cap
      "buffer", // ct_len
      "buffer", // ss
      "u32", // ss_cap
      "buffer", // ss_len
    ],
    result: "i32",
  },
  pq_kem_encapsulate_deterministic: {
    parameters: [
      "u64", // handle
      "buffer", // randomness
      "u32", // randomness_len
      "buffer", // ct
      "u32", // ct_cap
      "buffer", // ct_len
      "buffer", // ss
      "u32", // ss_cap
      "buffer", // ss_len
    ],
    result: "i32",
  },
  pq_kem_decapsulate: {
    parameters: [
      "u64", // handle
      "buffer", // ct
      "u32", // ct_len
      "buffer", // ss
      "u32", // ss_cap
      "buffer", // ss_len
    ],
    result: "i32",
  },
  pq_x25519_agree: {
    parameters: [
      "u64", // handle
      "buffer", // peer
      "u32", // peer_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_key_generate: {
    parameters: [
      "u32", // algorithm
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_key_from_seed: {
    parameters: [
      "u32", // algorithm
      "buffer", // seed
      "u32", // seed_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_key_import_private: {
    parameters: [
      "u32", // algorithm
      "buffer", // key
      "u32", // key_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_key_import_public: {
    parameters: [
      "u32", // algorithm
      "buffer", // key
      "u32", // key_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_key_export_public: {
    parameters: [
      "u64", // handle
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_key_info: {
    parameters: [
      "u64", // handle
      "buffer", // kind
      "buffer", // algorithm
    ],
    result: "i32",
  },
  pq_key_free: {
    parameters: [
      "u64", // handle
    ],
    result: "i32",
  },
  pq_keystore_open_software: {
    parameters: [
      "buffer", // dir
      "u32", // dir_len
      "buffer", // passphrase
      "u32", // passphrase_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_keystore_open_pkcs11: {
    parameters: [
      "buffer", // module
      "u32", // module_len
      "buffer", // token_label
      "u32", // token_label_len
      "buffer", // pin
      "u32", // pin_len
      "buffer", // handle
    ],
    result: "i32",
  },

  pq_keystore_open_tpm: {
    parameters: [
      "buffer", // tcti
      "u32", // tcti_len
      "buffer", // handle
    ],
    result: "i32",
  },

  pq_keystore_open_tpm_fleet: {
    parameters: [
      "buffer", // tcti
      "u32", // tcti_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_keystore_fleet: {
    parameters: [
      "u64", // keystore
      "u32", // op
      "buffer", // a
      "u32", // a_len
      "buffer", // b
      "u32", // b_len
      "buffer", // c
      "u32", // c_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },

  pq_keystore_close: {
    parameters: [
      "u64", // keystore
    ],
    result: "i32",
  },
  pq_keystore_info: {
    parameters: [
      "u64", // keystore
      "buffer", // backend
      "buffer", // protection
    ],
    result: "i32",
  },
  pq_keystore_ping: {
    parameters: [
      "u64", // keystore
    ],
    result: "i32",
  },
  pq_keystore_root_current: {
    parameters: [
      "u64", // keystore
      "buffer", // sequence
      "buffer", // id
      "u32", // id_cap
      "buffer", // id_len
    ],
    result: "i32",
  },
  pq_keystore_root_rotate: {
    parameters: [
      "u64", // keystore
      "buffer", // sequence
      "buffer", // id
      "u32", // id_cap
      "buffer", // id_len
    ],
    result: "i32",
  },
  pq_keystore_root_retire: {
    parameters: [
      "u64", // keystore
      "buffer", // id
      "u32", // id_len
    ],
    result: "i32",
  },
  pq_keystore_roots: {
    parameters: [
      "u64", // keystore
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_key_wrap: {
    parameters: [
      "u64", // keystore
      "u64", // key
      "buffer", // key_id
      "u32", // key_id_len
      "u32", // version
      "buffer", // owner
      "u32", // owner_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_key_unwrap: {
    parameters: [
      "u64", // keystore
      "u32", // algorithm
      "buffer", // envelope
      "u32", // envelope_len
      "buffer", // key_id
      "u32", // key_id_len
      "u32", // version
      "buffer", // owner
      "u32", // owner_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_key_rewrap: {
    parameters: [
      "u64", // keystore
      "u32", // algorithm
      "buffer", // envelope
      "u32", // envelope_len
      "buffer", // key_id
      "u32", // key_id_len
      "u32", // version
      "buffer", // owner
      "u32", // owner_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_native_key_generate: {
    parameters: [
      "u64", // keystore
      "u32", // algorithm
      "buffer", // reference
      "u32", // reference_cap
      "buffer", // reference_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_native_key_load: {
    parameters: [
      "u64", // keystore
      "u32", // algorithm
      "buffer", // reference
      "u32", // reference_len
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_native_key_destroy: {
    parameters: [
      "u64", // keystore
      "u32", // algorithm
      "buffer", // reference
      "u32", // reference_len
    ],
    result: "i32",
  },

  pq_envelope_root_id: {
    parameters: [
      "buffer", // envelope
      "u32", // envelope_len
      "buffer", // id
      "u32", // id_cap
      "buffer", // id_len
    ],
    result: "i32",
  },

  pq_abi_version: {
    parameters: [],
    result: "u32",
  },
  pq_status_message: {
    parameters: [
      "i32", // code
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_self_test: {
    parameters: [],
    result: "i32",
  },
  pq_algorithm_sizes: {
    parameters: [
      "u32", // algorithm
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_live_handle_count: {
    parameters: [
      "buffer", // out
    ],
    result: "i32",
  },
  pq_native_stats: {
    parameters: [
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_hash: {
    parameters: [
      "u32", // algorithm
      "buffer", // data
      "u32", // data_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_hkdf: {
    parameters: [
      "u32", // hash
      "buffer", // ikm
      "u32", // ikm_len
      "buffer", // salt
      "u32", // salt_len
      "buffer", // info
      "u32", // info_len
      "buffer", // out
      "u32", // out_len
    ],
    result: "i32",
  },
  pq_aead_seal: {
    parameters: [
      "u32", // algorithm
      "buffer", // key
      "u32", // key_len
      "buffer", // aad
      "u32", // aad_len
      "buffer", // plaintext
      "u32", // plaintext_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_aead_open: {
    parameters: [
      "u32", // algorithm
      "buffer", // key
      "u32", // key_len
      "buffer", // aad
      "u32", // aad_len
      "buffer", // sealed
      "u32", // sealed_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_random_bytes: {
    parameters: [
      "buffer", // out
      "u32", // out_len
    ],
    result: "i32",
  },
  pq_sig_sign: {
    parameters: [
      "u64", // handle
      "buffer", // msg
      "u32", // msg_len
      "buffer", // ctx
      "u32", // ctx_len
      "buffer", // rnd
      "u32", // rnd_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_sig_sign_prehashed: {
    parameters: [
      "u64", // handle
      "u32", // hash
      "buffer", // digest
      "u32", // digest_len
      "buffer", // ctx
      "u32", // ctx_len
      "buffer", // rnd
      "u32", // rnd_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_sig_sign_internal: {
    parameters: [
      "u64", // handle
      "buffer", // m_prime
      "u32", // m_prime_len
      "buffer", // rnd
      "u32", // rnd_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_sig_sign_mu: {
    parameters: [
      "u64", // handle
      "buffer", // mu
      "u32", // mu_len
      "buffer", // rnd
      "u32", // rnd_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_sig_verify: {
    parameters: [
      "u64", // handle
      "buffer", // msg
      "u32", // msg_len
      "buffer", // ctx
      "u32", // ctx_len
      "buffer", // sig
      "u32", // sig_len
    ],
    result: "i32",
  },
  pq_sig_verify_prehashed: {
    parameters: [
      "u64", // handle
      "u32", // hash
      "buffer", // digest
      "u32", // digest_len
      "buffer", // ctx
      "u32", // ctx_len
      "buffer", // sig
      "u32", // sig_len
    ],
    result: "i32",
  },
  pq_sig_verify_internal: {
    parameters: [
      "u64", // handle
      "buffer", // m_prime
      "u32", // m_prime_len
      "buffer", // sig
      "u32", // sig_len
    ],
    result: "i32",
  },
  pq_sig_verify_mu: {
    parameters: [
      "u64", // handle
      "buffer", // mu
      "u32", // mu_len
      "buffer", // sig
      "u32", // sig_len
    ],
    result: "i32",
  },
  pq_sym_encrypt: {
    parameters: [
      "u64", // handle
      "buffer", // aad
      "u32", // aad_len
      "buffer", // plaintext
      "u32", // plaintext_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_sym_decrypt: {
    parameters: [
      "u64", // handle
      "buffer", // aad
      "u32", // aad_len
      "buffer", // sealed
      "u32", // sealed_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_mac_compute: {
    parameters: [
      "u64", // handle
      "buffer", // data
      "u32", // data_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_mac_verify: {
    parameters: [
      "u64", // handle
      "buffer", // data
      "u32", // data_len
      "buffer", // tag
      "u32", // tag_len
    ],
    result: "i32",
  },
  pq_seal: {
    parameters: [
      "u64", // recipient
      "buffer", // aad
      "u32", // aad_len
      "buffer", // plaintext
      "u32", // plaintext_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_seal_open: {
    parameters: [
      "u64", // recipient_private
      "buffer", // aad
      "u32", // aad_len
      "buffer", // sealed
      "u32", // sealed_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_hpke_seal: {
    parameters: [
      "u64", // recipient
      "u32", // aead
      "buffer", // info
      "u32", // info_len
      "buffer", // aad
      "u32", // aad_len
      "buffer", // plaintext
      "u32", // plaintext_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_hpke_open: {
    parameters: [
      "u64", // recipient_private
      "u32", // aead
      "buffer", // enc
      "u32", // enc_len
      "buffer", // info
      "u32", // info_len
      "buffer", // aad
      "u32", // aad_len
      "buffer", // ciphertext
      "u32", // ciphertext_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_hpke_open_key: {
    parameters: [
      "u64", // recipient_private
      "u32", // aead
      "buffer", // enc
      "u32", // enc_len
      "buffer", // info
      "u32", // info_len
      "buffer", // aad
      "u32", // aad_len
      "buffer", // ciphertext
      "u32", // ciphertext_len
      "u32", // algorithm
      "buffer", // handle
    ],
    result: "i32",
  },
  pq_seal_private_key: {
    parameters: [
      "u64", // key
      "u64", // recipient
      "buffer", // aad
      "u32", // aad_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_shamir_split: {
    parameters: [
      "buffer", // secret
      "u32", // secret_len
      "u32", // threshold
      "u32", // count
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_shamir_combine: {
    parameters: [
      "buffer", // shares
      "u32", // shares_len
      "u32", // share_len
      "buffer", // out
      "u32", // out_cap
      "buffer", // out_len
    ],
    result: "i32",
  },
  pq_password_derive: {
    parameters: [
      "buffer", // password
      "u32", // password_len
      "buffer", // salt
      "u32", // salt_len
      "u32", // memory_kib
      "u32", // iterations
      "u32", // parallelism
      "buffer", // out
      "u32", // out_len
    ],
    result: "i32",
  },
} as const satisfies Record<string, SymbolSpec>;

/** The table's type, for the backends. */
export type Symbols = typeof symbols;

/** Name of an export. */
export type SymbolName = keyof Symbols;

/**
 * Memory a `buffer` parameter may point at. `Uint32Array` and `BigUint64Array` serve the
 * scalar out-parameters (`uint32_t *`, `uint64_t *`).
 */
export type BufferArg = Uint8Array | Uint32Array | BigUint64Array;

/** The JavaScript value for one native type: `u64` is always a `bigint` in this binding. */
type JsValue<T> = T extends "u64" ? bigint : T extends "buffer" ? BufferArg : number;

type JsParameters<P extends readonly NativeType[]> = { -readonly [K in keyof P]: JsValue<P[K]> };

/** The opened library: one function per export, typed from the table. */
export type RawSymbols = {
  readonly [N in SymbolName]: (...args: JsParameters<Symbols[N]["parameters"]>) => number;
};
