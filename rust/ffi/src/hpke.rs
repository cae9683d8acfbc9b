//! HPKE exports (RFC 9180 base mode, single shot; KEMs of draft-ietf-hpke-pq): seal to a KEM
//! key, open with a KEM private key. The suite is the key's KEM, HKDF-SHA256 and the AEAD
//! numbered `aead` (`PqAeadAlgorithm`: AES-256-GCM or ChaCha20-Poly1305). Documented in
//! `pqgate-core` (`hpke`) and docs/ENCRYPTION.md.

use pqgate_core::api::hpke as api;
use pqgate_core::counters::Op;

use crate::boundary::{Output, Scalar, call, input};

/// Seals `plaintext` to the KEM key `recipient` (public or private handle; ML-KEM-512/768/
/// 1024 or X-Wing) with `info` and `aad`. `out` receives `enc ‖ ciphertext ‖ tag`: `enc` is the
/// KEM ciphertext (the algorithm's ciphertext size), the rest plaintext length + 16 bytes.
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_hpke_seal(
    recipient: u64,
    aead: u32,
    info: *const u8,
    info_len: u32,
    aad: *const u8,
    aad_len: u32,
    plaintext: *const u8,
    plaintext_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::HpkeSeal, || {
        // SAFETY: forwarded caller contract.
        let (info, aad, plaintext, out) = unsafe {
            (
                input(info, info_len)?,
                input(aad, aad_len)?,
                input(plaintext, plaintext_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write(&api::seal(recipient, aead, info, aad, plaintext)?)
    })
}

/// Opens `ciphertext` (with its tag) under `enc` with the KEM private key `recipient_private`,
/// the same `info` and `aad`. `INVALID_LENGTH` for an `enc` of another size than the key's KEM
/// ciphertext or a ciphertext shorter than the tag; `DECRYPTION_FAILED` for anything else that
/// does not match (other key, AEAD, info, aad, any modified bit).
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_hpke_open(
    recipient_private: u64,
    aead: u32,
    enc: *const u8,
    enc_len: u32,
    info: *const u8,
    info_len: u32,
    aad: *const u8,
    aad_len: u32,
    ciphertext: *const u8,
    ciphertext_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::HpkeOpen, || {
        // SAFETY: forwarded caller contract.
        let (enc, info, aad, ciphertext, out) = unsafe {
            (
                input(enc, enc_len)?,
                input(info, info_len)?,
                input(aad, aad_len)?,
                input(ciphertext, ciphertext_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write(api::open(recipient_private, aead, enc, info, aad, ciphertext)?.expose())
    })
}

/// Opens like `pq_hpke_open` and imports the plaintext as a private key of `algorithm`
/// (`PqAlgorithm`; its seed or expanded form, validated as `pq_key_import_private` does) into
/// a new handle written to `*handle`: the plaintext key never crosses the ABI (wrapped
/// import). Errors as `pq_hpke_open`, then as `pq_key_import_private`.
///
/// # Safety
/// Inputs valid for their lengths; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_hpke_open_key(
    recipient_private: u64,
    aead: u32,
    enc: *const u8,
    enc_len: u32,
    info: *const u8,
    info_len: u32,
    aad: *const u8,
    aad_len: u32,
    ciphertext: *const u8,
    ciphertext_len: u32,
    algorithm: u32,
    handle: *mut u64,
) -> i32 {
    call(Op::HpkeOpenKey, || {
        // SAFETY: forwarded caller contract.
        let (enc, info, aad, ciphertext, handle) = unsafe {
            (
                input(enc, enc_len)?,
                input(info, info_len)?,
                input(aad, aad_len)?,
                input(ciphertext, ciphertext_len)?,
                Scalar::new(handle)?,
            )
        };
        handle.set(api::open_key(recipient_private, aead, enc, info, aad, ciphertext, algorithm)?);
        Ok(())
    })
}
