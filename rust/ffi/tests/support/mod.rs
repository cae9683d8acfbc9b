//! Shared helpers for the ABI tests: call the exports exactly as a C caller would.
#![allow(dead_code, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

use std::ptr;

use pqgate::{keys, meta};

pub const OK: i32 = 0;
pub const NULL_POINTER: i32 = -1;
pub const INVALID_LENGTH: i32 = -2;
pub const BUFFER_TOO_SMALL: i32 = -3;
pub const UNKNOWN_ALGORITHM: i32 = -4;
pub const CONTEXT_TOO_LONG: i32 = -5;
pub const INVALID_ARGUMENT: i32 = -6;
pub const UNSUPPORTED_OPERATION: i32 = -7;
pub const INPUT_TOO_LARGE: i32 = -8;
pub const INVALID_HANDLE: i32 = -100;
pub const STALE_HANDLE: i32 = -101;
pub const WRONG_HANDLE_KIND: i32 = -102;
pub const VERIFICATION_FAILED: i32 = -200;
pub const DECRYPTION_FAILED: i32 = -201;
pub const INVALID_KEY: i32 = -202;
pub const NON_CONTRIBUTORY: i32 = -206;

pub const ML_KEM_512: u32 = 1;
pub const ML_KEM_768: u32 = 2;
pub const ML_KEM_1024: u32 = 3;
pub const X_WING: u32 = 4;
pub const X25519: u32 = 5;
pub const ML_DSA_44: u32 = 16;
pub const ML_DSA_65: u32 = 17;
pub const ML_DSA_87: u32 = 18;
pub const ED25519: u32 = 19;
pub const KEMS: [u32; 4] = [ML_KEM_512, ML_KEM_768, ML_KEM_1024, X_WING];
pub const SIGNERS: [u32; 4] = [ML_DSA_44, ML_DSA_65, ML_DSA_87, ED25519];

pub const SHA256: u32 = 1;
pub const SHA3_256: u32 = 8;
pub const AES_256_GCM: u32 = 1;
pub const CHACHA20_POLY1305: u32 = 2;

/// `[public_key, private_key, seed, ciphertext, shared_secret, signature, encaps_randomness]`.
pub fn sizes(algorithm: u32) -> [u32; 7] {
    let mut out = [0u32; 7];
    let mut len = 0u32;
    // SAFETY: `out` holds 7 u32s; `len` is a valid u32.
    let rc = unsafe { meta::pq_algorithm_sizes(algorithm, out.as_mut_ptr(), 7, &mut len) };
    assert_eq!((rc, len), (OK, 7));
    out
}

pub fn generate(algorithm: u32) -> u64 {
    let mut handle = 0u64;
    // SAFETY: `handle` is a valid u64.
    assert_eq!(unsafe { keys::pq_key_generate(algorithm, &mut handle) }, OK);
    handle
}

pub fn export_public(handle: u64) -> Vec<u8> {
    let mut out = vec![0u8; 4096];
    let mut len = 0u32;
    // SAFETY: buffer and length pointer are valid for the capacity passed.
    let rc = unsafe { keys::pq_key_export_public(handle, out.as_mut_ptr(), 4096, &mut len) };
    assert_eq!(rc, OK);
    out.truncate(len as usize);
    out
}

pub fn import_public(algorithm: u32, bytes: &[u8]) -> Result<u64, i32> {
    let mut handle = 0u64;
    // SAFETY: `bytes` is valid for its length.
    let rc = unsafe { keys::pq_key_import_public(algorithm, bytes.as_ptr(), len(bytes), &mut handle) };
    if rc == OK { Ok(handle) } else { Err(rc) }
}

pub fn free(handle: u64) -> i32 {
    keys::pq_key_free(handle)
}

pub fn len(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).expect("test buffers are small")
}

pub fn null() -> *const u8 {
    ptr::null()
}

pub fn null_mut() -> *mut u8 {
    ptr::null_mut()
}
