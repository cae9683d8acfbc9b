//! KEM and key-agreement exports: ML-KEM-512/768/1024, X-Wing, X25519.

use pqgate_core::api;
use pqgate_core::counters::Op;

use crate::boundary::{Output, call, input, write_all};

/// Encapsulates to a KEM key (public or private handle) with fresh randomness, writing the
/// ciphertext and the shared secret. Both buffers are checked before either is written.
///
/// # Safety
/// Each `out` valid for its `cap` writes; each `len` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_kem_encapsulate(
    handle: u64,
    ct: *mut u8,
    ct_cap: u32,
    ct_len: *mut u32,
    ss: *mut u8,
    ss_cap: u32,
    ss_len: *mut u32,
) -> i32 {
    call(Op::KemEncapsulate, || {
        // SAFETY: forwarded caller contract.
        let (ct, ss) = unsafe { (Output::new(ct, ct_cap, ct_len)?, Output::new(ss, ss_cap, ss_len)?) };
        let e = api::kem_encapsulate(handle, None)?;
        write_all([(ct, &e.ciphertext), (ss, e.shared_secret.expose())])
    })
}

/// Deterministic encapsulation from caller randomness (`m`, 32 bytes, for ML-KEM; the
/// 64-byte `eseed` for X-Wing). For known-answer tests only: reusing randomness reveals
/// the shared secret.
///
/// # Safety
/// `randomness` valid for `randomness_len` reads; outputs as [`pq_kem_encapsulate`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_kem_encapsulate_deterministic(
    handle: u64,
    randomness: *const u8,
    randomness_len: u32,
    ct: *mut u8,
    ct_cap: u32,
    ct_len: *mut u32,
    ss: *mut u8,
    ss_cap: u32,
    ss_len: *mut u32,
) -> i32 {
    call(Op::KemEncapsulateDeterministic, || {
        // SAFETY: forwarded caller contract.
        let (randomness, ct, ss) = unsafe {
            (input(randomness, randomness_len)?, Output::new(ct, ct_cap, ct_len)?, Output::new(ss, ss_cap, ss_len)?)
        };
        let e = api::kem_encapsulate(handle, Some(randomness))?;
        write_all([(ct, &e.ciphertext), (ss, e.shared_secret.expose())])
    })
}

/// Decapsulates `ct` with a KEM private key. ML-KEM never fails on a well-sized ciphertext
/// (implicit rejection, FIPS 203 §6.3): a wrong ciphertext yields an unrelated secret.
///
/// # Safety
/// `ct` valid for `ct_len` reads; `ss` valid for `ss_cap` writes; `ss_len` for a `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_kem_decapsulate(
    handle: u64,
    ct: *const u8,
    ct_len: u32,
    ss: *mut u8,
    ss_cap: u32,
    ss_len: *mut u32,
) -> i32 {
    call(Op::KemDecapsulate, || {
        // SAFETY: forwarded caller contract.
        let (ct, ss) = unsafe { (input(ct, ct_len)?, Output::new(ss, ss_cap, ss_len)?) };
        ss.write(api::kem_decapsulate(handle, ct)?.expose())
    })
}

/// X25519 (RFC 7748) between a private-key handle and the peer's 32-byte public key;
/// an all-zero result is refused with `NON_CONTRIBUTORY`.
///
/// # Safety
/// `peer` valid for `peer_len` reads; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_x25519_agree(
    handle: u64,
    peer: *const u8,
    peer_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::X25519Agree, || {
        // SAFETY: forwarded caller contract.
        let (peer, out) = unsafe { (input(peer, peer_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(api::agreement_derive(handle, peer)?.expose())
    })
}
