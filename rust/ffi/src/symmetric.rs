//! Symmetric named-key exports: AEAD encryption (AES-256-GCM, ChaCha20-Poly1305) and HMAC
//! with a key handle. The key never leaves; the nonce is drawn inside the library.

use pqgate_core::counters::Op;
use pqgate_core::{aead, api};

use crate::boundary::{Output, call, input};

/// Encrypts `plaintext` with associated data `aad` under a symmetric key handle
/// (`SECRET_KEY` kind) and a fresh random 96-bit nonce; `out` receives
/// `nonce (12) ‖ ciphertext ‖ tag (16)` (plaintext length + 28 bytes).
///
/// # Safety
/// Every `(ptr, len)` input valid for reads; `out` valid for `out_cap` writes; `out_len`
/// for a `u32` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sym_encrypt(
    handle: u64,
    aad: *const u8,
    aad_len: u32,
    plaintext: *const u8,
    plaintext_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SymEncrypt, || {
        // SAFETY: forwarded caller contract.
        let (aad, plaintext, out) =
            unsafe { (input(aad, aad_len)?, input(plaintext, plaintext_len)?, Output::new(out, out_cap, out_len)?) };
        out.write_in_place_or(
            plaintext.len().checked_add(aead::OVERHEAD),
            &[aad, plaintext],
            |buffer| api::sym_encrypt_into(handle, aad, plaintext, buffer),
            |out| out.write(&api::sym_encrypt(handle, aad, plaintext)?),
        )
    })
}

/// Decrypts `nonce ‖ ciphertext ‖ tag` from [`pq_sym_encrypt`]; `DECRYPTION_FAILED` when
/// the key, the `aad` or any byte is not the one it was sealed with.
///
/// # Safety
/// As [`pq_sym_encrypt`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sym_decrypt(
    handle: u64,
    aad: *const u8,
    aad_len: u32,
    sealed: *const u8,
    sealed_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SymDecrypt, || {
        // SAFETY: forwarded caller contract.
        let (aad, sealed, out) =
            unsafe { (input(aad, aad_len)?, input(sealed, sealed_len)?, Output::new(out, out_cap, out_len)?) };
        out.write_in_place_or(
            sealed.len().checked_sub(aead::OVERHEAD),
            &[aad, sealed],
            |buffer| api::sym_decrypt_into(handle, aad, sealed, buffer),
            |out| out.write(api::sym_decrypt(handle, aad, sealed)?.expose()),
        )
    })
}

/// Computes the HMAC tag of `data` with a MAC key handle (`MAC_KEY` kind).
///
/// # Safety
/// `data` valid for `data_len` reads; `out` valid for `out_cap` writes; `out_len` for a
/// `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_mac_compute(
    handle: u64,
    data: *const u8,
    data_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::MacCompute, || {
        // SAFETY: forwarded caller contract.
        let (data, out) = unsafe { (input(data, data_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::mac_compute(handle, data)?)
    })
}

/// Verifies an HMAC tag in constant time: `0` = valid, `VERIFICATION_FAILED` otherwise
/// (also for a tag of the wrong length). The expected tag is never written anywhere.
///
/// # Safety
/// Every `(ptr, len)` input valid for reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_mac_verify(
    handle: u64,
    data: *const u8,
    data_len: u32,
    tag: *const u8,
    tag_len: u32,
) -> i32 {
    call(Op::MacVerify, || {
        // SAFETY: forwarded caller contract.
        let (data, tag) = unsafe { (input(data, data_len)?, input(tag, tag_len)?) };
        api::mac_verify(handle, data, tag)
    })
}
