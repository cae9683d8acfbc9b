//! Ed25519 (RFC 8032, pure EdDSA) over `ed25519-dalek`.

use crate::{PqResult, Status};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Private key (seed) length.
pub const SEED_LEN: usize = 32;

/// The signing key for a private seed and its encoded public key, built once per handle
/// (`key::Prepared`): `SigningKey::from_bytes` costs a base-point multiplication.
pub fn signing_key(seed: &[u8; SEED_LEN]) -> (SigningKey, Vec<u8>) {
    let key = SigningKey::from_bytes(seed);
    let public = key.verifying_key().to_bytes().to_vec();
    (key, public)
}

/// Checks that `pk` is a usable public key: a decompressible point, in its canonical encoding
/// (re-encoding gives the same 32 bytes: `y < p`, and no sign bit on an `x` of 0), and not of
/// small order (the identity and the other seven torsion points, which `verify_strict`
/// refuses anyway: a key that can never verify is refused at import, not at first use).
pub fn public_key_is_valid(pk: &[u8]) -> bool {
    let Ok(bytes) = <[u8; 32]>::try_from(pk) else { return false };
    VerifyingKey::from_bytes(&bytes).is_ok_and(|key| key.to_edwards().compress().to_bytes() == bytes && !key.is_weak())
}

/// Signs `msg` (deterministic by construction) with a signing key built once per handle
/// (`key::Prepared`): `SigningKey::from_bytes` costs a base-point multiplication for the
/// public point, which signing needs.
pub fn sign(key: &SigningKey, msg: &[u8]) -> Vec<u8> {
    key.sign(msg).to_bytes().to_vec()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `y` as 32 little-endian bytes with the sign bit of `x` in the top bit.
    fn encoding(y_low: u8, rest: u8, top: u8) -> [u8; 32] {
        let mut out = [rest; 32];
        out[0] = y_low;
        out[31] = top;
        out
    }

    #[test]
    fn small_order_and_non_canonical_keys_are_refused() {
        // The identity (y = 1), and (0, -1) of order 2 (y = p - 1).
        let identity = encoding(1, 0, 0);
        let order_two = encoding(0xec, 0xff, 0x7f);
        // y = p + 1: decompresses to the identity, but is not canonical.
        let non_canonical_identity = encoding(0xee, 0xff, 0x7f);
        // y = 1 with the sign bit set: x = 0 cannot be negative.
        let negative_zero = encoding(1, 0, 0x80);
        for weak in [identity, order_two, non_canonical_identity, negative_zero] {
            assert!(!public_key_is_valid(&weak), "{weak:02x?}");
        }
        // An order-4 point (y = 0).
        assert!(!public_key_is_valid(&[0u8; 32]));
        assert!(public_key_is_valid(&signing_key(&[7u8; SEED_LEN]).1));
        assert!(!public_key_is_valid(&[1u8; 31]));
    }
}
