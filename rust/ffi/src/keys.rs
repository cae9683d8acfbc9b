//! Key handle lifecycle: generate, derive from seed, import, export public, query, free.

use pqgate_core::api;
use pqgate_core::counters::Op;

use crate::boundary::{Output, Scalar, call, input};

/// Generates a key pair of `algorithm` from OS randomness (with a pairwise-consistency
/// check) and stores a private-key handle in `*handle`.
///
/// # Safety
/// `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_key_generate(algorithm: u32, handle: *mut u64) -> i32 {
    call(Op::KeyGenerate, || {
        // SAFETY: forwarded caller contract.
        let handle = unsafe { Scalar::new(handle) }?;
        handle.set(api::key_generate(algorithm)?);
        Ok(())
    })
}

/// Derives a key pair from its seed: `d‖z` (64 bytes) for ML-KEM (FIPS 203 §7.1), `ξ`
/// (32 bytes) for ML-DSA (FIPS 204 §5.1), the 32-byte seed for X-Wing, X25519, Ed25519.
///
/// # Safety
/// `seed` valid for `seed_len` reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_key_from_seed(algorithm: u32, seed: *const u8, seed_len: u32, handle: *mut u64) -> i32 {
    call(Op::KeyFromSeed, || {
        // SAFETY: forwarded caller contract.
        let (seed, handle) = unsafe { (input(seed, seed_len)?, Scalar::new(handle)?) };
        handle.set(api::key_from_seed(algorithm, seed)?);
        Ok(())
    })
}

/// Imports a private key (BYOK): the seed, or the expanded FIPS 203 `dk` / FIPS 204 `sk`
/// (validated). The bytes are copied into zeroizing memory; the caller should wipe its copy.
///
/// # Safety
/// `key` valid for `key_len` reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_key_import_private(algorithm: u32, key: *const u8, key_len: u32, handle: *mut u64) -> i32 {
    call(Op::KeyImportPrivate, || {
        // SAFETY: forwarded caller contract.
        let (key, handle) = unsafe { (input(key, key_len)?, Scalar::new(handle)?) };
        handle.set(api::key_import_private(algorithm, key)?);
        Ok(())
    })
}

/// Imports and validates a public key (FIPS 203 §7.2 modulus check for ML-KEM).
///
/// # Safety
/// `key` valid for `key_len` reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_key_import_public(algorithm: u32, key: *const u8, key_len: u32, handle: *mut u64) -> i32 {
    call(Op::KeyImportPublic, || {
        // SAFETY: forwarded caller contract.
        let (key, handle) = unsafe { (input(key, key_len)?, Scalar::new(handle)?) };
        handle.set(api::key_import_public(algorithm, key)?);
        Ok(())
    })
}

/// Copies the encoded public key of any key handle into `out`.
///
/// # Safety
/// `out` valid for `out_cap` writes; `out_len` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_key_export_public(handle: u64, out: *mut u8, out_cap: u32, out_len: *mut u32) -> i32 {
    call(Op::KeyExportPublic, || {
        // SAFETY: forwarded caller contract.
        let out = unsafe { Output::new(out, out_cap, out_len) }?;
        out.write(&api::key_export_public(handle)?)
    })
}

/// Stores the handle's kind (`PqKeyKind`) and algorithm (`PqAlgorithm`) numbers.
///
/// # Safety
/// `kind` and `algorithm` valid for `u32` writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_key_info(handle: u64, kind: *mut u32, algorithm: *mut u32) -> i32 {
    call(Op::KeyInfo, || {
        // SAFETY: forwarded caller contract.
        let (kind, algorithm) = unsafe { (Scalar::new(kind)?, Scalar::new(algorithm)?) };
        let (k, a) = api::key_info(handle)?;
        kind.set(k as u32);
        algorithm.set(a as u32);
        Ok(())
    })
}

/// Frees a handle; its private key is zeroized once no operation still uses it.
/// A second free returns `STALE_HANDLE`.
#[unsafe(no_mangle)]
pub extern "C" fn pq_key_free(handle: u64) -> i32 {
    call(Op::KeyFree, || api::key_free(handle))
}
