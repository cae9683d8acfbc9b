//! Signature operations: ML-DSA (pure, HashML-DSA, internal), Ed25519, and ECDSA P-256
//! verification (its private keys live in devices).

use crate::algorithm::{Algorithm, Family, HashAlgorithm};
use crate::key::{Prepared, PrivateKey};
use crate::{PqResult, Status, ecdsa_p256, ed25519, ml_dsa, ml_dsa_mu, rng};

fn require_ml_dsa(algorithm: Algorithm) -> PqResult<()> {
    match algorithm {
        Algorithm::MlDsa44 | Algorithm::MlDsa65 | Algorithm::MlDsa87 => Ok(()),
        _ => Err(Status::UnsupportedOperation),
    }
}

/// `None` draws fresh `rnd` (hedged signing, the FIPS 204 default); `Some` must be 32 bytes
/// (all zero selects the deterministic variant).
fn ml_dsa_randomness(rnd: Option<&[u8]>) -> PqResult<zeroize::Zeroizing<[u8; ml_dsa::RANDOMNESS_LEN]>> {
    match rnd {
        None => rng::array(),
        Some(bytes) => {
            let array: [u8; ml_dsa::RANDOMNESS_LEN] = bytes.try_into().map_err(|_| Status::InvalidLength)?;
            Ok(zeroize::Zeroizing::new(array))
        }
    }
}

/// Signs `msg` with context `ctx`.
///
/// Ed25519 is pure RFC 8032: it takes no context and no randomness.
///
/// # Errors
/// [`Status::UnsupportedOperation`] for non-signature keys; [`Status::ContextTooLong`];
/// [`Status::InvalidArgument`] for a context or randomness given to Ed25519;
/// [`Status::InvalidLength`] for randomness that is not 32 bytes.
pub fn sign(key: &PrivateKey, msg: &[u8], ctx: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    match key.algorithm {
        Algorithm::Ed25519 if ctx.is_empty() && rnd.is_none() => match key.prepared() {
            // Every Ed25519 `PrivateKey` carries its signing key (see `key::Prepared`).
            Some(Prepared::Ed25519(signing_key)) => Ok(ed25519::sign(signing_key, msg)),
            _ => Err(Status::Internal),
        },
        Algorithm::Ed25519 => Err(Status::InvalidArgument),
        alg => {
            require_ml_dsa(alg)?;
            ml_dsa::sign(alg, &key.secret, msg, ctx, &*ml_dsa_randomness(rnd)?)
        }
    }
}

/// HashML-DSA.Sign (FIPS 204 Algorithm 4) over a digest the caller computed with `hash`.
///
/// # Errors
/// As [`sign`]; [`Status::InvalidLength`] if `digest` does not match `hash`.
pub fn sign_prehashed(
    key: &PrivateKey,
    hash: HashAlgorithm,
    digest: &[u8],
    ctx: &[u8],
    rnd: Option<&[u8]>,
) -> PqResult<Vec<u8>> {
    require_ml_dsa(key.algorithm)?;
    let m_prime = ml_dsa::prehash_message(hash, digest, ctx)?;
    ml_dsa::sign_internal(key.algorithm, &key.secret, &m_prime, &*ml_dsa_randomness(rnd)?)
}

/// ML-DSA.Sign_internal (FIPS 204 Algorithm 7) over a caller-formatted `M'`.
///
/// # Errors
/// As [`sign`].
pub fn sign_internal(key: &PrivateKey, m_prime: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    require_ml_dsa(key.algorithm)?;
    ml_dsa::sign_internal(key.algorithm, &key.secret, m_prime, &*ml_dsa_randomness(rnd)?)
}

/// ML-DSA signing given an external μ (see [`ml_dsa_mu`]).
///
/// # Errors
/// As [`sign`]; [`Status::InvalidLength`] for a μ that is not 64 bytes.
pub fn sign_mu(key: &PrivateKey, mu: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    require_ml_dsa(key.algorithm)?;
    ml_dsa_mu::sign(key.algorithm, &key.secret, mu, &*ml_dsa_randomness(rnd)?)
}

fn check_signature(algorithm: Algorithm, sig: &[u8]) -> PqResult<()> {
    if algorithm.family() != Family::Signature {
        return Err(Status::UnsupportedOperation);
    }
    if sig.len() != algorithm.sizes().signature as usize {
        return Err(Status::InvalidLength);
    }
    Ok(())
}

/// Verifies a pure signature.
///
/// # Errors
/// [`Status::VerificationFailed`]; [`Status::InvalidLength`] for a wrong-size signature;
/// [`Status::InvalidArgument`] for a context given to Ed25519; [`Status::ContextTooLong`].
pub fn verify(algorithm: Algorithm, public: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> PqResult<()> {
    check_signature(algorithm, sig)?;
    match algorithm {
        Algorithm::Ed25519 if ctx.is_empty() => ed25519::verify(public, msg, sig),
        Algorithm::EcdsaP256 if ctx.is_empty() => ecdsa_p256::verify(public, msg, sig),
        Algorithm::Ed25519 | Algorithm::EcdsaP256 => Err(Status::InvalidArgument),
        alg => ml_dsa::verify(alg, public, msg, ctx, sig),
    }
}

/// HashML-DSA.Verify (FIPS 204 Algorithm 5).
///
/// # Errors
/// As [`verify`].
pub fn verify_prehashed(
    algorithm: Algorithm,
    public: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    ctx: &[u8],
    sig: &[u8],
) -> PqResult<()> {
    check_signature(algorithm, sig)?;
    require_ml_dsa(algorithm)?;
    ml_dsa::verify_internal(algorithm, public, &ml_dsa::prehash_message(hash, digest, ctx)?, sig)
}

/// ML-DSA.Verify_internal (FIPS 204 Algorithm 8).
///
/// # Errors
/// As [`verify`].
pub fn verify_internal(algorithm: Algorithm, public: &[u8], m_prime: &[u8], sig: &[u8]) -> PqResult<()> {
    check_signature(algorithm, sig)?;
    require_ml_dsa(algorithm)?;
    ml_dsa::verify_internal(algorithm, public, m_prime, sig)
}

/// ML-DSA verification given an external μ (see [`ml_dsa_mu`]).
///
/// # Errors
/// As [`verify`]; [`Status::InvalidLength`] for a μ that is not 64 bytes.
pub fn verify_mu(algorithm: Algorithm, public: &[u8], mu: &[u8], sig: &[u8]) -> PqResult<()> {
    check_signature(algorithm, sig)?;
    require_ml_dsa(algorithm)?;
    ml_dsa_mu::verify(algorithm, public, mu, sig)
}
