//! Keyless primitives: hashing, HKDF, AEAD with associated data, OS randomness.

use pqgate_core::counters::Op;
use pqgate_core::{Status, aead, api};

use crate::boundary::{ExactOutput, Output, call, input};

/// Hashes `data` with `algorithm` (`PqHashAlgorithm`; SHAKE outputs 32/64 bytes).
///
/// # Safety
/// `data` valid for `data_len` reads; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_hash(
    algorithm: u32,
    data: *const u8,
    data_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::Hash, || {
        // SAFETY: forwarded caller contract.
        let (data, out) = unsafe { (input(data, data_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::hash(algorithm, data)?)
    })
}

/// HKDF (RFC 5869) with SHA-256 or SHA3-256 (`PqHashAlgorithm`), writing exactly
/// `out_len` bytes (at most 255 hash lengths).
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_len` writes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_hkdf(
    hash: u32,
    ikm: *const u8,
    ikm_len: u32,
    salt: *const u8,
    salt_len: u32,
    info: *const u8,
    info_len: u32,
    out: *mut u8,
    out_len: u32,
) -> i32 {
    call(Op::Hkdf, || {
        // SAFETY: forwarded caller contract.
        let (ikm, salt, info, out) = unsafe {
            (input(ikm, ikm_len)?, input(salt, salt_len)?, input(info, info_len)?, ExactOutput::new(out, out_len)?)
        };
        let okm = api::hkdf(hash, ikm, salt, info, out.len())?;
        out.write(okm.expose())
    })
}

/// AEAD seal (`PqAeadAlgorithm`) under a fresh random 96-bit nonce; `out` receives
/// `nonce ‖ ciphertext ‖ tag` (plaintext length + 28 bytes).
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_aead_seal(
    algorithm: u32,
    key: *const u8,
    key_len: u32,
    aad: *const u8,
    aad_len: u32,
    plaintext: *const u8,
    plaintext_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::AeadSeal, || {
        // SAFETY: forwarded caller contract.
        let (key, aad, plaintext, out) = unsafe {
            (
                input(key, key_len)?,
                input(aad, aad_len)?,
                input(plaintext, plaintext_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write_in_place_or(
            plaintext.len().checked_add(aead::OVERHEAD),
            &[key, aad, plaintext],
            |buffer| api::aead_seal_into(algorithm, key, aad, plaintext, buffer),
            |out| out.write(&api::aead_seal(algorithm, key, aad, plaintext)?),
        )
    })
}

/// AEAD open of `nonce ‖ ciphertext ‖ tag`; `DECRYPTION_FAILED` on any mismatch, with
/// nothing written.
///
/// # Safety
/// As [`pq_aead_seal`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_aead_open(
    algorithm: u32,
    key: *const u8,
    key_len: u32,
    aad: *const u8,
    aad_len: u32,
    sealed: *const u8,
    sealed_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::AeadOpen, || {
        // SAFETY: forwarded caller contract.
        let (key, aad, sealed, out) = unsafe {
            (
                input(key, key_len)?,
                input(aad, aad_len)?,
                input(sealed, sealed_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write_in_place_or(
            sealed.len().checked_sub(aead::OVERHEAD),
            &[key, aad, sealed],
            |buffer| api::aead_open_into(algorithm, key, aad, sealed, buffer),
            |out| out.write(api::aead_open(algorithm, key, aad, sealed)?.expose()),
        )
    })
}

/// Fills `out` with `out_len` bytes from the operating system's CSPRNG.
///
/// # Safety
/// `out` valid for `out_len` writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_random_bytes(out: *mut u8, out_len: u32) -> i32 {
    call(Op::RandomBytes, || {
        if out_len == 0 {
            return Ok(());
        }
        if out.is_null() {
            return Err(Status::NullPointer);
        }
        if out_len > crate::MAX_INPUT_LEN {
            return Err(Status::InputTooLarge);
        }
        // Fill a private buffer first so the caller's is written only on success.
        let mut bytes = vec![0u8; out_len as usize];
        api::random_bytes(&mut bytes)?;
        // SAFETY: non-NULL and valid for `out_len` writes per the caller's contract.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len()) };
        Ok(())
    })
}
