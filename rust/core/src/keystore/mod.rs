//! Keystores: where the root wrapping keys live, and the one trait every backend implements.
//!
//! A root key is generated inside the device (TPM 2.0, PKCS#11 token) or, for development,
//! in a protected file ([`software`]). It never leaves. Private keys are stored only as
//! envelopes ([`envelope`]): a fresh 32-byte data-encryption key (DEK) per envelope, sealed
//! by the root key *inside the device* ([`RootKeys::seal`]), and the private key encrypted
//! under the DEK with AES-256-GCM whose associated data binds key id, version, algorithm and
//! owner ([`binding`]).
//!
//! Roots are ordered by a sequence number stored with them in the device (PKCS#11 label,
//! TPM persistent-handle index, file name), and the newest root is the current one. So a root
//! rotation needs no state outside the device: create a newer root, re-wrap every envelope
//! (idempotent, so an interrupted run is simply run again), then retire the older roots.

pub mod binding;
pub mod envelope;
pub mod fleet;
pub mod pkcs11;
mod pkcs11_native;
pub mod software;
pub mod store;
pub mod tpm;

use crate::PqResult;
use crate::algorithm::Algorithm;
use crate::secret::SecretBytes;

/// Length of a root key id.
pub const ROOT_ID_LEN: usize = 16;

/// A root key's id: random bytes chosen when the root is created.
pub type RootId = [u8; ROOT_ID_LEN];

/// Length of the data-encryption key a root seals.
pub const DEK_LEN: usize = 32;

/// Which backend holds the roots. Numbers are part of the ABI and of the envelope format.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Software keystore (development): roots in 0600 files or derived from a passphrase.
    Software = 1,
    /// PKCS#11 token (HSM): roots are sensitive, non-extractable AES-256 keys.
    Pkcs11 = 2,
    /// TPM 2.0: roots are non-duplicable storage keys at persistent handles.
    Tpm = 3,
    /// TPM fleet: roots are fleet KEKs shared by many TPM nodes, each sealed at rest by
    /// every node's own TPM and held in plaintext only in this process ([`fleet`]).
    TpmFleet = 4,
}

impl Backend {
    /// The backend for an ABI number.
    pub fn from_id(id: u32) -> Option<Self> {
        [Backend::Software, Backend::Pkcs11, Backend::Tpm, Backend::TpmFleet].into_iter().find(|b| *b as u32 == id)
    }

    /// How the private keys this backend wraps are protected.
    pub const fn protection(self) -> Protection {
        match self {
            Backend::Software => Protection::Software,
            Backend::Pkcs11 | Backend::Tpm | Backend::TpmFleet => Protection::HardwareWrapped,
        }
    }
}

/// How a key is protected. Numbers are part of the ABI.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protection {
    /// The private key lives in the device and never leaves it.
    Hardware = 1,
    /// The private key is stored wrapped by a root key that lives in the device.
    HardwareWrapped = 2,
    /// The private key is stored wrapped by a root key held in software.
    Software = 3,
}

/// One root key as the device lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RootInfo {
    /// Random id, recorded in every envelope the root seals.
    pub id: RootId,
    /// Creation order; the highest is the current root.
    pub sequence: u32,
}

/// A device that holds root keys and seals data-encryption keys under them.
///
/// Implementations serialise access to the device themselves (`&self` methods may be called
/// from several threads). When the device is unreachable (simulator killed, token removed,
/// socket closed) every method fails fast with [`crate::Status::KeystoreUnavailable`] and
/// the next call reconnects, so the service recovers without a restart.
pub trait RootKeys: Send + Sync {
    /// The backend kind (recorded in envelopes).
    fn backend(&self) -> Backend;

    /// Every root key present, in any order.
    ///
    /// # Errors
    /// [`crate::Status::KeystoreUnavailable`]; [`crate::Status::KeystoreDeviceError`].
    fn roots(&self) -> PqResult<Vec<RootInfo>>;

    /// Generates a new root key inside the device (non-extractable) with `sequence`.
    ///
    /// # Errors
    /// As [`RootKeys::roots`].
    fn create_root(&self, sequence: u32) -> PqResult<RootInfo>;

    /// Destroys a root key inside the device. Envelopes it sealed can no longer be opened.
    ///
    /// # Errors
    /// [`crate::Status::RootKeyNotFound`]; as [`RootKeys::roots`].
    fn destroy_root(&self, id: &RootId) -> PqResult<()>;

    /// Seals a [`DEK_LEN`]-byte DEK under root `id`, inside the device. `aad` is
    /// authenticated where the device's mechanism allows it (the envelope binds it anyway).
    ///
    /// # Errors
    /// [`crate::Status::RootKeyNotFound`]; as [`RootKeys::roots`].
    fn seal(&self, id: &RootId, aad: &[u8], dek: &[u8]) -> PqResult<Vec<u8>>;

    /// Opens what [`RootKeys::seal`] produced.
    ///
    /// # Errors
    /// [`crate::Status::UnwrapFailed`] for a sealed DEK that does not authenticate;
    /// [`crate::Status::RootKeyNotFound`]; as [`RootKeys::roots`].
    fn unseal(&self, id: &RootId, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes>;

    /// Whether the device answers (readiness probes); by default, a root listing.
    ///
    /// # Errors
    /// As [`RootKeys::roots`].
    fn ping(&self) -> PqResult<()> {
        self.roots().map(|_| ())
    }

    /// The device's native keys, if it can hold any (PKCS#11 tokens and TPMs can).
    fn native_keys(&self) -> Option<&dyn NativeKeys> {
        None
    }

    /// The fleet operations (join, transfer, sealed KEKs), for the fleet keystore only.
    fn fleet(&self) -> Option<&fleet::FleetKeystore> {
        None
    }
}

/// A key pair generated inside the device, as the caller stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeKey {
    /// What the device needs to find or load the key again (opaque to the caller): a
    /// PKCS#11 `CKA_ID`, or a TPM key's public and TPM-wrapped private area. Not secret: the
    /// private key never leaves the device.
    pub reference: Vec<u8>,
    /// The public key: 65-byte uncompressed SEC1 point for ECDSA P-256, 32 bytes for Ed25519.
    pub public: Vec<u8>,
}

/// Classical key pairs generated and used inside the device (protection level `hardware`):
/// the private key is sensitive and never extractable. Signatures are ECDSA P-256 over
/// SHA-256 as 64-byte `r ‖ s` (IEEE P1363, as WebCrypto), or pure Ed25519 (RFC 8032).
pub trait NativeKeys: Send + Sync {
    /// The algorithms this device can generate (a subset of `EcdsaP256`, `Ed25519`).
    fn native_algorithms(&self) -> &'static [Algorithm];

    /// Generates a key pair in the device.
    ///
    /// # Errors
    /// [`crate::Status::UnsupportedOperation`] for an algorithm not in
    /// [`NativeKeys::native_algorithms`]; device errors as [`RootKeys::roots`].
    fn native_generate(&self, algorithm: Algorithm) -> PqResult<NativeKey>;

    /// The public key of a stored native key; fails if the device no longer holds it.
    ///
    /// # Errors
    /// [`crate::Status::InvalidKey`] for a reference the device does not know or that is
    /// malformed; device errors.
    fn native_public(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<Vec<u8>>;

    /// Signs `message` inside the device (ECDSA P-256: the device signs SHA-256(message)).
    ///
    /// # Errors
    /// As [`NativeKeys::native_public`]; [`crate::Status::SigningFailed`].
    fn native_sign(&self, algorithm: Algorithm, reference: &[u8], message: &[u8]) -> PqResult<Vec<u8>>;

    /// Destroys a native key in the device (a no-op where the device keeps nothing, as a
    /// TPM whose key blobs live outside it: forget the reference instead).
    ///
    /// # Errors
    /// As [`NativeKeys::native_public`].
    fn native_destroy(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<()>;
}
