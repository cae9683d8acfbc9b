//! The software keystore, for development and the embedded default.
//!
//! Root keys are files in one directory, `root-<sequence>-<id hex>.key`, created `0600`
//! and refused when group- or world-accessible. Two modes, fixed when the keystore opens:
//! - **key file**: the file holds the 32-byte root key itself;
//! - **passphrase**: the file holds an Argon2id salt and cost parameters; the root key is
//!   Argon2id(passphrase, salt), so the disk alone never reveals it. A check value (an AEAD
//!   tag over nothing) lets a wrong passphrase fail at open instead of at first unwrap.
//!
//! Files are written to a temporary name, synced and renamed, so a crash never leaves a
//! half-written root. The protection level of keys wrapped here is `software`.

use super::{Backend, DEK_LEN, ROOT_ID_LEN, RootId, RootInfo, RootKeys};
use crate::aead;
use crate::algorithm::AeadAlgorithm;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, hex, password, rng};
use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

const MAGIC: &[u8; 4] = b"PQRK";
const KEY_FILE: u8 = 1;
const PASSPHRASE: u8 = 2;
const SALT_LEN: usize = 16;
const CHECK_DOMAIN: &[u8] = b"pqgate/software-root-check/v1";

/// Argon2id cost for passphrase roots (RFC 9106 §4, second recommended option, p = 1):
/// 64 MiB, 3 passes. Stored per root, so raising it later leaves old roots readable.
pub const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id passes.
pub const ARGON2_ITERATIONS: u32 = 3;

/// Where the roots live and how they are protected.
pub struct SoftwareConfig {
    /// The root-key directory (created `0700`, with missing parents, if absent).
    pub dir: PathBuf,
    /// `Some`: passphrase mode; `None`: key-file mode.
    pub passphrase: Option<SecretBytes>,
}

/// Root keys in files; see the module documentation.
pub struct SoftwareKeystore {
    dir: PathBuf,
    passphrase: Option<SecretBytes>,
    // Root keys read or derived once (Argon2id is deliberately slow).
    cache: Mutex<HashMap<RootId, SecretBytes>>,
}

/// Opens (and creates, if missing) a software keystore.
///
/// # Errors
/// [`Status::KeystoreConfig`] for a root file that is group- or world-accessible, of the
/// other mode, or malformed; [`Status::KeystoreAuthFailed`] for a wrong passphrase;
/// [`Status::KeystoreUnavailable`] for an I/O failure.
pub fn open(config: SoftwareConfig) -> PqResult<SoftwareKeystore> {
    if config.passphrase.as_ref().is_some_and(SecretBytes::is_empty) {
        return Err(Status::KeystoreConfig);
    }
    // Missing folders are created owner-only; an existing one is used as it is.
    fs::DirBuilder::new().recursive(true).mode(0o700).create(&config.dir).map_err(|e| match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::AlreadyExists => {
            Status::KeystoreConfig
        }
        _ => Status::KeystoreUnavailable,
    })?;
    let store = SoftwareKeystore { dir: config.dir, passphrase: config.passphrase, cache: Mutex::new(HashMap::new()) };
    // Reading every root checks modes and permissions now, and the passphrase once.
    for root in store.roots()? {
        store.root_key(&root.id)?;
    }
    Ok(store)
}

fn io_status(error: std::io::Error) -> Status {
    match error.kind() {
        ErrorKind::PermissionDenied => Status::KeystoreConfig,
        ErrorKind::NotFound => Status::RootKeyNotFound,
        _ => Status::KeystoreUnavailable,
    }
}

fn file_name(sequence: u32, id: &RootId) -> String {
    format!("root-{sequence:010}-{}.key", hex::encode(id))
}

fn parse_file_name(name: &str) -> Option<RootInfo> {
    let rest = name.strip_prefix("root-")?.strip_suffix(".key")?;
    let (sequence, id) = rest.split_once('-')?;
    let id: RootId = hex::decode(id).ok()?.try_into().ok()?;
    Some(RootInfo { id, sequence: sequence.parse().ok()? })
}

impl SoftwareKeystore {
    fn path_of(&self, id: &RootId) -> PqResult<PathBuf> {
        let root = self.roots()?.into_iter().find(|r| r.id == *id).ok_or(Status::RootKeyNotFound)?;
        Ok(self.dir.join(file_name(root.sequence, &root.id)))
    }

    /// The root key bytes, from the cache or the file.
    fn root_key(&self, id: &RootId) -> PqResult<SecretBytes> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = cache.get(id) {
            return Ok(key.duplicate());
        }
        let path = self.path_of(id)?;
        let mode = fs::metadata(&path).map_err(io_status)?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(Status::KeystoreConfig);
        }
        let contents = SecretBytes::new(fs::read(&path).map_err(io_status)?);
        let key = self.decode_root(id, contents.expose())?;
        cache.insert(*id, key.duplicate());
        Ok(key)
    }

    fn decode_root(&self, id: &RootId, contents: &[u8]) -> PqResult<SecretBytes> {
        let (header, body) = contents.split_at_checked(MAGIC.len() + 1).ok_or(Status::KeystoreConfig)?;
        if header.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(Status::KeystoreConfig);
        }
        match (header.last(), &self.passphrase) {
            (Some(&KEY_FILE), None) if body.len() == aead::KEY_LEN => Ok(SecretBytes::from_slice(body)),
            (Some(&PASSPHRASE), Some(passphrase)) => {
                let (salt, rest) = body.split_at_checked(SALT_LEN).ok_or(Status::KeystoreConfig)?;
                let (costs, check) = rest.split_at_checked(8).ok_or(Status::KeystoreConfig)?;
                let memory =
                    u32::from_be_bytes(costs.get(..4).and_then(|c| c.try_into().ok()).ok_or(Status::KeystoreConfig)?);
                let passes =
                    u32::from_be_bytes(costs.get(4..).and_then(|c| c.try_into().ok()).ok_or(Status::KeystoreConfig)?);
                let key = derive(passphrase, salt, memory, passes)?;
                aead::open(AeadAlgorithm::Aes256Gcm, key.expose(), &check_aad(id), check)
                    .map_err(|_| Status::KeystoreAuthFailed)?;
                Ok(key)
            }
            _ => Err(Status::KeystoreConfig),
        }
    }

    fn encode_root(&self, id: &RootId) -> PqResult<(SecretBytes, SecretBytes)> {
        let mut contents = MAGIC.to_vec();
        let Some(passphrase) = &self.passphrase else {
            let key = SecretBytes::new(rng::array::<{ aead::KEY_LEN }>()?.to_vec());
            contents.push(KEY_FILE);
            contents.extend_from_slice(key.expose());
            return Ok((key, SecretBytes::new(contents)));
        };
        let salt = rng::array::<SALT_LEN>()?;
        let key = derive(passphrase, salt.as_slice(), ARGON2_MEMORY_KIB, ARGON2_ITERATIONS)?;
        contents.push(PASSPHRASE);
        contents.extend_from_slice(salt.as_slice());
        contents.extend_from_slice(&ARGON2_MEMORY_KIB.to_be_bytes());
        contents.extend_from_slice(&ARGON2_ITERATIONS.to_be_bytes());
        contents.extend_from_slice(&aead::seal(AeadAlgorithm::Aes256Gcm, key.expose(), &check_aad(id), &[])?);
        Ok((key, SecretBytes::new(contents)))
    }
}

fn check_aad(id: &RootId) -> Vec<u8> {
    [CHECK_DOMAIN, id.as_slice()].concat()
}

fn derive(passphrase: &SecretBytes, salt: &[u8], memory_kib: u32, passes: u32) -> PqResult<SecretBytes> {
    let params = password::Argon2idParams { memory_kib, iterations: passes, parallelism: 1 };
    password::derive(passphrase.expose(), salt, params, aead::KEY_LEN).map_err(|_| Status::KeystoreConfig)
}

/// Writes `contents` as a new `0600` file atomically (temporary name, sync, rename, sync dir).
fn write_new_file(dir: &Path, name: &str, contents: &[u8]) -> PqResult<()> {
    let temporary = dir.join(format!(".{name}.tmp"));
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary).map_err(io_status)?;
    file.write_all(contents).and_then(|()| file.sync_all()).map_err(io_status)?;
    fs::rename(&temporary, dir.join(name)).map_err(io_status)?;
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io_status)
}

impl RootKeys for SoftwareKeystore {
    fn backend(&self) -> Backend {
        Backend::Software
    }

    fn roots(&self) -> PqResult<Vec<RootInfo>> {
        let entries = fs::read_dir(&self.dir).map_err(|_| Status::KeystoreUnavailable)?;
        let mut roots = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|_| Status::KeystoreUnavailable)?;
            if let Some(root) = entry.file_name().to_str().and_then(parse_file_name) {
                roots.push(root);
            }
        }
        Ok(roots)
    }

    fn create_root(&self, sequence: u32) -> PqResult<RootInfo> {
        let id: RootId = *rng::array::<ROOT_ID_LEN>()?;
        let (key, contents) = self.encode_root(&id)?;
        write_new_file(&self.dir, &file_name(sequence, &id), contents.expose())?;
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).insert(id, key);
        Ok(RootInfo { id, sequence })
    }

    fn destroy_root(&self, id: &RootId) -> PqResult<()> {
        let path = self.path_of(id)?;
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        fs::remove_file(path).map_err(io_status)
    }

    fn seal(&self, id: &RootId, aad: &[u8], dek: &[u8]) -> PqResult<Vec<u8>> {
        seal_dek(self.root_key(id)?.expose(), aad, dek)
    }

    fn unseal(&self, id: &RootId, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
        unseal_dek(self.root_key(id)?.expose(), aad, sealed)
    }
}

/// Seals a DEK under a root key held in memory: AES-256-GCM (random nonce) with `aad`. The
/// software keystore's roots and the fleet keystore's KEKs both seal this way.
///
/// # Errors
/// [`Status::InvalidLength`] for a DEK that is not [`DEK_LEN`] bytes; [`Status::RandomnessUnavailable`].
pub(super) fn seal_dek(root: &[u8], aad: &[u8], dek: &[u8]) -> PqResult<Vec<u8>> {
    if dek.len() != DEK_LEN {
        return Err(Status::InvalidLength);
    }
    aead::seal(AeadAlgorithm::Aes256Gcm, root, aad, dek)
}

/// Opens what [`seal_dek`] produced.
///
/// # Errors
/// [`Status::UnwrapFailed`] for anything that does not authenticate.
pub(super) fn unseal_dek(root: &[u8], aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    aead::open(AeadAlgorithm::Aes256Gcm, root, aad, sealed).map_err(|_| Status::UnwrapFailed)
}
