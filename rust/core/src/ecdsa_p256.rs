//! ECDSA P-256 with SHA-256 (FIPS 186-5), verification only, over RustCrypto `p256`.
//!
//! P-256 private keys live only in TPMs and PKCS#11 tokens (`keystore::NativeKeys`): the
//! library signs with them through the device and verifies here. Signatures are the 64-byte
//! `r ‖ s` form (IEEE P1363), as WebCrypto uses.

use crate::{PqResult, Status};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};

/// Public key length: an uncompressed SEC1 point `04 ‖ x ‖ y`.
pub const PUBLIC_KEY_LEN: usize = 65;
/// Signature length: `r ‖ s`.
pub const SIGNATURE_LEN: usize = 64;

/// Checks that `pk` is an uncompressed point on the curve (not the identity).
pub fn public_key_is_valid(pk: &[u8]) -> bool {
    pk.len() == PUBLIC_KEY_LEN && pk.first() == Some(&4) && VerifyingKey::from_sec1_bytes(pk).is_ok()
}

/// Verifies `sig` over SHA-256(`msg`). High-`s` signatures are accepted, as FIPS 186-5 and
/// WebCrypto do: devices need not normalise `s`.
///
/// # Errors
/// [`Status::InvalidLength`], [`Status::InvalidKey`], [`Status::VerificationFailed`].
pub fn verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> PqResult<()> {
    if sig.len() != SIGNATURE_LEN {
        return Err(Status::InvalidLength);
    }
    if !public_key_is_valid(pk) {
        return Err(Status::InvalidKey);
    }
    let key = VerifyingKey::from_sec1_bytes(pk).map_err(|_| Status::InvalidKey)?;
    let sig = Signature::from_slice(sig).map_err(|_| Status::VerificationFailed)?;
    key.verify(msg, &sig).map_err(|_| Status::VerificationFailed)
}
