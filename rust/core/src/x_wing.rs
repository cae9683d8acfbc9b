//! X-Wing hybrid KEM (draft-connolly-cfrg-xwing-kem: ML-KEM-768 + X25519) over RustCrypto `x-wing`.
//!
//! The private key is the 32-byte seed; the draft expands it with SHAKE256 on use.

use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use x_wing::{Decapsulate, Decapsulator, KeyExport};
use x_wing::{DecapsulationKey, EncapsulationKey};

/// Private key (seed) length.
pub const SEED_LEN: usize = x_wing::DECAPSULATION_KEY_SIZE;
/// Deterministic encapsulation randomness `eseed`.
pub const ESEED_LEN: usize = x_wing::ENCAPSULATION_RANDOMNESS_SIZE;

/// The public key for a private seed.
pub fn public_key(seed: &[u8; SEED_LEN]) -> Vec<u8> {
    let dk = DecapsulationKey::from(*seed);
    dk.encapsulation_key().to_bytes().to_vec()
}

/// Checks that `pk` parses (length and ML-KEM-768 modulus check on its first 1184 bytes).
pub fn public_key_is_valid(pk: &[u8]) -> bool {
    EncapsulationKey::try_from(pk).is_ok()
}

/// Deterministic encapsulation from `eseed` (the draft's `EncapsulateDerand`).
///
/// # Errors
/// [`Status::InvalidKey`] if `pk` does not parse.
pub fn encapsulate(pk: &[u8], eseed: &[u8; ESEED_LEN]) -> PqResult<(Vec<u8>, SecretBytes)> {
    let ek = EncapsulationKey::try_from(pk).map_err(|_| Status::InvalidKey)?;
    let (ct, ss) = ek.encapsulate_deterministic(eseed.into());
    Ok((ct.to_vec(), SecretBytes::from_slice(ss.as_slice())))
}

/// Decapsulation; like ML-KEM it never fails on a well-sized ciphertext (implicit rejection).
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size ciphertext.
pub fn decapsulate(seed: &SecretBytes, ct: &[u8]) -> PqResult<SecretBytes> {
    let seed = seed.to_array::<SEED_LEN>()?;
    let dk = DecapsulationKey::from(*seed);
    let ct = ct.try_into().map_err(|_| Status::InvalidLength)?;
    let ss = dk.decapsulate(&ct);
    Ok(SecretBytes::from_slice(ss.as_slice()))
}
