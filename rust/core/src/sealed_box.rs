//! Sealed boxes: anonymous public-key encryption to a KEM key (ML-KEM-512/768/1024, X-Wing),
//! in the KEM-DEM shape of HPKE base mode (RFC 9180) with a fixed suite.
//!
//! Format v1: `"PQSB" ‖ 0x01 ‖ KEM algorithm (u16 BE, the ABI `Algorithm` number) ‖ KEM
//! ciphertext ‖ AES-256-GCM ciphertext ‖ tag`. Key schedule:
//! `okm = HKDF-SHA-256(ikm = shared secret, salt = SHA-256(recipient public key),
//! info = "pqgate/seal/v1" ‖ header)`, split into a 32-byte key and a 12-byte nonce. Every
//! seal encapsulates afresh, so each key is used once and a derived nonce is safe. The AEAD
//! associated data is `header ‖ u32be(len(aad)) ‖ aad`, binding the caller's context.
//! The salt binds the recipient: a box opened with another key fails even if a KEM's shared
//! secret did not depend on the public key.

use crate::algorithm::{AeadAlgorithm, Algorithm, Family, HashAlgorithm};
use crate::key::PrivateKey;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, aead, digest, kdf, kem};

/// The four magic bytes of a sealed box.
pub const MAGIC: &[u8; 4] = b"PQSB";
/// Format version.
pub const VERSION: u8 = 1;
/// Bytes of the header: magic, version, algorithm.
pub const HEADER_LEN: usize = MAGIC.len() + 1 + 2;
const INFO_DOMAIN: &[u8] = b"pqgate/seal/v1";

/// Total length of a sealed box of `plaintext_len` bytes to an `algorithm` key.
pub const fn sealed_len(algorithm: Algorithm, plaintext_len: usize) -> usize {
    HEADER_LEN + algorithm.sizes().ciphertext as usize + plaintext_len + aead::TAG_LEN
}

fn header(algorithm: Algorithm) -> PqResult<[u8; HEADER_LEN]> {
    let [a0, a1] = u16::try_from(algorithm as u32).map_err(|_| Status::Internal)?.to_be_bytes();
    let [m0, m1, m2, m3] = *MAGIC;
    Ok([m0, m1, m2, m3, VERSION, a0, a1])
}

/// `(AES key, nonce)` for one box.
fn key_schedule(shared_secret: &SecretBytes, recipient_public: &[u8], header: &[u8]) -> PqResult<SecretBytes> {
    let salt = digest::digest(HashAlgorithm::Sha256, recipient_public);
    let info = [INFO_DOMAIN, header].concat();
    kdf::hkdf(HashAlgorithm::Sha256, shared_secret.expose(), &salt, &info, aead::KEY_LEN + aead::NONCE_LEN)
}

fn associated_data(header: &[u8], aad: &[u8]) -> PqResult<Vec<u8>> {
    let aad_len = u32::try_from(aad.len()).map_err(|_| Status::InputTooLarge)?;
    Ok([header, &aad_len.to_be_bytes(), aad].concat())
}

fn split_okm(okm: &SecretBytes) -> PqResult<(&[u8], [u8; aead::NONCE_LEN])> {
    let (key, nonce) = okm.expose().split_at_checked(aead::KEY_LEN).ok_or(Status::Internal)?;
    Ok((key, nonce.try_into().map_err(|_| Status::Internal)?))
}

/// Seals `plaintext` to the KEM public key `recipient_public` of `algorithm`.
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a non-KEM algorithm; [`Status::RandomnessUnavailable`].
pub fn seal(algorithm: Algorithm, recipient_public: &[u8], aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    if algorithm.family() != Family::Kem {
        return Err(Status::UnsupportedOperation);
    }
    let header = header(algorithm)?;
    let encapsulation = kem::encapsulate(algorithm, recipient_public, None)?;
    let okm = key_schedule(&encapsulation.shared_secret, recipient_public, &header)?;
    let (key, nonce) = split_okm(&okm)?;
    let body =
        aead::seal_with_nonce(AeadAlgorithm::Aes256Gcm, key, &nonce, &associated_data(&header, aad)?, plaintext)?;
    Ok([header.as_slice(), &encapsulation.ciphertext, &body].concat())
}

/// Opens a box sealed to `recipient`'s public key with the same `aad`.
///
/// # Errors
/// [`Status::InvalidLength`] for input shorter than a box can be; [`Status::InvalidArgument`]
/// for a wrong magic or version; [`Status::DecryptionFailed`] for a box sealed to another
/// key or algorithm, with other `aad`, or modified in any bit.
pub fn open(recipient: &PrivateKey, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    let (header, rest) = sealed.split_at_checked(HEADER_LEN).ok_or(Status::InvalidLength)?;
    if header.get(..MAGIC.len()) != Some(MAGIC.as_slice()) || header.get(MAGIC.len()) != Some(&VERSION) {
        return Err(Status::InvalidArgument);
    }
    let algorithm = recipient.algorithm;
    if algorithm.family() != Family::Kem {
        return Err(Status::UnsupportedOperation);
    }
    // A box for another algorithm is simply not for this key.
    if header != self::header(algorithm)? {
        return Err(Status::DecryptionFailed);
    }
    let (ciphertext, body) =
        rest.split_at_checked(algorithm.sizes().ciphertext as usize).ok_or(Status::InvalidLength)?;
    if body.len() < aead::TAG_LEN {
        return Err(Status::InvalidLength);
    }
    let public = recipient.public.as_deref().ok_or(Status::Internal)?;
    let shared_secret = kem::decapsulate(recipient, ciphertext)?;
    let okm = key_schedule(&shared_secret, public, header)?;
    let (key, nonce) = split_okm(&okm)?;
    aead::open_with_nonce(AeadAlgorithm::Aes256Gcm, key, &nonce, &associated_data(header, aad)?, body)
}
