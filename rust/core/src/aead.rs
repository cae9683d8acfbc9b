//! AEAD with associated data: AES-256-GCM and ChaCha20-Poly1305.
//!
//! Misuse resistance: `seal` draws a fresh random 96-bit nonce from the OS and returns
//! `nonce || ciphertext || tag`, so a caller cannot reuse a nonce by mistake. Random
//! nonces bound one key to about 2^32 messages (SP 800-38D §8.3); rotate keys before that.

use crate::algorithm::AeadAlgorithm;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, rng};
use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::ChaCha20Poly1305;

/// Key length for both algorithms.
pub const KEY_LEN: usize = 32;
/// Nonce length for both algorithms.
pub const NONCE_LEN: usize = 12;
/// Tag length for both algorithms.
pub const TAG_LEN: usize = 16;
/// Bytes `seal` adds to the plaintext.
pub const OVERHEAD: usize = NONCE_LEN + TAG_LEN;

fn run<C: KeyInit + Aead>(
    key: &[u8],
    nonce: &[u8; NONCE_LEN],
    payload: Payload<'_, '_>,
    seal: bool,
) -> PqResult<Vec<u8>> {
    let cipher = C::new_from_slice(key).map_err(|_| Status::InvalidLength)?;
    let nonce = aes_gcm::aead::Nonce::<C>::try_from(nonce.as_slice()).map_err(|_| Status::InvalidLength)?;
    let nonce = &nonce;
    if seal {
        cipher.encrypt(nonce, payload).map_err(|_| Status::InputTooLarge)
    } else {
        cipher.decrypt(nonce, payload).map_err(|_| Status::DecryptionFailed)
    }
}

fn dispatch(
    alg: AeadAlgorithm,
    key: &[u8],
    nonce: &[u8; NONCE_LEN],
    payload: Payload<'_, '_>,
    seal: bool,
) -> PqResult<Vec<u8>> {
    if key.len() != KEY_LEN {
        return Err(Status::InvalidLength);
    }
    match alg {
        AeadAlgorithm::Aes256Gcm => run::<Aes256Gcm>(key, nonce, payload, seal),
        AeadAlgorithm::ChaCha20Poly1305 => run::<ChaCha20Poly1305>(key, nonce, payload, seal),
    }
}

/// Encrypts with an explicit nonce: only for known-answer tests and protocols that
/// derive unique nonces themselves; everything else uses [`seal`].
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key.
pub fn seal_with_nonce(
    alg: AeadAlgorithm,
    key: &[u8],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> PqResult<Vec<u8>> {
    dispatch(alg, key, nonce, Payload { msg: plaintext, aad }, true)
}

/// Encrypts under a fresh random nonce; returns `nonce || ciphertext || tag`.
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key; [`Status::RandomnessUnavailable`].
pub fn seal(alg: AeadAlgorithm, key: &[u8], aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    let nonce = rng::array::<NONCE_LEN>()?;
    let body = seal_with_nonce(alg, key, &nonce, aad, plaintext)?;
    let mut out = Vec::with_capacity(NONCE_LEN + body.len());
    out.extend_from_slice(nonce.as_slice());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decrypts `nonce || ciphertext || tag` from [`seal`].
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key or input shorter than the overhead;
/// [`Status::DecryptionFailed`] if authentication fails.
pub fn open(alg: AeadAlgorithm, key: &[u8], aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    if sealed.len() < OVERHEAD {
        return Err(Status::InvalidLength);
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Status::Internal)?;
    open_with_nonce(alg, key, &nonce, aad, body)
}

/// Decrypts `ciphertext || tag` under an explicit nonce: the counterpart of
/// [`seal_with_nonce`], for protocols that derive their nonces.
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key; [`Status::DecryptionFailed`] if
/// authentication fails.
pub fn open_with_nonce(
    alg: AeadAlgorithm,
    key: &[u8],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    body: &[u8],
) -> PqResult<SecretBytes> {
    dispatch(alg, key, nonce, Payload { msg: body, aad }, false).map(SecretBytes::new)
}
