//! AEAD with associated data: AES-256-GCM and ChaCha20-Poly1305.
//!
//! Misuse resistance: `seal` draws a fresh random 96-bit nonce from the OS and returns
//! `nonce || ciphertext || tag`, so a caller cannot reuse a nonce by mistake. Random
//! nonces bound one key to about 2^32 messages (SP 800-38D §8.3); rotate keys before that.

use crate::algorithm::AeadAlgorithm;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, rng};
use aes_gcm::Aes256Gcm;
use aes_gcm::aead::inout::InOutBuf;
use aes_gcm::aead::{AeadInOut, KeyInit};
use chacha20poly1305::ChaCha20Poly1305;

/// Key length for both algorithms.
pub const KEY_LEN: usize = 32;
/// Nonce length for both algorithms.
pub const NONCE_LEN: usize = 12;
/// Tag length for both algorithms.
pub const TAG_LEN: usize = 16;
/// Bytes `seal` adds to the plaintext.
pub const OVERHEAD: usize = NONCE_LEN + TAG_LEN;

/// Encrypts `plaintext` into `body` (the same length) and writes the tag into `tag`: the one
/// encryption every form below runs, allocating nothing itself.
fn seal_parts(
    alg: AeadAlgorithm,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    body: &mut [u8],
    tag: &mut [u8],
) -> PqResult<()> {
    if key.len() != KEY_LEN {
        return Err(Status::InvalidLength);
    }
    let buffer = InOutBuf::new(plaintext, body).map_err(|_| Status::Internal)?;
    match alg {
        AeadAlgorithm::Aes256Gcm => seal_detached::<Aes256Gcm>(key, nonce, aad, buffer, tag),
        AeadAlgorithm::ChaCha20Poly1305 => seal_detached::<ChaCha20Poly1305>(key, nonce, aad, buffer, tag),
    }
}

fn seal_detached<C: KeyInit + AeadInOut>(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    buffer: InOutBuf<'_, '_, u8>,
    tag_out: &mut [u8],
) -> PqResult<()> {
    let cipher = C::new_from_slice(key).map_err(|_| Status::InvalidLength)?;
    let nonce = aes_gcm::aead::Nonce::<C>::try_from(nonce).map_err(|_| Status::InvalidLength)?;
    let tag = cipher.encrypt_inout_detached(&nonce, aad, buffer).map_err(|_| Status::InputTooLarge)?;
    if tag.len() != tag_out.len() {
        return Err(Status::Internal);
    }
    tag_out.copy_from_slice(tag.as_slice());
    Ok(())
}

/// Checks `tag` over `body`, then decrypts `body` into `out` (the same length): the one
/// decryption every form below runs. Both ciphers check the tag before they decrypt, so on
/// [`Status::DecryptionFailed`] nothing was written.
fn open_parts(
    alg: AeadAlgorithm,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    body: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> PqResult<()> {
    if key.len() != KEY_LEN {
        return Err(Status::InvalidLength);
    }
    let buffer = InOutBuf::new(body, out).map_err(|_| Status::Internal)?;
    match alg {
        AeadAlgorithm::Aes256Gcm => open_detached::<Aes256Gcm>(key, nonce, aad, buffer, tag),
        AeadAlgorithm::ChaCha20Poly1305 => open_detached::<ChaCha20Poly1305>(key, nonce, aad, buffer, tag),
    }
}

fn open_detached<C: KeyInit + AeadInOut>(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    buffer: InOutBuf<'_, '_, u8>,
    tag: &[u8],
) -> PqResult<()> {
    let cipher = C::new_from_slice(key).map_err(|_| Status::InvalidLength)?;
    let nonce = aes_gcm::aead::Nonce::<C>::try_from(nonce).map_err(|_| Status::InvalidLength)?;
    let tag = aes_gcm::aead::Tag::<C>::try_from(tag).map_err(|_| Status::DecryptionFailed)?;
    cipher.decrypt_inout_detached(&nonce, aad, buffer, &tag).map_err(|_| Status::DecryptionFailed)
}

/// Encrypts with an explicit nonce: only for known-answer tests and protocols that
/// derive unique nonces themselves; everything else uses [`seal`]. Returns `ciphertext || tag`.
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
    let mut out = vec![0u8; plaintext.len().checked_add(TAG_LEN).ok_or(Status::InputTooLarge)?];
    let (body, tag) = out.split_at_mut(plaintext.len());
    seal_parts(alg, key, nonce, aad, plaintext, body, tag)?;
    Ok(out)
}

/// Encrypts under a fresh random nonce; returns `nonce || ciphertext || tag`.
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key; [`Status::RandomnessUnavailable`].
pub fn seal(alg: AeadAlgorithm, key: &[u8], aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    let mut out = vec![0u8; plaintext.len().checked_add(OVERHEAD).ok_or(Status::InputTooLarge)?];
    seal_into(alg, key, aad, plaintext, &mut out)?;
    Ok(out)
}

/// [`seal`] into `out`, which must hold exactly `plaintext.len() + OVERHEAD` bytes: encrypts
/// from `plaintext` straight into the caller's buffer, with no allocation and no copy of the
/// message (the C ABI's caller buffers: a 1 MiB message once went through three copies).
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key or `out`; [`Status::RandomnessUnavailable`];
/// [`Status::InputTooLarge`]. `out` may be partly written on an error (ciphertext only).
pub fn seal_into(alg: AeadAlgorithm, key: &[u8], aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> PqResult<()> {
    if key.len() != KEY_LEN || out.len() != plaintext.len().checked_add(OVERHEAD).ok_or(Status::InputTooLarge)? {
        return Err(Status::InvalidLength);
    }
    let (nonce_out, rest) = out.split_at_mut(NONCE_LEN);
    let (body, tag) = rest.split_at_mut(plaintext.len());
    let nonce = rng::array::<NONCE_LEN>()?;
    seal_parts(alg, key, nonce.as_slice(), aad, plaintext, body, tag)?;
    nonce_out.copy_from_slice(nonce.as_slice());
    Ok(())
}

/// [`open`] into `out`, which must hold exactly `sealed.len() - OVERHEAD` bytes; on
/// [`Status::DecryptionFailed`] nothing was written.
///
/// # Errors
/// As [`open`]; [`Status::InvalidLength`] for a wrong-size `out`.
pub fn open_into(alg: AeadAlgorithm, key: &[u8], aad: &[u8], sealed: &[u8], out: &mut [u8]) -> PqResult<()> {
    if key.len() != KEY_LEN || sealed.len() < OVERHEAD || out.len() != sealed.len() - OVERHEAD {
        return Err(Status::InvalidLength);
    }
    let (nonce, rest) = sealed.split_at(NONCE_LEN);
    let (body, tag) = rest.split_at(out.len());
    open_parts(alg, key, nonce, aad, body, tag, out)
}

/// Decrypts `nonce || ciphertext || tag` from [`seal`].
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size key or input shorter than the overhead;
/// [`Status::DecryptionFailed`] if authentication fails.
pub fn open(alg: AeadAlgorithm, key: &[u8], aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    let mut out = SecretBytes::new(vec![0u8; sealed.len().checked_sub(OVERHEAD).ok_or(Status::InvalidLength)?]);
    open_into(alg, key, aad, sealed, out.expose_mut())?;
    Ok(out)
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
    if key.len() != KEY_LEN {
        return Err(Status::InvalidLength);
    }
    let (ciphertext, tag) = body.split_at(body.len().checked_sub(TAG_LEN).ok_or(Status::DecryptionFailed)?);
    let mut out = SecretBytes::new(vec![0u8; ciphertext.len()]);
    open_parts(alg, key, nonce, aad, ciphertext, tag, out.expose_mut())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    /// The in-place forms agree byte for byte with the allocating ones (whose AES-GCM output
    /// the power-on self-test checks against a known answer), both ways, for both ciphers.
    #[test]
    fn in_place_forms_match_the_allocating_ones() {
        for alg in [AeadAlgorithm::Aes256Gcm, AeadAlgorithm::ChaCha20Poly1305] {
            let key = [7u8; KEY_LEN];
            for size in [0usize, 1, 15, 16, 17, 1024, 65_537] {
                let message: Vec<u8> = (0..size).map(|i| i.wrapping_mul(31).to_le_bytes()[0]).collect();
                let mut sealed = vec![0u8; size + OVERHEAD];
                seal_into(alg, &key, b"aad", &message, &mut sealed).expect("seal_into");
                let nonce: [u8; NONCE_LEN] = sealed[..NONCE_LEN].try_into().expect("nonce");
                let expected = seal_with_nonce(alg, &key, &nonce, b"aad", &message).expect("seal_with_nonce");
                assert_eq!(&sealed[NONCE_LEN..], expected.as_slice(), "{alg:?} {size}");
                let mut opened = vec![0u8; size];
                open_into(alg, &key, b"aad", &sealed, &mut opened).expect("open_into");
                assert_eq!(opened, message);
                let other = seal(alg, &key, b"aad", &message).expect("seal");
                open_into(alg, &key, b"aad", &other, &mut opened).expect("open_into of seal");
                assert_eq!(opened, message);
            }
        }
    }

    #[test]
    fn in_place_forms_refuse_wrong_sizes_and_forgeries() {
        let alg = AeadAlgorithm::Aes256Gcm;
        let key = [7u8; KEY_LEN];
        let mut sealed = vec![0u8; 5 + OVERHEAD];
        assert_eq!(seal_into(alg, &key[..16], b"", b"hello", &mut sealed), Err(Status::InvalidLength));
        assert_eq!(seal_into(alg, &key, b"", b"hello", &mut sealed[1..]), Err(Status::InvalidLength));
        seal_into(alg, &key, b"", b"hello", &mut sealed).expect("seal_into");
        let mut opened = [0u8; 5];
        assert_eq!(open_into(alg, &key, b"", &sealed, &mut opened[1..]), Err(Status::InvalidLength));
        assert_eq!(open_into(alg, &key, b"", &sealed[..OVERHEAD - 1], &mut []), Err(Status::InvalidLength));
        sealed[NONCE_LEN] ^= 1;
        assert_eq!(open_into(alg, &key, b"", &sealed, &mut opened), Err(Status::DecryptionFailed));
        assert_eq!(opened, [0u8; 5], "nothing written on a failed tag");
    }
}
