//! Signature exports: ML-DSA-44/65/87 (pure, HashML-DSA, internal, external μ) and Ed25519.
//!
//! `rnd` selects the ML-DSA signing variant (FIPS 204 §3.4): empty = hedged (fresh OS
//! randomness, the default), 32 bytes = that `rnd` (all zeros is the deterministic
//! variant). Ed25519 is deterministic and rejects a non-empty `rnd` or `ctx`.

use pqgate_core::api;
use pqgate_core::counters::Op;

use crate::boundary::{Output, call, input, optional_input};

/// Signs `msg` with context `ctx` (at most 255 bytes) — ML-DSA.Sign, FIPS 204 Alg. 2.
///
/// # Safety
/// Every `(ptr, len)` input valid for reads; `out` valid for `out_cap` writes; `out_len`
/// for a `u32` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sig_sign(
    handle: u64,
    msg: *const u8,
    msg_len: u32,
    ctx: *const u8,
    ctx_len: u32,
    rnd: *const u8,
    rnd_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SigSign, || {
        // SAFETY: forwarded caller contract.
        let (msg, ctx, rnd, out) = unsafe {
            (
                input(msg, msg_len)?,
                input(ctx, ctx_len)?,
                optional_input(rnd, rnd_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write(&api::sign(handle, msg, ctx, rnd)?)
    })
}

/// HashML-DSA.Sign (FIPS 204 Alg. 4) over a caller-computed `digest` of hash `hash`
/// (`PqHashAlgorithm`); the digest length must match the hash.
///
/// # Safety
/// As [`pq_sig_sign`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sig_sign_prehashed(
    handle: u64,
    hash: u32,
    digest: *const u8,
    digest_len: u32,
    ctx: *const u8,
    ctx_len: u32,
    rnd: *const u8,
    rnd_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SigSignPrehashed, || {
        // SAFETY: forwarded caller contract.
        let (digest, ctx, rnd, out) = unsafe {
            (
                input(digest, digest_len)?,
                input(ctx, ctx_len)?,
                optional_input(rnd, rnd_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write(&api::sign_prehashed(handle, hash, digest, ctx, rnd)?)
    })
}

/// ML-DSA.Sign_internal (FIPS 204 Alg. 7) over a formatted message `M'`; for protocols
/// that do their own domain separation and for the ACVP "internal" vectors.
///
/// # Safety
/// As [`pq_sig_sign`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sig_sign_internal(
    handle: u64,
    m_prime: *const u8,
    m_prime_len: u32,
    rnd: *const u8,
    rnd_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SigSignInternal, || {
        // SAFETY: forwarded caller contract.
        let (m_prime, rnd, out) = unsafe {
            (input(m_prime, m_prime_len)?, optional_input(rnd, rnd_len)?, Output::new(out, out_cap, out_len)?)
        };
        out.write(&api::sign_internal(handle, m_prime, rnd)?)
    })
}

/// ML-DSA.Sign given an external μ (64 bytes, FIPS 204 Alg. 7 from line 7):
/// μ = SHAKE256(SHAKE256(pk, 64) ‖ M′, 64), M′ as in Alg. 2 line 10.
///
/// # Safety
/// As [`pq_sig_sign`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_sig_sign_mu(
    handle: u64,
    mu: *const u8,
    mu_len: u32,
    rnd: *const u8,
    rnd_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::SigSignMu, || {
        // SAFETY: forwarded caller contract.
        let (mu, rnd, out) =
            unsafe { (input(mu, mu_len)?, optional_input(rnd, rnd_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::sign_mu(handle, mu, rnd)?)
    })
}

/// Verifies `sig` over `msg` and `ctx` with a verifying or signing key handle.
/// `0` = valid, `VERIFICATION_FAILED` = invalid, `INVALID_LENGTH` = wrong-size signature.
///
/// # Safety
/// Every `(ptr, len)` input valid for reads.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sig_verify(
    handle: u64,
    msg: *const u8,
    msg_len: u32,
    ctx: *const u8,
    ctx_len: u32,
    sig: *const u8,
    sig_len: u32,
) -> i32 {
    call(Op::SigVerify, || {
        // SAFETY: forwarded caller contract.
        let (msg, ctx, sig) = unsafe { (input(msg, msg_len)?, input(ctx, ctx_len)?, input(sig, sig_len)?) };
        api::verify(handle, msg, ctx, sig)
    })
}

/// HashML-DSA.Verify (FIPS 204 Alg. 5).
///
/// # Safety
/// As [`pq_sig_verify`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_sig_verify_prehashed(
    handle: u64,
    hash: u32,
    digest: *const u8,
    digest_len: u32,
    ctx: *const u8,
    ctx_len: u32,
    sig: *const u8,
    sig_len: u32,
) -> i32 {
    call(Op::SigVerifyPrehashed, || {
        // SAFETY: forwarded caller contract.
        let (digest, ctx, sig) = unsafe { (input(digest, digest_len)?, input(ctx, ctx_len)?, input(sig, sig_len)?) };
        api::verify_prehashed(handle, hash, digest, ctx, sig)
    })
}

/// ML-DSA.Verify_internal (FIPS 204 Alg. 8) over `M'`.
///
/// # Safety
/// As [`pq_sig_verify`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_sig_verify_internal(
    handle: u64,
    m_prime: *const u8,
    m_prime_len: u32,
    sig: *const u8,
    sig_len: u32,
) -> i32 {
    call(Op::SigVerifyInternal, || {
        // SAFETY: forwarded caller contract.
        let (m_prime, sig) = unsafe { (input(m_prime, m_prime_len)?, input(sig, sig_len)?) };
        api::verify_internal(handle, m_prime, sig)
    })
}

/// ML-DSA.Verify given an external μ (64 bytes).
///
/// # Safety
/// As [`pq_sig_verify`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_sig_verify_mu(
    handle: u64,
    mu: *const u8,
    mu_len: u32,
    sig: *const u8,
    sig_len: u32,
) -> i32 {
    call(Op::SigVerifyMu, || {
        // SAFETY: forwarded caller contract.
        let (mu, sig) = unsafe { (input(mu, mu_len)?, input(sig, sig_len)?) };
        api::verify_mu(handle, mu, sig)
    })
}
