//! Ed25519 (RFC 8032, pure EdDSA) over `ed25519-dalek`.

use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Private key (seed) length.
pub const SEED_LEN: usize = 32;

/// The public key for a private seed.
pub fn public_key(seed: &[u8; SEED_LEN]) -> Vec<u8> {
    SigningKey::from_bytes(seed).verifying_key().to_bytes().to_vec()
}

/// Checks that `pk` is a canonical, decompressible point.
pub fn public_key_is_valid(pk: &[u8]) -> bool {
    <[u8; 32]>::try_from(pk).is_ok_and(|bytes| VerifyingKey::from_bytes(&bytes).is_ok())
}

/// Signs `msg` (deterministic by construction).
///
/// # Errors
/// [`Status::InvalidLength`] for a malformed seed.
pub fn sign(seed: &SecretBytes, msg: &[u8]) -> PqResult<Vec<u8>> {
    let seed = seed.to_array::<SEED_LEN>()?;
    let key = SigningKey::from_bytes(&seed);
    Ok(key.sign(msg).to_bytes().to_vec())
}

/// Verifies with the strict rules (rejects non-canonical `S` and small-order keys).
///
/// # Errors
/// [`Status::InvalidLength`], [`Status::InvalidKey`], [`Status::VerificationFailed`].
pub fn verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> PqResult<()> {
    let pk: [u8; 32] = pk.try_into().map_err(|_| Status::InvalidLength)?;
    let sig: [u8; 64] = sig.try_into().map_err(|_| Status::InvalidLength)?;
    let key = VerifyingKey::from_bytes(&pk).map_err(|_| Status::InvalidKey)?;
    key.verify_strict(msg, &Signature::from_bytes(&sig)).map_err(|_| Status::VerificationFailed)
}
