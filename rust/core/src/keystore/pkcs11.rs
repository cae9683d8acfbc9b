//! PKCS#11 keystore: each root is an AES-256 secret key generated inside a token (sensitive,
//! never extractable), and a DEK is sealed with `CKM_AES_GCM` inside the token.
//!
//! A root's sequence and id live in its `CKA_LABEL` (`pqgate-root/<10-digit sequence>/<hex id>`)
//! and its id also in `CKA_ID`, so the token alone describes the roots. A sealed DEK is
//! `iv (12) || ciphertext (32) || tag (16)`.
//!
//! `C_Initialize` and `C_Finalize` act on the whole process, not on one caller, so keystores on
//! the same module share one initialisation (`Lease`), finalised when the last lets go.
//!
//! The same token also holds native ECDSA P-256 and Ed25519 key pairs
//! ([`RootKeys::native_keys`], implemented in the sibling module `pkcs11_native`).

use super::{Backend, DEK_LEN, NativeKeys, ROOT_ID_LEN, RootId, RootInfo, RootKeys};
use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Function, Pkcs11};
use cryptoki::error::{Error, RvError as Rv};
use cryptoki::mechanism::Mechanism;
use cryptoki::mechanism::aead::GcmParams;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::RawAuthPin;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

const LABEL_PREFIX: &str = "pqgate-root/";
const ROOT_KEY_BYTES: u64 = 32;
const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;
const TAG_BITS: u64 = 128;
const SEALED_LEN: usize = IV_LEN + DEK_LEN + TAG_LEN;

/// Where the token is and how to log in to it. `Debug` shows the PIN as `[redacted]`
/// ([`SecretBytes`]'s own `Debug`).
#[derive(Debug)]
pub struct Pkcs11Config {
    /// Path of the PKCS#11 module (shared library), e.g. `/usr/lib/softhsm/libsofthsm2.so`.
    pub module: PathBuf,
    /// Label of the token holding the roots (compared without trailing padding).
    pub token_label: String,
    /// User PIN; kept for reconnecting.
    pub pin: SecretBytes,
}

/// The protection attributes of a root key, as the token reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RootAttributes {
    /// `CKA_SENSITIVE`: the value cannot be read in plaintext.
    pub sensitive: bool,
    /// `CKA_ALWAYS_SENSITIVE`: it never could.
    pub always_sensitive: bool,
    /// `CKA_EXTRACTABLE`: the value can be wrapped out of the token.
    pub extractable: bool,
    /// `CKA_NEVER_EXTRACTABLE`: it never could.
    pub never_extractable: bool,
}

/// Root keys in a PKCS#11 token. One session, serialised by a mutex; it is dropped when the
/// token goes away and reopened (with a fresh login) by the next call.
pub struct Pkcs11Keystore {
    config: Pkcs11Config,
    state: Mutex<Option<State>>,
}

impl fmt::Debug for Pkcs11Keystore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkcs11Keystore").field("config", &self.config).finish_non_exhaustive()
    }
}

/// A logged-in session. Fields drop in order: the session closes before the lease may finalise.
struct State {
    session: Session,
    lease: Lease,
}

/// Users of each initialised module (canonical path, users, whether we initialised it).
static MODULES: Mutex<Vec<(PathBuf, usize, bool)>> = Mutex::new(Vec::new());

/// One keystore's share of an initialised module. Counting happens under [`MODULES`]'s lock, so
/// a keystore opening cannot slip between another's last release and its `C_Finalize`.
struct Lease {
    path: PathBuf,
    ctx: Pkcs11,
}

impl Lease {
    fn acquire(module: &Path) -> PqResult<Self> {
        let path = module.canonicalize().map_err(|_| Status::KeystoreConfig)?;
        let mut modules = lock(&MODULES);
        let ctx = Pkcs11::new(&path).map_err(status_of)?;
        if let Some(entry) = modules.iter_mut().find(|(p, _, _)| *p == path) {
            entry.1 = entry.1.saturating_add(1);
        } else {
            let owned = match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
                Ok(()) => true,
                // Other code in this process initialised it: share it, and leave finalising to it.
                Err(Error::Pkcs11(Rv::CryptokiAlreadyInitialized, _)) => false,
                Err(e) => return Err(status_of(e)),
            };
            modules.push((path.clone(), 1, owned));
        }
        Ok(Self { path, ctx })
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let mut modules = lock(&MODULES);
        let Some(entry) = modules.iter_mut().find(|(path, _, _)| *path == self.path) else { return };
        entry.1 = entry.1.saturating_sub(1);
        // The last user finalises; that also makes the next initialisation rescan the slots.
        if entry.1 == 0 {
            if entry.2 {
                let _ = self.ctx.clone().finalize();
            }
            modules.retain(|(_, users, _)| *users > 0);
        }
    }
}

/// Why an operation inside a session failed: a token error, or a verdict of ours.
pub(super) enum Failure {
    Token(Error),
    Status(Status),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Token(err)
    }
}

/// The one mapping from cryptoki errors to status codes. [`Status::KeystoreUnavailable`] means
/// the session or module is gone: the keystore drops it and the next call reconnects.
fn status_of(err: Error) -> Status {
    match err {
        Error::LibraryLoading(_) | Error::MissingSymbol(_) | Error::NullFunctionPointer => Status::KeystoreConfig,
        Error::Pkcs11(rv, _) => match rv {
            Rv::PinIncorrect | Rv::PinInvalid | Rv::PinLenRange | Rv::PinExpired | Rv::PinLocked => {
                Status::KeystoreAuthFailed
            }
            // Handles are looked up on every call, so a stale one means the root was destroyed meanwhile.
            Rv::ObjectHandleInvalid | Rv::KeyHandleInvalid => Status::RootKeyNotFound,
            Rv::DeviceError
            | Rv::DeviceRemoved
            | Rv::TokenNotPresent
            | Rv::TokenNotRecognized
            | Rv::SlotIdInvalid
            | Rv::SessionHandleInvalid
            | Rv::SessionClosed
            | Rv::CryptokiNotInitialized
            | Rv::GeneralError
            // Login is per process: someone logged us out; a new session logs in again.
            | Rv::UserNotLoggedIn => Status::KeystoreUnavailable,
            _ => Status::KeystoreDeviceError,
        },
        _ => Status::KeystoreDeviceError,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded data stays consistent across a panic (a session, or counts updated in one step).
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Loads the module, finds the token, opens a read/write session and logs in as User.
fn connect(config: &Pkcs11Config) -> PqResult<State> {
    let lease = Lease::acquire(&config.module)?;
    let ctx = &lease.ctx;
    let mut slots = Vec::new();
    for slot in ctx.get_slots_with_token().map_err(status_of)? {
        if ctx.get_token_info(slot).map_err(status_of)?.label().trim() == config.token_label.trim() {
            slots.push(slot);
        }
    }
    // Two tokens with one label: refuse rather than guess which one holds the roots.
    let [slot] = *slots.as_slice() else { return Err(Status::KeystoreConfig) };
    let session = ctx.open_rw_session(slot).map_err(status_of)?;
    let pin = RawAuthPin::new(Box::new(config.pin.expose().to_vec()));
    match session.login_with_raw(UserType::User, &pin) {
        // Login is per process, so another keystore on this token may have logged in already.
        Ok(()) | Err(Error::Pkcs11(Rv::UserAlreadyLoggedIn, _)) => {}
        Err(e) => return Err(status_of(e)),
    }
    Ok(State { session, lease })
}

impl Pkcs11Keystore {
    /// Loads `config.module`, finds the token labelled `config.token_label` and logs in.
    ///
    /// # Errors
    /// [`Status::KeystoreConfig`] for a missing or invalid module, or no (or two) such tokens;
    /// [`Status::KeystoreAuthFailed`] for a refused PIN; [`Status::KeystoreUnavailable`] when
    /// the device is gone; [`Status::KeystoreDeviceError`] for anything else the token rejects.
    pub fn open(config: Pkcs11Config) -> PqResult<Self> {
        let state = connect(&config)?;
        Ok(Self { config, state: Mutex::new(Some(state)) })
    }

    /// Checks that the token answers (reconnecting first if the session was dropped); for
    /// readiness probes. Asks the token, not only the session: SoftHSM keeps a session of a
    /// removed token open and answering.
    ///
    /// # Errors
    /// [`Status::KeystoreUnavailable`]; [`Status::KeystoreAuthFailed`]; [`Status::KeystoreDeviceError`].
    pub fn ping(&self) -> PqResult<()> {
        self.with_state(|state| Ok(token_answers(state)?))
    }

    /// The protection attributes of root `id`, read from the token.
    ///
    /// # Errors
    /// [`Status::RootKeyNotFound`]; as [`Pkcs11Keystore::ping`].
    pub fn root_attributes(&self, id: &RootId) -> PqResult<RootAttributes> {
        self.with_session(|session| {
            use {Attribute as A, AttributeType as T};
            let wanted = [T::Sensitive, T::AlwaysSensitive, T::Extractable, T::NeverExtractable];
            // In the order asked for; an attribute the token does not report is left out.
            match *session.get_attributes(find_root(session, id)?, &wanted)?.as_slice() {
                [A::Sensitive(s), A::AlwaysSensitive(a), A::Extractable(e), A::NeverExtractable(n)] => {
                    Ok(RootAttributes { sensitive: s, always_sensitive: a, extractable: e, never_extractable: n })
                }
                // A token that does not report a protection attribute cannot vouch for it.
                _ => Err(Failure::Status(Status::KeystoreDeviceError)),
            }
        })
    }

    /// Runs `op` on the session, reconnecting first if there is none, and drops the session
    /// when the device turns out to be gone so that the next call reconnects.
    pub(super) fn with_session<T>(&self, op: impl FnOnce(&Session) -> Result<T, Failure>) -> PqResult<T> {
        self.with_state(|state| op(&state.session))
    }

    /// [`Pkcs11Keystore::with_session`] with the whole connection (session and module).
    ///
    /// SoftHSM 2.6 answers a search on a removed token with no objects rather than an error,
    /// and keeps doing so in this process after the token is back, until the module is
    /// initialised again. So "not found" is believed only while the token itself answers;
    /// otherwise it is an outage, and dropping the session makes the next call re-initialise.
    fn with_state<T>(&self, op: impl FnOnce(&State) -> Result<T, Failure>) -> PqResult<T> {
        let mut state = lock(&self.state);
        let current = match &mut *state {
            Some(current) => current,
            // The configuration worked at open, so failing now means the token is missing for
            // the moment; only a refused PIN keeps its own status.
            empty => empty.insert(connect(&self.config).map_err(|status| match status {
                Status::KeystoreAuthFailed => status,
                _ => Status::KeystoreUnavailable,
            })?),
        };
        let mut status = match op(current) {
            Ok(value) => return Ok(value),
            Err(Failure::Status(status)) => status,
            Err(Failure::Token(err)) => status_of(err),
        };
        // An object that is not there, or an error we do not expect, may be the token going
        // away mid-call: it counts as an outage when the token itself no longer answers.
        if matches!(status, Status::RootKeyNotFound | Status::InvalidKey | Status::KeystoreDeviceError)
            && token_answers(current).is_err_and(|err| status_of(err) == Status::KeystoreUnavailable)
        {
            status = Status::KeystoreUnavailable;
        }
        if status == Status::KeystoreUnavailable {
            *state = None;
        }
        Err(status)
    }
}

/// Whether the token of the session still answers `C_GetTokenInfo` (SoftHSM: `CKR_GENERAL_ERROR`
/// once its folder is gone).
fn token_answers(state: &State) -> Result<(), Error> {
    let slot = state.session.get_session_info()?.slot_id();
    state.lease.ctx.get_token_info(slot).map(|_| ())
}

/// The handle of root `id` (an AES secret key with that `CKA_ID`).
fn find_root(session: &Session, id: &RootId) -> Result<ObjectHandle, Failure> {
    let template =
        [Attribute::Class(ObjectClass::SECRET_KEY), Attribute::KeyType(KeyType::AES), Attribute::Id(id.to_vec())];
    session.find_objects(&template)?.into_iter().next().ok_or(Failure::Status(Status::RootKeyNotFound))
}

fn label_for(root: &RootInfo) -> String {
    let mut label = format!("{LABEL_PREFIX}{:010}/", root.sequence);
    for byte in root.id {
        let _ = write!(label, "{byte:02x}");
    }
    label
}

/// Parses a root label; only the exact form [`label_for`] writes counts.
fn parse_label(label: &[u8]) -> Option<RootInfo> {
    let text = std::str::from_utf8(label).ok()?;
    let (sequence, hex) = text.strip_prefix(LABEL_PREFIX)?.split_once('/')?;
    let mut id = [0u8; ROOT_ID_LEN];
    for (byte, pair) in id.iter_mut().zip(hex.as_bytes().chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    let root = RootInfo { id, sequence: sequence.parse().ok()? };
    (label_for(&root) == text).then_some(root)
}

impl RootKeys for Pkcs11Keystore {
    fn ping(&self) -> PqResult<()> {
        Pkcs11Keystore::ping(self)
    }

    fn backend(&self) -> Backend {
        Backend::Pkcs11
    }

    /// ECDSA P-256 and Ed25519 key pairs in the token (`pkcs11_native`).
    fn native_keys(&self) -> Option<&dyn NativeKeys> {
        Some(self)
    }

    fn roots(&self) -> PqResult<Vec<RootInfo>> {
        self.with_state(|state| {
            let session = &state.session;
            let mut roots = Vec::new();
            let template = [Attribute::Class(ObjectClass::SECRET_KEY), Attribute::KeyType(KeyType::AES)];
            for key in session.find_objects(&template)? {
                // get_attributes keeps the order asked for and leaves out what the token lacks.
                let attrs = session.get_attributes(key, &[AttributeType::Label, AttributeType::Id])?;
                if let [Attribute::Label(label), Attribute::Id(id)] = attrs.as_slice() {
                    // Seal and unseal look roots up by CKA_ID, so the label must agree with it.
                    roots.extend(parse_label(label).filter(|root| root.id[..] == id[..]));
                }
            }
            // No roots is a fresh token (the first wrap creates root 1), or a removed one.
            if roots.is_empty() {
                token_answers(state)?;
            }
            Ok(roots)
        })
    }

    fn create_root(&self, sequence: u32) -> PqResult<RootInfo> {
        let root = RootInfo { id: *crate::rng::array::<ROOT_ID_LEN>()?, sequence };
        let template = [
            Attribute::Class(ObjectClass::SECRET_KEY),
            Attribute::KeyType(KeyType::AES),
            Attribute::ValueLen(ROOT_KEY_BYTES.into()),
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Encrypt(true),
            Attribute::Decrypt(true),
            Attribute::Wrap(false),
            Attribute::Unwrap(false),
            Attribute::Derive(false),
            Attribute::Sign(false),
            Attribute::Verify(false),
            // Nobody can later relax the usage flags or rename the root.
            Attribute::Modifiable(false),
            Attribute::Id(root.id.to_vec()),
            Attribute::Label(label_for(&root).into_bytes()),
        ];
        self.with_session(|session| {
            session.generate_key(&Mechanism::AesKeyGen, &template)?;
            Ok(root)
        })
    }

    fn destroy_root(&self, id: &RootId) -> PqResult<()> {
        self.with_session(|session| Ok(session.destroy_object(find_root(session, id)?)?))
    }

    fn seal(&self, id: &RootId, aad: &[u8], dek: &[u8]) -> PqResult<Vec<u8>> {
        if dek.len() != DEK_LEN {
            return Err(Status::InvalidLength);
        }
        // Random 96-bit IVs: a root seals one DEK per envelope, far below the 2^32 bound.
        let iv = *crate::rng::array::<IV_LEN>()?;
        self.with_session(|session| {
            let key = find_root(session, id)?;
            let mut params_iv = iv;
            let params = GcmParams::new(&mut params_iv, aad, TAG_BITS.into())?;
            let body = session.encrypt(&Mechanism::AesGcm(params), key, dek)?;
            let sealed = [iv.as_slice(), &body].concat();
            // Any other length is not AES-GCM with a 128-bit tag.
            (sealed.len() == SEALED_LEN).then_some(sealed).ok_or(Failure::Status(Status::KeystoreDeviceError))
        })
    }

    fn unseal(&self, id: &RootId, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
        let Some((iv, body)) = sealed.split_first_chunk::<IV_LEN>() else { return Err(Status::UnwrapFailed) };
        if sealed.len() != SEALED_LEN {
            return Err(Status::UnwrapFailed);
        }
        let mut iv = *iv;
        self.with_state(|state| {
            let session = &state.session;
            let key = find_root(session, id)?;
            let params = GcmParams::new(&mut iv, aad, TAG_BITS.into())?;
            match session.decrypt(&Mechanism::AesGcm(params), key, body) {
                Ok(dek) => Some(SecretBytes::new(dek))
                    .filter(|dek| dek.len() == DEK_LEN)
                    .ok_or(Failure::Status(Status::UnwrapFailed)),
                // SoftHSM 2.6 reports a tag mismatch as CKR_GENERAL_ERROR, which otherwise means
                // "device gone"; a token that still answers tells the two apart (the session
                // does not: SoftHSM keeps it answering after the token is removed).
                Err(Error::Pkcs11(
                    Rv::GeneralError
                    | Rv::EncryptedDataInvalid
                    | Rv::EncryptedDataLenRange
                    | Rv::DataInvalid
                    | Rv::DataLenRange,
                    Function::Decrypt,
                )) if token_answers(state).is_ok() => Err(Failure::Status(Status::UnwrapFailed)),
                Err(err) => Err(err.into()),
            }
        })
    }
}
