//! What a wrapped key is bound to: key id, version, algorithm and owner.
//!
//! The encoding is the associated data of the envelope's AEAD, so an envelope copied to
//! another key, version, algorithm or owner fails to open. It is length-prefixed and
//! domain-separated, so no two different bindings encode to the same bytes.

use crate::algorithm::Algorithm;
use crate::{PqResult, Status};

/// Longest key id or owner accepted, in bytes.
pub const MAX_FIELD_LEN: usize = 256;

const DOMAIN: &[u8] = b"pqgate/key-binding/v1";

/// The identity a wrapped private key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyBinding<'a> {
    /// The key's id as the caller stores it (1 to [`MAX_FIELD_LEN`] bytes).
    pub key_id: &'a [u8],
    /// The key version (rotation counter).
    pub version: u32,
    /// The key's algorithm.
    pub algorithm: Algorithm,
    /// The owner (tenant, account); may be empty, at most [`MAX_FIELD_LEN`] bytes.
    pub owner: &'a [u8],
}

impl<'a> KeyBinding<'a> {
    /// A checked binding.
    ///
    /// # Errors
    /// [`Status::InvalidArgument`] for an empty or over-long key id, or an over-long owner.
    pub fn new(key_id: &'a [u8], version: u32, algorithm: Algorithm, owner: &'a [u8]) -> PqResult<Self> {
        if key_id.is_empty() || key_id.len() > MAX_FIELD_LEN || owner.len() > MAX_FIELD_LEN {
            return Err(Status::InvalidArgument);
        }
        Ok(Self { key_id, version, algorithm, owner })
    }

    /// The canonical encoding: `domain ‖ len(id) ‖ id ‖ version ‖ algorithm ‖ len(owner) ‖ owner`
    /// with big-endian `u32` lengths and numbers.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(DOMAIN.len() + 16 + self.key_id.len() + self.owner.len());
        out.extend_from_slice(DOMAIN);
        push_field(&mut out, self.key_id);
        out.extend_from_slice(&self.version.to_be_bytes());
        out.extend_from_slice(&(self.algorithm as u32).to_be_bytes());
        push_field(&mut out, self.owner);
        out
    }
}

fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    // Lengths were checked in `new` (≤ MAX_FIELD_LEN), so the conversion cannot saturate.
    out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(field);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let a = KeyBinding::new(b"ab", 1, Algorithm::MlKem768, b"c").map(|b| b.encode());
        let b = KeyBinding::new(b"a", 1, Algorithm::MlKem768, b"bc").map(|b| b.encode());
        assert!(a.is_ok());
        assert_ne!(a, b);
    }

    #[test]
    fn limits_are_enforced() {
        assert_eq!(KeyBinding::new(b"", 1, Algorithm::MlKem768, b"").err(), Some(Status::InvalidArgument));
        let long = [0u8; MAX_FIELD_LEN + 1];
        assert_eq!(KeyBinding::new(&long, 1, Algorithm::MlKem768, b"").err(), Some(Status::InvalidArgument));
        assert_eq!(KeyBinding::new(b"k", 1, Algorithm::MlKem768, &long).err(), Some(Status::InvalidArgument));
    }
}
