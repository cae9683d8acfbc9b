//! [`Keystore`]: a backend's root keys plus the envelope operations and root rotation.
//!
//! The current root is always the newest one the device lists, read afresh on every wrap
//! (wraps are rare: key creation and rotation), so replicas sharing one device never wrap
//! under a root another replica has retired. Unwrap names its root in the envelope.

use super::binding::KeyBinding;
use super::envelope::{self, Envelope};
use super::fleet::FleetKeystore;
use super::{Backend, NativeKey, NativeKeys, Protection, RootId, RootInfo, RootKeys};
use crate::algorithm::Algorithm;
use crate::key::PrivateKey;
use crate::{PqResult, Status, signature};
use std::sync::{Mutex, PoisonError};

/// An open keystore.
pub struct Keystore {
    roots: Box<dyn RootKeys>,
    // Serialises root creation in this process, so two first wraps create one root, not two.
    rotation: Mutex<()>,
}

impl std::fmt::Debug for Keystore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keystore").field("backend", &self.roots.backend()).finish_non_exhaustive()
    }
}

impl Keystore {
    /// Wraps an opened backend.
    pub fn new(roots: Box<dyn RootKeys>) -> Self {
        Self { roots, rotation: Mutex::new(()) }
    }

    /// The backend kind.
    pub fn backend(&self) -> Backend {
        self.roots.backend()
    }

    /// The protection level of keys wrapped here.
    pub fn protection(&self) -> Protection {
        self.backend().protection()
    }

    /// Every root, oldest first (ties, from concurrent rotations elsewhere, by id).
    ///
    /// # Errors
    /// Device errors.
    pub fn roots(&self) -> PqResult<Vec<RootInfo>> {
        let mut roots = self.roots.roots()?;
        roots.sort_by_key(|r| (r.sequence, r.id));
        Ok(roots)
    }

    /// The newest root; the first call on an empty keystore creates root 1.
    ///
    /// # Errors
    /// Device errors.
    pub fn current_root(&self) -> PqResult<RootInfo> {
        if let Some(root) = self.roots()?.pop() {
            return Ok(root);
        }
        let _guard = self.rotation.lock().unwrap_or_else(PoisonError::into_inner);
        match self.roots()?.pop() {
            Some(root) => Ok(root),
            None => self.roots.create_root(1),
        }
    }

    /// Creates a root newer than every existing one; it becomes current. Then
    /// [`Keystore::rewrap`] every envelope and [`Keystore::retire_root`] the older roots.
    ///
    /// # Errors
    /// Device errors.
    pub fn rotate_root(&self) -> PqResult<RootInfo> {
        let _guard = self.rotation.lock().unwrap_or_else(PoisonError::into_inner);
        let newest = self.roots()?.pop().map_or(0, |r| r.sequence);
        self.roots.create_root(newest.checked_add(1).ok_or(Status::KeystoreDeviceError)?)
    }

    /// Destroys a root that is not current. Envelopes still sealed by it become unreadable:
    /// the caller re-wraps them first.
    ///
    /// # Errors
    /// [`Status::RootKeyInUse`] for the current root; [`Status::RootKeyNotFound`]; device errors.
    pub fn retire_root(&self, id: &RootId) -> PqResult<()> {
        let _guard = self.rotation.lock().unwrap_or_else(PoisonError::into_inner);
        let roots = self.roots()?;
        if roots.last().is_some_and(|current| current.id == *id) {
            return Err(Status::RootKeyInUse);
        }
        if !roots.iter().any(|r| r.id == *id) {
            return Err(Status::RootKeyNotFound);
        }
        self.roots.destroy_root(id)
    }

    /// Wraps a private key under the current root.
    ///
    /// # Errors
    /// See [`envelope::wrap`].
    pub fn wrap(&self, key: &PrivateKey, binding: &KeyBinding<'_>) -> PqResult<Vec<u8>> {
        let root = self.current_root()?;
        envelope::wrap(self.roots.as_ref(), &root.id, key, binding)
    }

    /// Opens an envelope.
    ///
    /// # Errors
    /// See [`envelope::unwrap`]; [`Status::KeystoreUnavailable`] when the device lists no
    /// root at all.
    pub fn unwrap(&self, bytes: &[u8], binding: &KeyBinding<'_>) -> PqResult<PrivateKey> {
        match envelope::unwrap(self.roots.as_ref(), bytes, binding) {
            // A device that holds no root at all is not the one our envelopes were sealed
            // in: a removed or reset token, a different TPM. That is an outage to report and
            // retry (it recovers when the device is back), not a retired root.
            Err(Status::RootKeyNotFound) if self.roots.roots()?.is_empty() => Err(Status::KeystoreUnavailable),
            other => other,
        }
    }

    /// The envelope re-wrapped under the current root, or unchanged if it already is.
    /// Idempotent, so an interrupted root rotation is finished by running it again.
    ///
    /// # Errors
    /// As [`Keystore::unwrap`] and [`Keystore::wrap`].
    pub fn rewrap(&self, bytes: &[u8], binding: &KeyBinding<'_>) -> PqResult<Vec<u8>> {
        let current = self.current_root()?;
        let key = self.unwrap(bytes, binding)?; // authenticates, also when nothing changes
        if Envelope::parse(bytes)?.root_id == current.id {
            return Ok(bytes.to_vec());
        }
        envelope::wrap(self.roots.as_ref(), &current.id, &key, binding)
    }

    /// The device's native keys.
    fn native(&self) -> PqResult<&dyn NativeKeys> {
        self.roots.native_keys().ok_or(Status::UnsupportedOperation)
    }

    /// Generates a key pair inside the device and checks it signs for its public key
    /// (the pairwise-consistency check every generated key gets).
    ///
    /// # Errors
    /// [`Status::UnsupportedOperation`] for a software keystore or an algorithm the device
    /// cannot hold; [`Status::PairwiseConsistencyFailed`]; device errors.
    pub fn native_generate(&self, algorithm: Algorithm) -> PqResult<NativeKey> {
        let native = self.native()?;
        if !native.native_algorithms().contains(&algorithm) {
            return Err(Status::UnsupportedOperation);
        }
        let key = native.native_generate(algorithm)?;
        let message = b"pqgate pairwise consistency";
        let consistent = native
            .native_sign(algorithm, &key.reference, message)
            .and_then(|sig| signature::verify(algorithm, &key.public, message, &[], &sig));
        if let Err(status) = consistent {
            // A key that does not sign for its public key must not be used; best effort.
            let _ = native.native_destroy(algorithm, &key.reference);
            // The device went away between generating and signing: an outage, not a bad key.
            let unavailable = status == Status::KeystoreUnavailable;
            return Err(if unavailable { status } else { Status::PairwiseConsistencyFailed });
        }
        Ok(key)
    }

    /// The public key of a stored native key (proving the device still holds it).
    ///
    /// # Errors
    /// [`Status::UnsupportedOperation`]; [`Status::InvalidKey`]; device errors.
    pub fn native_public(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<Vec<u8>> {
        self.native()?.native_public(algorithm, reference)
    }

    /// Signs inside the device.
    ///
    /// # Errors
    /// As [`Keystore::native_public`]; [`Status::SigningFailed`].
    pub fn native_sign(&self, algorithm: Algorithm, reference: &[u8], message: &[u8]) -> PqResult<Vec<u8>> {
        self.native()?.native_sign(algorithm, reference, message)
    }

    /// Destroys a native key in the device.
    ///
    /// # Errors
    /// As [`Keystore::native_public`].
    pub fn native_destroy(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<()> {
        self.native()?.native_destroy(algorithm, reference)
    }

    /// The fleet operations of a `tpm-fleet` keystore (docs/FLEET.md).
    ///
    /// # Errors
    /// [`Status::UnsupportedOperation`] for any other backend.
    pub fn fleet(&self) -> PqResult<&FleetKeystore> {
        self.roots.fleet().ok_or(Status::UnsupportedOperation)
    }

    /// Whether the device answers.
    ///
    /// # Errors
    /// [`Status::KeystoreUnavailable`] and other device errors.
    pub fn ping(&self) -> PqResult<()> {
        self.roots.ping()
    }
}
