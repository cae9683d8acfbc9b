//! One export per call, its arguments decoded from the fuzzer's bytes, its result checked
//! against the ABI contract. Shared by the targets; `op` names which export failed.

use pqgate::{hpke, kem, keys, keystore, meta, primitives, signature, symmetric, sync};

use crate::abi::{HASHES, In, SENTINEL, check, check_scalar};
use crate::reader::Reader;

/// Calls one export that takes no handle.
pub fn stateless(r: &mut Reader) {
    let (a, b, c) = (r.u8(), r.u32(), r.u32());
    let (x, y, z) = (r.input(), r.input(), r.input());
    let mut out = r.out();
    let (o, cap, len) = out.args();
    // SAFETY (all arms): `In`/`Out` pointers are valid for their passed lengths.
    let rc = match a % 13 {
        0 => unsafe { primitives::pq_hash(b % 10, x.ptr(), x.len(), o, cap, len) },
        1 => unsafe { primitives::pq_hkdf(b % 10, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len(), o, cap) },
        2 => unsafe {
            primitives::pq_aead_seal(b % 4, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len(), o, cap, len)
        },
        3 => unsafe {
            primitives::pq_aead_open(b % 4, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len(), o, cap, len)
        },
        4 => unsafe { primitives::pq_random_bytes(o, cap) },
        5 => unsafe { meta::pq_status_message(b as i32, o, cap, len) },
        6 => unsafe { meta::pq_algorithm_sizes(b, o.cast(), cap / 4, len) },
        7 => unsafe { sync::pq_shamir_split(x.ptr(), x.len(), b % 300, c % 300, o, cap, len) },
        8 => unsafe { sync::pq_shamir_combine(x.ptr(), x.len(), b % 1000, o, cap, len) },
        9 => password_derive(&x, &y, b, c, o, cap),
        10 => unsafe { keystore::pq_envelope_root_id(x.ptr(), x.len(), o, cap, len) },
        11 => unsafe { meta::pq_native_stats(o, cap, len) },
        _ => meta::pq_self_test(),
    };
    // pq_algorithm_sizes counts `out_cap` and `*out_len` in u32 elements; `check` compares
    // bytes, so report the required size in bytes too.
    if a % 13 == 6 && out.len != SENTINEL {
        out.len = out.len.saturating_mul(4);
    }
    // hkdf, random_bytes and password_derive take an exact length: no *out_len to check.
    let exact = matches!(a % 13, 1 | 4 | 9 | 12);
    if exact {
        check_scalar("stateless", rc)
    } else {
        check("stateless", rc, &[&out])
    };
}

/// Argon2id with costs kept small (the ABI accepts up to 4 GiB, 16 passes): boundary
/// values still reach the checks, valid ones stay fast.
fn password_derive(password: &In, salt: &In, memory: u32, costs: u32, out: *mut u8, out_len: u32) -> i32 {
    let memory_kib = if memory & 1 == 0 { memory % 513 } else { memory | 0x4000_0000 };
    let iterations = costs % 3;
    let parallelism = (costs >> 8) % 18;
    // SAFETY: inputs valid for their lengths; `out` valid for `out_len` writes.
    unsafe {
        sync::pq_password_derive(
            password.ptr(),
            password.len(),
            salt.ptr(),
            salt.len(),
            memory_kib,
            iterations,
            parallelism,
            out,
            out_len,
        )
    }
}

/// Calls one export that takes a key handle (any handle: live, freed, forged, wrong kind).
pub fn with_key(r: &mut Reader, handle: u64, other: u64) {
    let (a, b) = (r.u8(), r.u32());
    let (x, y, z) = (r.input(), r.input(), r.input());
    let (mut out, mut out2) = (r.out(), r.out());
    let (o, cap, len) = out.args();
    let (o2, cap2, len2) = out2.args();
    let hash = HASHES[b as usize % HASHES.len()];
    // SAFETY (all arms): `In`/`Out` pointers are valid for their passed lengths.
    let rc = match a % 26 {
        0 => unsafe { kem::pq_kem_encapsulate(handle, o, cap, len, o2, cap2, len2) },
        1 => unsafe { kem::pq_kem_encapsulate_deterministic(handle, x.ptr(), x.len(), o, cap, len, o2, cap2, len2) },
        2 => unsafe { kem::pq_kem_decapsulate(handle, x.ptr(), x.len(), o, cap, len) },
        3 => unsafe { kem::pq_x25519_agree(handle, x.ptr(), x.len(), o, cap, len) },
        4 => unsafe { keys::pq_key_export_public(handle, o, cap, len) },
        5 => key_info(handle),
        6 => unsafe {
            signature::pq_sig_sign(handle, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len(), o, cap, len)
        },
        7 => unsafe {
            signature::pq_sig_sign_prehashed(
                handle,
                hash,
                x.ptr(),
                x.len(),
                y.ptr(),
                y.len(),
                z.ptr(),
                z.len(),
                o,
                cap,
                len,
            )
        },
        8 => unsafe { signature::pq_sig_sign_internal(handle, x.ptr(), x.len(), y.ptr(), y.len(), o, cap, len) },
        9 => unsafe { signature::pq_sig_verify(handle, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len()) },
        10 => unsafe {
            signature::pq_sig_verify_prehashed(handle, hash, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len())
        },
        11 => unsafe { signature::pq_sig_verify_internal(handle, x.ptr(), x.len(), y.ptr(), y.len()) },
        12 => unsafe { sync::pq_seal(handle, x.ptr(), x.len(), y.ptr(), y.len(), o, cap, len) },
        13 => unsafe { sync::pq_seal_open(handle, x.ptr(), x.len(), y.ptr(), y.len(), o, cap, len) },
        14 => unsafe { sync::pq_seal_private_key(handle, other, x.ptr(), x.len(), o, cap, len) },
        15 => unsafe { sync::pq_seal_private_key(other, handle, x.ptr(), x.len(), o, cap, len) },
        16 => unsafe { symmetric::pq_sym_encrypt(handle, x.ptr(), x.len(), y.ptr(), y.len(), o, cap, len) },
        17 => unsafe { symmetric::pq_sym_decrypt(handle, x.ptr(), x.len(), y.ptr(), y.len(), o, cap, len) },
        18 => unsafe { symmetric::pq_mac_compute(handle, x.ptr(), x.len(), o, cap, len) },
        19 => unsafe { symmetric::pq_mac_verify(handle, x.ptr(), x.len(), y.ptr(), y.len()) },
        20 => unsafe { signature::pq_sig_sign_mu(handle, x.ptr(), x.len(), y.ptr(), y.len(), o, cap, len) },
        21 => unsafe { signature::pq_sig_verify_mu(handle, x.ptr(), x.len(), y.ptr(), y.len()) },
        22 => unsafe {
            hpke::pq_hpke_seal(handle, b % 4, x.ptr(), x.len(), y.ptr(), y.len(), z.ptr(), z.len(), o, cap, len)
        },
        // enc = x, ciphertext = y, info and aad = z.
        23 => unsafe {
            hpke::pq_hpke_open(
                handle,
                b % 4,
                x.ptr(),
                x.len(),
                z.ptr(),
                z.len(),
                z.ptr(),
                z.len(),
                y.ptr(),
                y.len(),
                o,
                cap,
                len,
            )
        },
        24 => hpke_open_key(handle, b, &x, &y, &z),
        _ => with_keystore(r, other, handle),
    };
    check("with_key", rc, &[&out, &out2]);
}

/// `pq_hpke_open_key` (enc = x, ciphertext = y, info and aad = z; algorithm and AEAD from
/// `b`); a key it creates is freed.
fn hpke_open_key(handle: u64, b: u32, x: &In, y: &In, z: &In) -> i32 {
    let mut created = 0u64;
    // SAFETY: inputs valid for their lengths; `created` is a valid u64.
    let rc = unsafe {
        hpke::pq_hpke_open_key(
            handle,
            b % 4,
            x.ptr(),
            x.len(),
            z.ptr(),
            z.len(),
            z.ptr(),
            z.len(),
            y.ptr(),
            y.len(),
            (b >> 8) % 40,
            &mut created,
        )
    };
    let rc = check_scalar("hpke_open_key", rc);
    if created != 0 {
        assert_eq!(keys::pq_key_free(created), crate::abi::OK, "freeing an opened key");
    }
    rc
}

fn key_info(handle: u64) -> i32 {
    let (mut kind, mut algorithm) = (0u32, 0u32);
    // SAFETY: both are valid u32s.
    check_scalar("key_info", unsafe { keys::pq_key_info(handle, &mut kind, &mut algorithm) })
}

/// Calls one keystore export with `keystore` (any handle) and `key` (any handle); returns
/// its status after checking it. Handles it creates are freed before returning.
pub fn with_keystore(r: &mut Reader, keystore: u64, key: u64) -> i32 {
    let (a, algorithm, version) = (r.u8(), r.algorithm(), r.u32());
    let (envelope, key_id, owner) = (r.input(), r.input(), r.input());
    let mut out = r.out();
    let (o, cap, len) = out.args();
    let (mut seq, mut created) = (0u32, 0u64);
    let (mut backend, mut protection) = (0u32, 0u32);
    // SAFETY (all arms): `In`/`Out` pointers are valid for their passed lengths; scalars are locals.
    let rc = match a % 13 {
        0 => unsafe { keystore::pq_keystore_info(keystore, &mut backend, &mut protection) },
        1 => keystore::pq_keystore_ping(keystore),
        2 => unsafe { keystore::pq_keystore_root_current(keystore, &mut seq, o, cap, len) },
        3 => unsafe { keystore::pq_keystore_roots(keystore, o, cap, len) },
        4 => unsafe { keystore::pq_keystore_root_retire(keystore, envelope.ptr(), envelope.len()) },
        5 => unsafe {
            keystore::pq_key_wrap(
                keystore,
                key,
                key_id.ptr(),
                key_id.len(),
                version,
                owner.ptr(),
                owner.len(),
                o,
                cap,
                len,
            )
        },
        6 => unsafe {
            keystore::pq_key_unwrap(
                keystore,
                algorithm,
                envelope.ptr(),
                envelope.len(),
                key_id.ptr(),
                key_id.len(),
                version,
                owner.ptr(),
                owner.len(),
                &mut created,
            )
        },
        7 => unsafe {
            keystore::pq_key_rewrap(
                keystore,
                algorithm,
                envelope.ptr(),
                envelope.len(),
                key_id.ptr(),
                key_id.len(),
                version,
                owner.ptr(),
                owner.len(),
                o,
                cap,
                len,
            )
        },
        8 => unsafe { keystore::pq_native_key_generate(keystore, algorithm, o, cap, len, &mut created) },
        9 => unsafe { keystore::pq_native_key_load(keystore, algorithm, envelope.ptr(), envelope.len(), &mut created) },
        10 => unsafe { keystore::pq_native_key_destroy(keystore, algorithm, envelope.ptr(), envelope.len()) },
        _ => unsafe { keystore::pq_envelope_root_id(envelope.ptr(), envelope.len(), o, cap, len) },
    };
    let rc = check("with_keystore", rc, &[&out]);
    if created != 0 {
        assert_eq!(keys::pq_key_free(created), crate::abi::OK, "freeing a created key");
    }
    rc
}
