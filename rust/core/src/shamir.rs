//! t-of-n Shamir secret sharing over GF(2^8), byte by byte (Shamir 1979), with a checksum
//! so that combining detects a corrupted share instead of returning a wrong secret.
//!
//! Share format v1 (fixed length `secret_len + 35` for a given secret):
//! `version 0x01 ‖ set id (16 random bytes) ‖ threshold t ‖ index x (1..=255) ‖ y`,
//! where `y` (`secret_len + 16` bytes) are the evaluations at `x` of one random polynomial
//! of degree `t - 1` per byte of `secret ‖ checksum`, and
//! `checksum = SHA-256("pqgate/shamir/v1" ‖ set id ‖ t ‖ secret)[..16]`.
//! Any `t` shares of a set recover the secret; fewer reveal nothing about it.
//!
//! Combining uses the first `t` shares given (others are only checked for consistency), so
//! a corrupted share beyond the first `t` goes unnoticed: pass exactly the shares you trust.

use crate::gf256;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, rng};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Share format version.
pub const VERSION: u8 = 1;
/// Length of the random id every share of one split carries.
pub const SET_ID_LEN: usize = 16;
/// Length of the checksum appended to the secret before splitting.
pub const CHECKSUM_LEN: usize = 16;
/// Bytes before `y`: version, set id, threshold, index.
const HEADER_LEN: usize = 1 + SET_ID_LEN + 1 + 1;
/// Bytes a share adds to the secret's length (35).
pub const SHARE_OVERHEAD: usize = HEADER_LEN + CHECKSUM_LEN;
/// Largest secret that can be split.
pub const MAX_SECRET_LEN: usize = 1024;
/// Smallest threshold: with `t = 1` every share would be the secret itself.
pub const MIN_THRESHOLD: u32 = 2;
/// Largest share count: indices are the non-zero elements of GF(2^8).
pub const MAX_SHARES: u32 = 255;
const CHECKSUM_DOMAIN: &[u8] = b"pqgate/shamir/v1";

/// Length of each share of a `secret_len`-byte secret.
pub const fn share_len(secret_len: usize) -> usize {
    secret_len + SHARE_OVERHEAD
}

fn checksum(set_id: &[u8], threshold: u8, secret: &[u8]) -> [u8; CHECKSUM_LEN] {
    let digest = Sha256::new()
        .chain_update(CHECKSUM_DOMAIN)
        .chain_update(set_id)
        .chain_update([threshold])
        .chain_update(secret)
        .finalize();
    let mut out = [0u8; CHECKSUM_LEN];
    out.copy_from_slice(digest.get(..CHECKSUM_LEN).unwrap_or(&[0; CHECKSUM_LEN]));
    out
}

/// Checks the arguments of [`split`] (so a caller can size its buffer only for a split that
/// will run).
///
/// # Errors
/// As [`split`], except randomness.
pub fn check_split(secret_len: usize, threshold: u32, count: u32) -> PqResult<()> {
    if secret_len == 0 || secret_len > MAX_SECRET_LEN {
        return Err(Status::InvalidLength);
    }
    if threshold < MIN_THRESHOLD || threshold > count || count > MAX_SHARES {
        return Err(Status::InvalidArgument);
    }
    Ok(())
}

/// Splits `secret` into `count` shares, any `threshold` of which recover it.
///
/// # Errors
/// [`Status::InvalidLength`] for a secret outside `1..=1024` bytes;
/// [`Status::InvalidArgument`] unless `2 ≤ threshold ≤ count ≤ 255`;
/// [`Status::RandomnessUnavailable`].
pub fn split(secret: &[u8], threshold: u32, count: u32) -> PqResult<Vec<SecretBytes>> {
    check_split(secret.len(), threshold, count)?;
    let t = u8::try_from(threshold).map_err(|_| Status::InvalidArgument)?;
    let n = u8::try_from(count).map_err(|_| Status::InvalidArgument)?;
    let set_id = rng::array::<SET_ID_LEN>()?;
    let width = secret.len() + CHECKSUM_LEN;
    let mut payload = SecretBytes::new(vec![0u8; width]);
    let (head, tail) = payload.expose_mut().split_at_mut(secret.len());
    head.copy_from_slice(secret);
    tail.copy_from_slice(&checksum(set_id.as_slice(), t, secret));
    // Coefficients 1..t-1 of every byte's polynomial, one row of `width` bytes per degree:
    // uniform, zero included (rejecting a zero leading coefficient would bias the shares).
    let mut coefficients = SecretBytes::new(vec![0u8; width * usize::from(t - 1)]);
    rng::fill(coefficients.expose_mut())?;
    let mut shares = Vec::with_capacity(usize::from(n));
    for x in 1..=n {
        // Exact capacity: the vector never reallocates, so no unwiped copy is left behind.
        let mut share = Vec::with_capacity(HEADER_LEN + width);
        share.push(VERSION);
        share.extend_from_slice(set_id.as_slice());
        share.extend_from_slice(&[t, x]);
        for (j, constant) in payload.expose().iter().enumerate() {
            share.push(evaluate(*constant, coefficients.expose(), width, j, x));
        }
        shares.push(SecretBytes::new(share));
    }
    Ok(shares)
}

/// Horner's rule for `constant + c_1·x + … + c_{t-1}·x^{t-1}`, reading byte `j` of each row.
fn evaluate(constant: u8, coefficients: &[u8], width: usize, j: usize, x: u8) -> u8 {
    let mut y = 0u8;
    for row in coefficients.chunks_exact(width).rev() {
        y = gf256::add(gf256::mul(y, x), row.get(j).copied().unwrap_or(0));
    }
    gf256::add(gf256::mul(y, x), constant)
}

/// A parsed share (borrowing its bytes).
struct Share<'a> {
    set_id: &'a [u8],
    threshold: u8,
    x: u8,
    y: &'a [u8],
}

fn parse(bytes: &[u8]) -> PqResult<Share<'_>> {
    let (header, y) = bytes.split_at_checked(HEADER_LEN).ok_or(Status::ShareMalformed)?;
    let [version, rest @ ..] = header else { return Err(Status::ShareMalformed) };
    let (set_id, tail) = rest.split_at_checked(SET_ID_LEN).ok_or(Status::ShareMalformed)?;
    let &[threshold, x] = tail else { return Err(Status::ShareMalformed) };
    let y_len_ok = y.len() > CHECKSUM_LEN && y.len() <= MAX_SECRET_LEN + CHECKSUM_LEN;
    if *version != VERSION || u32::from(threshold) < MIN_THRESHOLD || x == 0 || !y_len_ok {
        return Err(Status::ShareMalformed);
    }
    Ok(Share { set_id, threshold, x, y })
}

/// Recovers the secret from shares of one split, using the first `threshold` of them.
///
/// # Errors
/// [`Status::ShareMalformed`] if any share does not parse; [`Status::SharesInconsistent`]
/// if they differ in set id, threshold or length, or repeat an index;
/// [`Status::SharesInsufficient`] for fewer than the threshold (or none);
/// [`Status::ShareCorrupt`] if the recovered checksum does not match.
pub fn combine(shares: &[&[u8]]) -> PqResult<SecretBytes> {
    let parsed = shares.iter().map(|s| parse(s)).collect::<PqResult<Vec<_>>>()?;
    let first = parsed.first().ok_or(Status::SharesInsufficient)?;
    for (i, share) in parsed.iter().enumerate() {
        let same_split =
            share.set_id == first.set_id && share.threshold == first.threshold && share.y.len() == first.y.len();
        let repeated = parsed.iter().take(i).any(|earlier| earlier.x == share.x);
        if !same_split || repeated {
            return Err(Status::SharesInconsistent);
        }
    }
    let used = parsed.get(..usize::from(first.threshold)).ok_or(Status::SharesInsufficient)?;
    let payload = interpolate_at_zero(used);
    let (secret, sum) = payload.expose().split_at(first.y.len() - CHECKSUM_LEN);
    if !bool::from(sum.ct_eq(&checksum(first.set_id, first.threshold, secret))) {
        return Err(Status::ShareCorrupt);
    }
    Ok(SecretBytes::from_slice(secret))
}

/// Lagrange interpolation at 0: `f(0) = Σ y_i · Π_{m≠i} x_m / (x_m − x_i)`. The basis
/// weights depend only on the (public) indices; the sum runs in constant time over `y`.
fn interpolate_at_zero(shares: &[Share<'_>]) -> SecretBytes {
    let weights: Vec<u8> = shares
        .iter()
        .map(|share| {
            shares
                .iter()
                .filter(|other| other.x != share.x)
                .fold(1u8, |w, other| gf256::mul(w, gf256::div(other.x, gf256::add(other.x, share.x))))
        })
        .collect();
    let width = shares.first().map_or(0, |s| s.y.len());
    let mut out = SecretBytes::new(vec![0u8; width]);
    for (share, weight) in shares.iter().zip(&weights) {
        for (acc, y) in out.expose_mut().iter_mut().zip(share.y) {
            *acc = gf256::add(*acc, gf256::mul(*y, *weight));
        }
    }
    out
}
