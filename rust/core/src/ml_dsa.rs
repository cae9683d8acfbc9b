//! ML-DSA-44/65/87 (FIPS 204) over `libcrux-ml-dsa`.
//!
//! Keys are generated from the 32-byte seed ξ (Algorithm 6). The signing key is held in
//! the expanded encoding (Algorithm 24) because that is what libcrux signs with and what
//! the ACVP vectors and BYOK imports carry.

use crate::algorithm::{Algorithm, HashAlgorithm};
use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use libcrux_ml_dsa::{MLDSASignature, MLDSASigningKey, MLDSAVerificationKey};
use libcrux_ml_dsa::{ml_dsa_44, ml_dsa_65, ml_dsa_87};
use subtle::ConstantTimeEq;

/// Key-generation seed ξ.
pub const SEED_LEN: usize = 32;
/// Signing randomness `rnd` (all zero = the deterministic variant, FIPS 204 §3.4).
pub const RANDOMNESS_LEN: usize = 32;
/// Longest context string (FIPS 204 §5.2).
pub const MAX_CONTEXT_LEN: usize = 255;

/// A generated key pair.
pub struct KeyPair {
    /// Expanded signing key (secret).
    pub signing_key: SecretBytes,
    /// Verification key.
    pub verification_key: Vec<u8>,
}

macro_rules! parameter_set {
    ($name:ident, $module:ident, $sk:literal, $pk:literal, $sig:literal) => {
        mod $name {
            use super::*;

            /// Runs `f` on a libcrux signing key built from `sk`, then wipes that copy.
            fn with_signing_key<T>(sk: &SecretBytes, f: impl FnOnce(&MLDSASigningKey<$sk>) -> T) -> PqResult<T> {
                let bytes = sk.to_array::<$sk>()?;
                let mut key = MLDSASigningKey::new(*bytes);
                let out = f(&key);
                zeroize::Zeroize::zeroize(key.as_mut_slice());
                Ok(out)
            }

            fn verification_key(pk: &[u8]) -> PqResult<MLDSAVerificationKey<$pk>> {
                let bytes: [u8; $pk] = pk.try_into().map_err(|_| Status::InvalidLength)?;
                Ok(MLDSAVerificationKey::new(bytes))
            }

            fn signature(sig: &[u8]) -> PqResult<MLDSASignature<$sig>> {
                let bytes: [u8; $sig] = sig.try_into().map_err(|_| Status::InvalidLength)?;
                Ok(MLDSASignature::new(bytes))
            }

            pub fn generate(seed: &[u8; SEED_LEN]) -> KeyPair {
                let mut pair = $module::generate_key_pair(*seed);
                let signing_key = SecretBytes::from_slice(pair.signing_key.as_slice());
                zeroize::Zeroize::zeroize(pair.signing_key.as_mut_slice());
                KeyPair { signing_key, verification_key: pair.verification_key.as_slice().to_vec() }
            }

            pub fn sign(sk: &SecretBytes, msg: &[u8], ctx: &[u8], rnd: &[u8; RANDOMNESS_LEN]) -> PqResult<Vec<u8>> {
                with_signing_key(sk, |key| $module::sign(key, msg, ctx, *rnd))?
                    .map(|sig| sig.as_slice().to_vec())
                    .map_err(|_| Status::SigningFailed)
            }

            pub fn sign_internal(sk: &SecretBytes, m_prime: &[u8], rnd: &[u8; RANDOMNESS_LEN]) -> PqResult<Vec<u8>> {
                with_signing_key(sk, |key| $module::sign_internal(key, m_prime, *rnd))?
                    .map(|sig| sig.as_slice().to_vec())
                    .map_err(|_| Status::SigningFailed)
            }

            pub fn verify(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> PqResult<()> {
                $module::verify(&verification_key(pk)?, msg, ctx, &signature(sig)?)
                    .map_err(|_| Status::VerificationFailed)
            }

            pub fn verify_internal(pk: &[u8], m_prime: &[u8], sig: &[u8]) -> PqResult<()> {
                $module::verify_internal(&verification_key(pk)?, m_prime, &signature(sig)?)
                    .map_err(|_| Status::VerificationFailed)
            }
        }
    };
}

parameter_set!(p44, ml_dsa_44, 2560, 1312, 2420);
parameter_set!(p65, ml_dsa_65, 4032, 1952, 3309);
parameter_set!(p87, ml_dsa_87, 4896, 2592, 4627);

macro_rules! dispatch {
    ($alg:expr, $function:ident ( $($arg:expr),* )) => {
        match $alg {
            Algorithm::MlDsa44 => p44::$function($($arg),*),
            Algorithm::MlDsa65 => p65::$function($($arg),*),
            Algorithm::MlDsa87 => p87::$function($($arg),*),
            _ => return Err(Status::UnsupportedOperation),
        }
    };
}

fn check_context(ctx: &[u8]) -> PqResult<()> {
    if ctx.len() > MAX_CONTEXT_LEN { Err(Status::ContextTooLong) } else { Ok(()) }
}

/// ML-DSA.KeyGen_internal(ξ) (FIPS 204 Algorithm 6).
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a non-ML-DSA algorithm.
pub fn generate(alg: Algorithm, seed: &[u8; SEED_LEN]) -> PqResult<KeyPair> {
    Ok(dispatch!(alg, generate(seed)))
}

/// ML-DSA.Sign (Algorithm 2, pure): `rnd` all-zero gives the deterministic variant.
///
/// # Errors
/// [`Status::ContextTooLong`], [`Status::InvalidLength`] for a malformed key.
pub fn sign(alg: Algorithm, sk: &SecretBytes, msg: &[u8], ctx: &[u8], rnd: &[u8; RANDOMNESS_LEN]) -> PqResult<Vec<u8>> {
    check_context(ctx)?;
    dispatch!(alg, sign(sk, msg, ctx, rnd))
}

/// ML-DSA.Sign_internal (Algorithm 7) over a caller-formatted `M'`.
///
/// Only for callers that do their own domain separation (ACVP, HashML-DSA below).
///
/// # Errors
/// [`Status::InvalidLength`] for a malformed key.
pub fn sign_internal(
    alg: Algorithm,
    sk: &SecretBytes,
    m_prime: &[u8],
    rnd: &[u8; RANDOMNESS_LEN],
) -> PqResult<Vec<u8>> {
    dispatch!(alg, sign_internal(sk, m_prime, rnd))
}

/// ML-DSA.Verify (Algorithm 3, pure).
///
/// # Errors
/// [`Status::VerificationFailed`]; [`Status::InvalidLength`] for wrong-size key or signature;
/// [`Status::ContextTooLong`].
pub fn verify(alg: Algorithm, pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> PqResult<()> {
    check_context(ctx)?;
    dispatch!(alg, verify(pk, msg, ctx, sig))
}

/// ML-DSA.Verify_internal (Algorithm 8).
///
/// # Errors
/// As [`verify`].
pub fn verify_internal(alg: Algorithm, pk: &[u8], m_prime: &[u8], sig: &[u8]) -> PqResult<()> {
    dispatch!(alg, verify_internal(pk, m_prime, sig))
}

/// The parts of an expanded signing key (FIPS 204 Algorithm 24, `skEncode`).
struct Shape {
    /// Rows of `A` (polynomials in `s2` and `t0`).
    k: usize,
    /// Columns of `A` (polynomials in `s1`).
    l: usize,
    /// Bound η of the `s1` and `s2` coefficients.
    eta: u32,
}

/// `ρ ‖ K ‖ tr`: 32 + 32 + 64 bytes.
const SEED_A_LEN: usize = 32;
const TR_OFFSET: usize = 64;
const TR_LEN: usize = 64;
/// `d` (FIPS 204 Table 1): `t0` coefficients take `d` = 13 bits each.
const D: u32 = 13;
/// Coefficients per polynomial.
const N: usize = 256;

fn shape(alg: Algorithm) -> PqResult<Shape> {
    match alg {
        Algorithm::MlDsa44 => Ok(Shape { k: 4, l: 4, eta: 2 }),
        Algorithm::MlDsa65 => Ok(Shape { k: 6, l: 5, eta: 4 }),
        Algorithm::MlDsa87 => Ok(Shape { k: 8, l: 7, eta: 2 }),
        _ => Err(Status::UnsupportedOperation),
    }
}

/// Coefficient `i` of a polynomial packed `bits` bits per coefficient, least significant
/// bit first (FIPS 204 Algorithm 19, `BitUnpack`, before the subtraction from `b`).
fn packed_coefficient(poly: &[u8], bits: u32, i: usize) -> u32 {
    let mut value = 0u32;
    for bit in 0..bits {
        let position = i * bits as usize + bit as usize;
        let byte = poly.get(position / 8).copied().unwrap_or(0);
        value |= u32::from((byte >> (position % 8)) & 1) << bit;
    }
    value
}

/// Checks an expanded signing key as FIPS 204 `skDecode` (Algorithm 25) decodes it, and
/// against its public key when one is given.
///
/// - every `s1` and `s2` coefficient lies in [−η, η]: packed as `η − c` in `bitlen(2η)`
///   bits, a packed value above 2η is out of range (Algorithm 25 leaves that unchecked);
/// - every `t0` coefficient lies in [−2^(d−1)+1, 2^(d−1)]: packed as `2^(d−1) − c` in `d`
///   bits, each of the 2^d packed values decodes into that range, so there is nothing to
///   refuse (only the length, checked above);
/// - with `pk`: `ρ` is the public key's and `tr = H(pk, 64)` (Algorithm 6, line 9).
///
/// `t0` and `t1 = Power2Round(A·s1 + s2)` are not recomputed: `libcrux-ml-dsa` does not
/// expose its matrix arithmetic. With `pk`, the import's pairwise-consistency check (sign,
/// then verify with `pk`) is what ties `s1`, `s2` and `t0` to `t1`.
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size `sk` or `pk`; [`Status::InvalidKey`] for an
/// out-of-range coefficient or a `ρ` / `tr` that does not match `pk`;
/// [`Status::UnsupportedOperation`] for a non-ML-DSA algorithm.
pub fn check_signing_key(alg: Algorithm, sk: &[u8], pk: Option<&[u8]>) -> PqResult<()> {
    let Shape { k, l, eta } = shape(alg)?;
    let sizes = alg.sizes();
    if sk.len() != sizes.private_key as usize || pk.is_some_and(|pk| pk.len() != sizes.public_key as usize) {
        return Err(Status::InvalidLength);
    }
    let eta_bits = 32 - (2 * eta).leading_zeros();
    let eta_poly = N * eta_bits as usize / 8;
    let t0_poly = N * D as usize / 8;
    let packed = sk.get(TR_OFFSET + TR_LEN..).ok_or(Status::InvalidLength)?;
    let (s1_s2, t0) = packed.split_at_checked((k + l) * eta_poly).ok_or(Status::InvalidLength)?;
    if t0.len() != k * t0_poly {
        return Err(Status::InvalidLength);
    }
    // Every coefficient is read (no early exit): the time taken does not depend on which is bad.
    let mut valid = true;
    for poly in s1_s2.chunks_exact(eta_poly) {
        for i in 0..N {
            valid &= packed_coefficient(poly, eta_bits, i) <= 2 * eta;
        }
    }
    // t0: each d-bit value v decodes to 2^(d−1) − v ∈ [−2^(d−1)+1, 2^(d−1)]; none is out of range.
    if let Some(pk) = pk {
        let part = |bytes: &[u8], range: std::ops::Range<usize>| bytes.get(range).map(<[u8]>::to_vec);
        let (Some(sk_rho), Some(pk_rho), Some(sk_tr)) =
            (part(sk, 0..SEED_A_LEN), part(pk, 0..SEED_A_LEN), part(sk, TR_OFFSET..TR_OFFSET + TR_LEN))
        else {
            return Err(Status::InvalidLength);
        };
        let rho_matches = bool::from(sk_rho.ct_eq(&pk_rho));
        let tr = crate::digest::digest(HashAlgorithm::Shake256, pk);
        let tr_matches = bool::from(sk_tr.ct_eq(&tr));
        valid &= rho_matches & tr_matches;
    }
    if valid { Ok(()) } else { Err(Status::InvalidKey) }
}

/// HashML-DSA's `M' = 1 || |ctx| || ctx || OID(PH) || PH(M)` (FIPS 204 Algorithm 4, line 23).
///
/// # Errors
/// [`Status::ContextTooLong`]; [`Status::InvalidLength`] if `digest` is not `PH`'s output size.
pub fn prehash_message(hash: HashAlgorithm, digest: &[u8], ctx: &[u8]) -> PqResult<Vec<u8>> {
    check_context(ctx)?;
    if digest.len() != hash.output_len() {
        return Err(Status::InvalidLength);
    }
    let ctx_len = u8::try_from(ctx.len()).map_err(|_| Status::ContextTooLong)?;
    let mut m_prime = Vec::with_capacity(2 + ctx.len() + 11 + digest.len());
    m_prime.extend_from_slice(&[1, ctx_len]);
    m_prime.extend_from_slice(ctx);
    m_prime.extend_from_slice(&hash.oid_der());
    m_prime.extend_from_slice(digest);
    Ok(m_prime)
}
