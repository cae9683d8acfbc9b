//! KEM operations over [`Key`]s: ML-KEM and X-Wing behind one interface.

use crate::algorithm::{Algorithm, Family};
use crate::key::{Prepared, PrivateKey};
use crate::secret::SecretBytes;
use crate::{PqResult, Status, ml_kem, rng, x_wing};

/// Ciphertext and shared secret from an encapsulation.
pub struct Encapsulation {
    /// Ciphertext for the holder of the private key.
    pub ciphertext: Vec<u8>,
    /// Shared secret (secret).
    pub shared_secret: SecretBytes,
}

fn require_kem(algorithm: Algorithm) -> PqResult<()> {
    if algorithm.family() == Family::Kem { Ok(()) } else { Err(Status::UnsupportedOperation) }
}

/// Encapsulates to the `algorithm` public key `public`. `randomness` is `None` for fresh OS randomness,
/// or exactly `sizes().encapsulation_randomness` bytes (ML-KEM `m`, X-Wing `eseed`) for
/// known-answer tests; fixed randomness must never be reused.
///
/// # Errors
/// [`Status::UnsupportedOperation`]; [`Status::InvalidLength`] for wrong-size randomness.
pub fn encapsulate(algorithm: Algorithm, public: &[u8], randomness: Option<&[u8]>) -> PqResult<Encapsulation> {
    require_kem(algorithm)?;
    let len = algorithm.sizes().encapsulation_randomness as usize;
    let mut fresh = SecretBytes::new(vec![0u8; len]);
    let randomness = match randomness {
        Some(r) if r.len() == len => r,
        Some(_) => return Err(Status::InvalidLength),
        None => {
            rng::fill(fresh.expose_mut())?;
            fresh.expose()
        }
    };
    let (ciphertext, shared_secret) = if algorithm == Algorithm::XWing {
        x_wing::encapsulate(public, &*fixed(randomness)?)?
    } else {
        ml_kem::encapsulate(algorithm, public, &*fixed(randomness)?)?
    };
    Ok(Encapsulation { ciphertext, shared_secret })
}

fn fixed<const N: usize>(bytes: &[u8]) -> PqResult<zeroize::Zeroizing<[u8; N]>> {
    let array: [u8; N] = bytes.try_into().map_err(|_| Status::InvalidLength)?;
    Ok(zeroize::Zeroizing::new(array))
}

/// Decapsulates `ciphertext`. Never reports a mismatch: a modified ciphertext yields the
/// implicit-rejection secret (FIPS 203 §6.3), so protocols must confirm the key.
///
/// # Errors
/// [`Status::UnsupportedOperation`]; [`Status::InvalidLength`] for a wrong-size ciphertext.
pub fn decapsulate(key: &PrivateKey, ciphertext: &[u8]) -> PqResult<SecretBytes> {
    require_kem(key.algorithm)?;
    if ciphertext.len() != key.algorithm.sizes().ciphertext as usize {
        return Err(Status::InvalidLength);
    }
    if key.algorithm == Algorithm::XWing {
        // Every X-Wing `PrivateKey` carries its expanded key (see `key::Prepared`).
        let Some(Prepared::XWing(expanded)) = key.prepared() else { return Err(Status::Internal) };
        x_wing::decapsulate(expanded, ciphertext)
    } else {
        ml_kem::decapsulate(key.algorithm, &key.secret, ciphertext)
    }
}
