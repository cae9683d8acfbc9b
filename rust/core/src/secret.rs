//! Containers for secret bytes: zeroized on drop, never printed.

use core::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Heap bytes that hold secret material (private keys, seeds, shared secrets).
///
/// Zeroized on drop; `Debug` prints `[redacted]`; deliberately not `Clone`
/// except through [`SecretBytes::duplicate`], so copies are visible in review.
#[derive(Zeroize, ZeroizeOnDrop, Default)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Takes ownership of `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// Copies `bytes` into a new secret container.
    pub fn from_slice(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// Copies a fixed-size array and zeroizes the source.
    pub fn take_array<const N: usize>(mut array: [u8; N]) -> Self {
        let out = Self(array.to_vec());
        array.zeroize();
        out
    }

    /// The secret bytes; keep the borrow short.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Mutable access for filling the container in place.
    pub fn expose_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }

    /// Length in bytes (not secret).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the container is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An explicit copy (each copy zeroizes itself on drop).
    pub fn duplicate(&self) -> Self {
        Self(self.0.clone())
    }

    /// A stack copy as a fixed-size array, zeroized when dropped.
    ///
    /// # Errors
    /// [`crate::Status::InvalidLength`] if the length is not `N`.
    pub fn to_array<const N: usize>(&self) -> crate::PqResult<Zeroizing<[u8; N]>> {
        let array: [u8; N] = self.0.as_slice().try_into().map_err(|_| crate::Status::InvalidLength)?;
        Ok(Zeroizing::new(array))
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_bytes() {
        let secret = SecretBytes::from_slice(b"hunter2");
        assert_eq!(format!("{secret:?}"), "[redacted]");
    }

    #[test]
    fn to_array_checks_the_length() {
        let secret = SecretBytes::from_slice(&[7u8; 4]);
        assert!(secret.to_array::<4>().is_ok());
        assert_eq!(secret.to_array::<5>().err(), Some(crate::Status::InvalidLength));
    }
}
