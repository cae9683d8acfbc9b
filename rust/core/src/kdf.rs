//! HKDF (RFC 5869) with SHA-256 or SHA3-256.

use crate::algorithm::HashAlgorithm;
use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use hkdf::{Hkdf, SimpleHkdf};

/// Longest output HKDF allows for a 32-byte hash (RFC 5869 §2.3: 255 · HashLen).
pub const MAX_OUTPUT_LEN: usize = 255 * 32;

/// HKDF-Extract-then-Expand into `len` bytes.
///
/// # Errors
/// [`Status::UnsupportedOperation`] for hashes other than SHA-256 / SHA3-256;
/// [`Status::InvalidLength`] for `len` of 0 or above [`MAX_OUTPUT_LEN`].
pub fn hkdf(hash: HashAlgorithm, ikm: &[u8], salt: &[u8], info: &[u8], len: usize) -> PqResult<SecretBytes> {
    if len == 0 || len > MAX_OUTPUT_LEN {
        return Err(Status::InvalidLength);
    }
    let mut okm = SecretBytes::new(vec![0u8; len]);
    let expanded = match hash {
        HashAlgorithm::Sha256 => Hkdf::<sha2::Sha256>::new(Some(salt), ikm).expand(info, okm_mut(&mut okm)),
        HashAlgorithm::Sha3_256 => SimpleHkdf::<sha3::Sha3_256>::new(Some(salt), ikm).expand(info, okm_mut(&mut okm)),
        _ => return Err(Status::UnsupportedOperation),
    };
    expanded.map_err(|_| Status::InvalidLength)?;
    Ok(okm)
}

fn okm_mut(okm: &mut SecretBytes) -> &mut [u8] {
    okm.expose_mut()
}
