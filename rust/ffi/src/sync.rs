//! Device-sync exports: sealed boxes to KEM keys, the sealed export of a private key's
//! seed, Shamir secret sharing and Argon2id. Formats are documented in `pqgate-core`
//! (`sealed_box`, `shamir`, `password`).

use pqgate_core::api::sync as api;
use pqgate_core::counters::Op;
use pqgate_core::password::Argon2idParams;
use pqgate_core::{Status, shamir};

use crate::boundary::{ExactOutput, Output, call, input};

/// Seals `plaintext` to the KEM key `recipient` (public or private handle; ML-KEM-512/768/
/// 1024 or X-Wing) with associated data `aad`. `out` receives
/// `"PQSB" ‖ 0x01 ‖ algorithm (u16 BE) ‖ KEM ciphertext ‖ AES-256-GCM ciphertext ‖ tag`
/// (plaintext length + 7 + ciphertext size + 16 bytes).
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_seal(
    recipient: u64,
    aad: *const u8,
    aad_len: u32,
    plaintext: *const u8,
    plaintext_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::Seal, || {
        // SAFETY: forwarded caller contract.
        let (aad, plaintext, out) =
            unsafe { (input(aad, aad_len)?, input(plaintext, plaintext_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::seal(recipient, aad, plaintext)?)
    })
}

/// Opens a sealed box with the KEM private key `recipient_private` and the same `aad`.
/// `DECRYPTION_FAILED` for a box sealed to another key or algorithm, with other `aad`, or
/// modified; `INVALID_LENGTH` for input too short to be a box; `INVALID_ARGUMENT` for a
/// wrong magic or version.
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_seal_open(
    recipient_private: u64,
    aad: *const u8,
    aad_len: u32,
    sealed: *const u8,
    sealed_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SealOpen, || {
        // SAFETY: forwarded caller contract.
        let (aad, sealed, out) =
            unsafe { (input(aad, aad_len)?, input(sealed, sealed_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(api::seal_open(recipient_private, aad, sealed)?.expose())
    })
}

/// Seals the seed of the private key `key` (any algorithm, exactly as `pq_key_from_seed`
/// takes it) to the KEM key `recipient`: the only way a private key leaves the library
/// besides a keystore envelope. `UNSUPPORTED_OPERATION` for a device key or an ML-KEM/
/// ML-DSA key imported in expanded form.
///
/// # Safety
/// `aad` valid for `aad_len` reads; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_seal_private_key(
    key: u64,
    recipient: u64,
    aad: *const u8,
    aad_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SealPrivateKey, || {
        // SAFETY: forwarded caller contract.
        let (aad, out) = unsafe { (input(aad, aad_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::seal_private_key(key, recipient, aad)?)
    })
}

/// Splits `secret` (1..=1024 bytes) into `count` Shamir shares over GF(2^8), any
/// `threshold` of which recover it (`2 ≤ threshold ≤ count ≤ 255`). `out` receives the
/// shares concatenated, each `secret_len + 35` bytes; arguments and the size are checked before any work.
///
/// # Safety
/// `secret` valid for `secret_len` reads; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_shamir_split(
    secret: *const u8,
    secret_len: u32,
    threshold: u32,
    count: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::ShamirSplit, || {
        // SAFETY: forwarded caller contract.
        let (secret, out) = unsafe { (input(secret, secret_len)?, Output::new(out, out_cap, out_len)?) };
        shamir::check_split(secret.len(), threshold, count)?;
        let needed = shamir::share_len(secret.len()) * count as usize;
        out.require(u32::try_from(needed).map_err(|_| Status::Internal)?)?;
        out.write(api::shamir_split(secret, threshold, count)?.expose())
    })
}

/// Recovers a secret from shares of one split, concatenated in `shares`, each `share_len`
/// bytes; the first `threshold` shares are used. `SHARES_INSUFFICIENT`,
/// `SHARES_INCONSISTENT` (other split, threshold or length; repeated index),
/// `SHARE_CORRUPT` (checksum mismatch), `SHARE_MALFORMED` (unparsable, or `share_len` 0 or
/// not dividing `shares_len`).
///
/// # Safety
/// `shares` valid for `shares_len` reads; `out` valid for `out_cap` writes; `out_len` for a `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_shamir_combine(
    shares: *const u8,
    shares_len: u32,
    share_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::ShamirCombine, || {
        // SAFETY: forwarded caller contract.
        let (shares, out) = unsafe { (input(shares, shares_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(api::shamir_combine(shares, share_len)?.expose())
    })
}

/// Argon2id (RFC 9106, v0x13) of `password` and `salt` (16..=64 bytes) into exactly
/// `out_len` bytes (16..=64), with `memory_kib` (8·parallelism ..= 4 GiB), `iterations`
/// (1..=16) and `parallelism` (1..=16). `INVALID_ARGUMENT` outside these bounds.
///
/// # Safety
/// Inputs valid for their lengths; `out` valid for `out_len` writes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_password_derive(
    password: *const u8,
    password_len: u32,
    salt: *const u8,
    salt_len: u32,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    out: *mut u8,
    out_len: u32,
) -> i32 {
    call(Op::PasswordDerive, || {
        // SAFETY: forwarded caller contract.
        let (password, salt, out) =
            unsafe { (input(password, password_len)?, input(salt, salt_len)?, ExactOutput::new(out, out_len)?) };
        let params = Argon2idParams { memory_kib, iterations, parallelism };
        let key = api::password_derive(password, salt, params, out.len())?;
        out.write(key.expose())
    })
}
