//! Keystore and wrapped-key operations, as the C ABI exports them.
//!
//! A keystore is opened once per backend configuration and addressed by a handle of its
//! own kind. Private keys leave Rust only as envelopes ([`crate::keystore::envelope`]),
//! bound to the caller's key id, version, algorithm and owner.

use crate::algorithm::Algorithm;
use crate::key::{Key, KeyKind, NativeKey};
use crate::keystore::binding::KeyBinding;
use crate::keystore::envelope::Envelope;
use crate::keystore::fleet::FleetKeystore;
use crate::keystore::pkcs11::{Pkcs11Config, Pkcs11Keystore};
use crate::keystore::software::{self, SoftwareConfig};
use crate::keystore::store::Keystore;
use crate::keystore::tpm::{TpmConfig, TpmKeystore};
use crate::keystore::{Backend, Protection, ROOT_ID_LEN, RootId, RootInfo};
use crate::secret::SecretBytes;
use crate::{PqResult, Status, handles, self_test};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::Arc;

/// Bytes of one record of [`keystore_roots`]: `sequence (u32 BE) ‖ id`.
pub const ROOT_RECORD_LEN: usize = 4 + ROOT_ID_LEN;

fn keystore(handle: u64) -> PqResult<Arc<Keystore>> {
    handles::KEYSTORES.get(handle)
}

fn path(bytes: &[u8]) -> PqResult<PathBuf> {
    if bytes.is_empty() || bytes.contains(&0) {
        return Err(Status::KeystoreConfig);
    }
    Ok(PathBuf::from(OsStr::from_bytes(bytes)))
}

/// Opens a software keystore in directory `dir`; an empty `passphrase` selects key-file mode.
///
/// # Errors
/// See [`software::open`]; [`Status::KeystoreConfig`] for an empty path.
pub fn keystore_open_software(dir: &[u8], passphrase: &[u8]) -> PqResult<u64> {
    let passphrase = (!passphrase.is_empty()).then(|| SecretBytes::from_slice(passphrase));
    let store = software::open(SoftwareConfig { dir: path(dir)?, passphrase })?;
    handles::KEYSTORES.insert(Keystore::new(Box::new(store)))
}

/// Opens a PKCS#11 keystore: the token labelled `token_label` in the module at `module`,
/// logged in with the user `pin`.
///
/// # Errors
/// See [`Pkcs11Keystore::open`]; [`Status::KeystoreConfig`] for an empty or non-UTF-8 label.
pub fn keystore_open_pkcs11(module: &[u8], token_label: &[u8], pin: &[u8]) -> PqResult<u64> {
    let token_label = std::str::from_utf8(token_label).map_err(|_| Status::KeystoreConfig)?;
    if token_label.is_empty() {
        return Err(Status::KeystoreConfig);
    }
    let config =
        Pkcs11Config { module: path(module)?, token_label: token_label.to_owned(), pin: SecretBytes::from_slice(pin) };
    handles::KEYSTORES.insert(Keystore::new(Box::new(Pkcs11Keystore::open(config)?)))
}

/// Opens a TPM 2.0 keystore through the TCTI `tcti` (e.g. `device:/dev/tpmrm0`,
/// `swtpm:host=127.0.0.1,port=2321`).
///
/// # Errors
/// See [`TpmKeystore::open`]; [`Status::KeystoreConfig`] for a non-UTF-8 string.
pub fn keystore_open_tpm(tcti: &[u8]) -> PqResult<u64> {
    handles::KEYSTORES.insert(Keystore::new(Box::new(TpmKeystore::open(tpm_config(tcti)?)?)))
}

fn tpm_config(tcti: &[u8]) -> PqResult<TpmConfig> {
    Ok(TpmConfig { tcti: std::str::from_utf8(tcti).map_err(|_| Status::KeystoreConfig)?.to_owned() })
}

/// Opens a TPM fleet keystore on this node's TPM (TCTI as [`keystore_open_tpm`]); no fleet
/// KEK is loaded until [`keystore_fleet`] loads or imports one (docs/FLEET.md).
///
/// # Errors
/// As [`keystore_open_tpm`].
pub fn keystore_open_tpm_fleet(tcti: &[u8]) -> PqResult<u64> {
    handles::KEYSTORES.insert(Keystore::new(Box::new(FleetKeystore::open(tpm_config(tcti)?)?)))
}

/// A fleet operation (`pq_keystore_fleet`'s `op`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetOp {
    /// `a` = sequence (u32 BE): a new KEK, loaded; returns its id.
    CreateKek = 1,
    /// `a` = KEK id: returns the KEK sealed by this node's TPM.
    SealKek = 2,
    /// `a` = sealed KEK: unseals and loads it; returns `sequence (u32 BE) ‖ id`.
    LoadKek = 3,
    /// Returns `X-Wing public key ‖ TPM-sealed seed` of a new transfer key.
    TransferKey = 4,
    /// `a` = KEK id, `b` = transfer public key, `c` = context: returns the HPKE ciphertext.
    ExportKek = 5,
    /// `a` = sealed transfer seed, `b` = ciphertext, `c` = context: opens and loads the KEK;
    /// returns `sequence (u32 BE) ‖ id`.
    ImportKek = 6,
    /// Forgets every loaded KEK (a revoked node); returns nothing.
    ForgetAll = 7,
}

fn fleet_root(root: RootInfo) -> Vec<u8> {
    [root.sequence.to_be_bytes().as_slice(), &root.id].concat()
}

/// Runs fleet operation `op` on a `tpm-fleet` keystore; see [`FleetOp`].
///
/// # Errors
/// [`Status::UnsupportedOperation`] for another backend; [`Status::InvalidArgument`] for an
/// unknown `op`; [`Status::InvalidLength`] for a KEK id that is not 16 bytes or a sequence that
/// is not 4; the operation's errors ([`FleetKeystore`]).
pub fn keystore_fleet(handle: u64, op: u32, a: &[u8], b: &[u8], c: &[u8]) -> PqResult<Vec<u8>> {
    let store = keystore(handle)?;
    let fleet = store.fleet()?;
    let id = |bytes: &[u8]| -> PqResult<RootId> { bytes.try_into().map_err(|_| Status::InvalidLength) };
    let ops = [
        FleetOp::CreateKek,
        FleetOp::SealKek,
        FleetOp::LoadKek,
        FleetOp::TransferKey,
        FleetOp::ExportKek,
        FleetOp::ImportKek,
        FleetOp::ForgetAll,
    ];
    match ops.into_iter().find(|o| *o as u32 == op).ok_or(Status::InvalidArgument)? {
        FleetOp::CreateKek => {
            let sequence: [u8; 4] = a.try_into().map_err(|_| Status::InvalidLength)?;
            Ok(fleet.create_kek(u32::from_be_bytes(sequence))?.id.to_vec())
        }
        FleetOp::SealKek => fleet.seal_kek(&id(a)?),
        FleetOp::LoadKek => fleet.load_kek(a).map(fleet_root),
        FleetOp::TransferKey => fleet.transfer_key(),
        FleetOp::ExportKek => fleet.export_kek(&id(a)?, b, c),
        FleetOp::ImportKek => fleet.import_kek(a, b, c).map(fleet_root),
        FleetOp::ForgetAll => {
            fleet.forget_all();
            Ok(Vec::new())
        }
    }
}

/// Closes a keystore handle (device sessions end when no operation still uses them).
///
/// # Errors
/// Handle errors.
pub fn keystore_close(handle: u64) -> PqResult<()> {
    handles::KEYSTORES.remove(handle)
}

/// `(backend, protection of the keys it wraps)`.
///
/// # Errors
/// Handle errors.
pub fn keystore_info(handle: u64) -> PqResult<(Backend, Protection)> {
    let store = keystore(handle)?;
    Ok((store.backend(), store.protection()))
}

/// Whether the device answers.
///
/// # Errors
/// [`Status::KeystoreUnavailable`], device and handle errors.
pub fn keystore_ping(handle: u64) -> PqResult<()> {
    keystore(handle)?.ping()
}

/// The current root (created on first use).
///
/// # Errors
/// Device and handle errors.
pub fn keystore_root_current(handle: u64) -> PqResult<RootInfo> {
    keystore(handle)?.current_root()
}

/// Creates a new current root.
///
/// # Errors
/// Device and handle errors.
pub fn keystore_root_rotate(handle: u64) -> PqResult<RootInfo> {
    keystore(handle)?.rotate_root()
}

/// Destroys a root that is not current.
///
/// # Errors
/// [`Status::InvalidLength`] for an id that is not 16 bytes; [`Status::RootKeyInUse`];
/// [`Status::RootKeyNotFound`]; device and handle errors.
pub fn keystore_root_retire(handle: u64, id: &[u8]) -> PqResult<()> {
    let id: RootId = id.try_into().map_err(|_| Status::InvalidLength)?;
    keystore(handle)?.retire_root(&id)
}

/// Every root, oldest first, as [`ROOT_RECORD_LEN`]-byte records.
///
/// # Errors
/// Device and handle errors.
pub fn keystore_roots(handle: u64) -> PqResult<Vec<u8>> {
    let roots = keystore(handle)?.roots()?;
    let mut out = Vec::with_capacity(roots.len() * ROOT_RECORD_LEN);
    for root in roots {
        out.extend_from_slice(&root.sequence.to_be_bytes());
        out.extend_from_slice(&root.id);
    }
    Ok(out)
}

fn binding<'a>(algorithm: Algorithm, key_id: &'a [u8], version: u32, owner: &'a [u8]) -> PqResult<KeyBinding<'a>> {
    KeyBinding::new(key_id, version, algorithm, owner)
}

/// Wraps the private key behind `key` under the keystore's current root.
///
/// # Errors
/// [`Status::WrongHandleKind`] for a public key; binding, device and handle errors.
pub fn key_wrap(store: u64, key: u64, key_id: &[u8], version: u32, owner: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let store = keystore(store)?;
    let key = handles::get_kind(
        key,
        &[
            KeyKind::KemDecapsulationKey,
            KeyKind::SigningKey,
            KeyKind::AgreementPrivateKey,
            KeyKind::SecretKey,
            KeyKind::MacKey,
        ],
    )?;
    let private = match key.as_ref() {
        Key::Private(private) => private,
        // It never leaves its device, not even wrapped.
        Key::Native(_) => return Err(Status::UnsupportedOperation),
        Key::Public(_) => return Err(Status::WrongHandleKind),
    };
    store.wrap(private, &binding(private.algorithm, key_id, version, owner)?)
}

/// Opens an envelope into a new private-key handle.
///
/// # Errors
/// [`Status::UnknownAlgorithm`]; see [`crate::keystore::envelope::unwrap`].
pub fn key_unwrap(
    store: u64,
    algorithm: u32,
    envelope: &[u8],
    key_id: &[u8],
    version: u32,
    owner: &[u8],
) -> PqResult<u64> {
    self_test::ensure()?;
    let algorithm = Algorithm::from_id(algorithm)?;
    let key = keystore(store)?.unwrap(envelope, &binding(algorithm, key_id, version, owner)?)?;
    handles::insert(Key::Private(key))
}

/// Re-wraps an envelope under the current root (unchanged if it already is).
///
/// # Errors
/// As [`key_unwrap`] and [`key_wrap`].
pub fn key_rewrap(
    store: u64,
    algorithm: u32,
    envelope: &[u8],
    key_id: &[u8],
    version: u32,
    owner: &[u8],
) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let algorithm = Algorithm::from_id(algorithm)?;
    keystore(store)?.rewrap(envelope, &binding(algorithm, key_id, version, owner)?)
}

/// Generates a signing key inside the keystore's device; returns its handle and the
/// reference to store (the private key never leaves the device).
///
/// # Errors
/// See [`Keystore::native_generate`]; [`Status::UnknownAlgorithm`]; handle errors.
pub fn native_key_generate(store: u64, algorithm: u32) -> PqResult<(u64, Vec<u8>)> {
    self_test::ensure()?;
    let algorithm = Algorithm::from_id(algorithm)?;
    let keystore = keystore(store)?;
    let native = keystore.native_generate(algorithm)?;
    let reference = native.reference.clone();
    let handle = handles::insert(Key::Native(NativeKey {
        algorithm,
        public: native.public,
        reference: native.reference,
        keystore,
    }))?;
    Ok((handle, reference))
}

/// A handle for a stored native key (the device must still hold it).
///
/// # Errors
/// See [`Keystore::native_public`]; [`Status::UnknownAlgorithm`]; handle errors.
pub fn native_key_load(store: u64, algorithm: u32, reference: &[u8]) -> PqResult<u64> {
    self_test::ensure()?;
    let algorithm = Algorithm::from_id(algorithm)?;
    let keystore = keystore(store)?;
    let public = keystore.native_public(algorithm, reference)?;
    handles::insert(Key::Native(NativeKey { algorithm, public, reference: reference.to_vec(), keystore }))
}

/// Destroys a native key in the device.
///
/// # Errors
/// See [`Keystore::native_destroy`]; [`Status::UnknownAlgorithm`]; handle errors.
pub fn native_key_destroy(store: u64, algorithm: u32, reference: &[u8]) -> PqResult<()> {
    let algorithm = Algorithm::from_id(algorithm)?;
    keystore(store)?.native_destroy(algorithm, reference)
}

/// The id of the root that sealed an envelope (to find envelopes a rotation must re-wrap).
///
/// # Errors
/// [`Status::EnvelopeMalformed`].
pub fn envelope_root_id(envelope: &[u8]) -> PqResult<RootId> {
    Ok(Envelope::parse(envelope)?.root_id)
}
