//! Password-based key derivation: Argon2id (RFC 9106, version 0x13) with explicit costs.
//!
//! The bounds below only keep a call sane (memory the argon2 crate accepts, work a single
//! call may demand); callers choose real costs. The gateway enforces stronger minimums,
//! and RFC 9106 §4 recommends at least 64 MiB with 3 passes when memory is constrained.

use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use core::ops::RangeInclusive;

/// Salt length in bytes (RFC 9106 §3.1 recommends 16).
pub const SALT_LEN: RangeInclusive<usize> = 16..=64;
/// Largest memory cost: 4 GiB, in KiB. The smallest is 8 KiB per lane (RFC 9106 §3.1).
pub const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
/// Number of passes.
pub const ITERATIONS: RangeInclusive<u32> = 1..=16;
/// Degree of parallelism (lanes).
pub const PARALLELISM: RangeInclusive<u32> = 1..=16;
/// Output length in bytes.
pub const OUTPUT_LEN: RangeInclusive<usize> = 16..=64;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2idParams {
    /// Memory in KiB, `8 · parallelism ..= 4 GiB`.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Argon2idParams {
    fn check(&self) -> PqResult<()> {
        let memory_ok = self.memory_kib >= 8 * self.parallelism && self.memory_kib <= MAX_MEMORY_KIB;
        if memory_ok && ITERATIONS.contains(&self.iterations) && PARALLELISM.contains(&self.parallelism) {
            Ok(())
        } else {
            Err(Status::InvalidArgument)
        }
    }
}

/// Argon2id(password, salt) into `len` bytes (no secret key, no associated data).
///
/// # Errors
/// [`Status::InvalidArgument`] for a salt, cost or length outside the bounds above;
/// [`Status::Internal`] if the argon2 crate refuses (e.g. it cannot allocate the memory).
pub fn derive(password: &[u8], salt: &[u8], params: Argon2idParams, len: usize) -> PqResult<SecretBytes> {
    params.check()?;
    if !SALT_LEN.contains(&salt.len()) || !OUTPUT_LEN.contains(&len) {
        return Err(Status::InvalidArgument);
    }
    let costs = argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(len))
        .map_err(|_| Status::InvalidArgument)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, costs);
    let mut out = SecretBytes::new(vec![0u8; len]);
    argon.hash_password_into(password, salt, out.expose_mut()).map_err(|_| Status::Internal)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: Argon2idParams = Argon2idParams { memory_kib: 64, iterations: 1, parallelism: 2 };

    #[test]
    fn same_inputs_same_key_and_every_input_matters() {
        let salt = [7u8; 16];
        let key = derive(b"pw", &salt, OK, 32).map(|k| k.expose().to_vec());
        assert_eq!(key, derive(b"pw", &salt, OK, 32).map(|k| k.expose().to_vec()));
        assert_ne!(key, derive(b"pW", &salt, OK, 32).map(|k| k.expose().to_vec()));
        assert_ne!(key, derive(b"pw", &[8u8; 16], OK, 32).map(|k| k.expose().to_vec()));
        let more = Argon2idParams { iterations: 2, ..OK };
        assert_ne!(key, derive(b"pw", &salt, more, 32).map(|k| k.expose().to_vec()));
    }

    #[test]
    fn bounds_are_enforced() {
        let bad = |salt: usize, params: Argon2idParams, len: usize| {
            derive(b"pw", &vec![1u8; salt], params, len).err() == Some(Status::InvalidArgument)
        };
        assert!(bad(15, OK, 32) && bad(65, OK, 32) && bad(16, OK, 15) && bad(16, OK, 65));
        assert!(bad(16, Argon2idParams { memory_kib: 15, ..OK }, 32)); // < 8 KiB per lane
        assert!(bad(16, Argon2idParams { memory_kib: MAX_MEMORY_KIB + 1, ..OK }, 32));
        assert!(bad(16, Argon2idParams { iterations: 0, ..OK }, 32));
        assert!(bad(16, Argon2idParams { iterations: 17, ..OK }, 32));
        assert!(bad(16, Argon2idParams { parallelism: 0, ..OK }, 32));
        assert!(bad(16, Argon2idParams { parallelism: 17, memory_kib: 1024, ..OK }, 32));
        assert!(derive(b"", &[1u8; 64], Argon2idParams { memory_kib: 16, ..OK }, 64).is_ok());
    }
}
