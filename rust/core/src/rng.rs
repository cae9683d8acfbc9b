//! Randomness from the operating system (getrandom(2) on Linux).

use crate::{PqResult, Status};
use zeroize::Zeroizing;

/// Fills `out` with OS randomness.
///
/// # Errors
/// [`Status::RandomnessUnavailable`] if the OS generator fails.
pub fn fill(out: &mut [u8]) -> PqResult<()> {
    getrandom::fill(out).map_err(|_| Status::RandomnessUnavailable)
}

/// A fresh random array that is zeroized on drop (seeds, nonces, signing randomness).
///
/// # Errors
/// [`Status::RandomnessUnavailable`] if the OS generator fails.
pub fn array<const N: usize>() -> PqResult<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    fill(out.as_mut_slice())?;
    Ok(out)
}
