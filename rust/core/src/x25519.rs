//! X25519 key agreement (RFC 7748) over `x25519-dalek`.

use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use subtle::ConstantTimeEq;
use x25519_dalek::{PublicKey, StaticSecret};

/// Private scalar length.
pub const SECRET_LEN: usize = 32;

/// The public key for a private scalar.
pub fn public_key(secret: &[u8; SECRET_LEN]) -> Vec<u8> {
    PublicKey::from(&StaticSecret::from(*secret)).as_bytes().to_vec()
}

/// Computes the shared secret, refusing the all-zero output (RFC 7748 §6.1).
///
/// # Errors
/// [`Status::InvalidLength`], [`Status::NonContributory`].
pub fn agree(secret: &SecretBytes, peer: &[u8]) -> PqResult<SecretBytes> {
    let peer: [u8; 32] = peer.try_into().map_err(|_| Status::InvalidLength)?;
    let secret = StaticSecret::from(*secret.to_array::<SECRET_LEN>()?);
    let shared = secret.diffie_hellman(&PublicKey::from(peer));
    if bool::from(shared.as_bytes().ct_eq(&[0u8; 32])) {
        return Err(Status::NonContributory);
    }
    Ok(SecretBytes::from_slice(shared.as_bytes()))
}
