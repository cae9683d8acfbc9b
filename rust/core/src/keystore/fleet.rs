//! The TPM fleet keystore: one set of roots (fleet KEKs) shared by many nodes, each with its
//! own TPM (docs/FLEET.md).
//!
//! A **fleet KEK** is a random AES-256 key. Its plaintext exists only in Rust memory
//! ([`SecretBytes`], zeroized), behind the keystore handle; DEKs are sealed under it with
//! AES-256-GCM and the envelope's associated data, exactly as the software keystore's key-file
//! roots seal them ([`super::software::seal_dek`]). At rest a node holds each KEK only as a
//! **sealed blob**: a TPM sealed data object under its own SRK ([`TpmKeystore::seal_to_srk`],
//! fixedTPM, fixedParent), which opens on that TPM alone; the caller stores the blobs (in the
//! shared database) and hands them back at start ([`FleetKeystore::load_kek`]).
//!
//! A joining node makes an X-Wing **transfer key** ([`FleetKeystore::transfer_key`]): its seed
//! is sealed by the node's TPM, its public key registered. A member exports each KEK to it
//! with HPKE (X-Wing, HKDF-SHA256, AES-256-GCM; [`FleetKeystore::export_kek`]), and the joining
//! node opens it with its TPM-sealed seed ([`FleetKeystore::import_kek`]), then seals the KEK
//! under its own TPM. The caller binds the fleet, node and KEK in `context` (HPKE `info`).
//!
//! Sealed and transferred, a KEK travels as the record
//! `"PQFK" ‖ 1 ‖ id (16) ‖ sequence (u32 BE) ‖ KEK (32)`, so a blob names its own id and
//! sequence and cannot be presented as another KEK's. A transfer seed is sealed as
//! `"PQFT" ‖ 1 ‖ seed (32)`.
//!
//! The roots this keystore lists are the KEKs loaded in this process; with none loaded (a node
//! that never joined, or was revoked) it reports [`Status::KeystoreUnavailable`], so nothing is
//! wrapped under a KEK the fleet does not know. New KEKs are made only by
//! [`FleetKeystore::create_kek`], whose caller stores the sealed blob before using it:
//! [`RootKeys::create_root`] (the plain root rotation) is refused.

use super::software::{seal_dek, unseal_dek};
use super::tpm::{TpmConfig, TpmKeystore};
use super::{Backend, ROOT_ID_LEN, RootId, RootInfo, RootKeys};
use crate::algorithm::{AeadAlgorithm, Algorithm};
use crate::secret::SecretBytes;
use crate::{PqResult, Status, aead, hpke, key, rng};
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

const KEK_MAGIC: &[u8; 4] = b"PQFK";
const SEED_MAGIC: &[u8; 4] = b"PQFT";
const FORMAT_V1: u8 = 1;
const KEK_RECORD_LEN: usize = 4 + 1 + ROOT_ID_LEN + 4 + aead::KEY_LEN;
const SEED_LEN: usize = 32;
const INFO_LABEL: &[u8] = b"pqgate/fleet/kek-transfer/v1\0";

/// One loaded KEK.
struct Kek {
    sequence: u32,
    key: SecretBytes,
}

/// Fleet KEKs in memory, sealed at rest by this node's TPM; see the module documentation.
pub struct FleetKeystore {
    tpm: TpmKeystore,
    keks: RwLock<HashMap<RootId, Kek>>,
}

impl std::fmt::Debug for FleetKeystore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FleetKeystore").finish_non_exhaustive()
    }
}

impl FleetKeystore {
    /// Connects to this node's TPM; no KEK is loaded yet.
    ///
    /// # Errors
    /// As [`TpmKeystore::open`].
    pub fn open(config: TpmConfig) -> PqResult<Self> {
        Ok(Self { tpm: TpmKeystore::open(config)?, keks: RwLock::new(HashMap::new()) })
    }

    fn insert(&self, id: RootId, sequence: u32, key: SecretBytes) {
        self.keks.write().unwrap_or_else(PoisonError::into_inner).insert(id, Kek { sequence, key });
    }

    fn kek_record(&self, id: &RootId) -> PqResult<SecretBytes> {
        let keks = self.keks.read().unwrap_or_else(PoisonError::into_inner);
        let kek = keks.get(id).ok_or(Status::RootKeyNotFound)?;
        let mut record = Vec::with_capacity(KEK_RECORD_LEN);
        record.extend_from_slice(KEK_MAGIC);
        record.push(FORMAT_V1);
        record.extend_from_slice(id);
        record.extend_from_slice(&kek.sequence.to_be_bytes());
        record.extend_from_slice(kek.key.expose());
        Ok(SecretBytes::new(record))
    }

    /// Parses a KEK record and loads it; returns its id and sequence.
    fn load_record(&self, record: &[u8]) -> PqResult<RootInfo> {
        if record.len() != KEK_RECORD_LEN || record.get(..4) != Some(KEK_MAGIC) || record.get(4) != Some(&FORMAT_V1) {
            return Err(Status::InvalidKey);
        }
        let id: RootId = record.get(5..5 + ROOT_ID_LEN).and_then(|b| b.try_into().ok()).ok_or(Status::InvalidKey)?;
        let at = 5 + ROOT_ID_LEN;
        let sequence: [u8; 4] = record.get(at..at + 4).and_then(|b| b.try_into().ok()).ok_or(Status::InvalidKey)?;
        let key = record.get(at + 4..).ok_or(Status::InvalidKey)?;
        let sequence = u32::from_be_bytes(sequence);
        self.insert(id, sequence, SecretBytes::from_slice(key));
        Ok(RootInfo { id, sequence })
    }

    /// Makes a new KEK with `sequence` (random id and key) and loads it. The caller stores its
    /// [`FleetKeystore::seal_kek`] blob before anything is wrapped under it.
    ///
    /// # Errors
    /// [`Status::InvalidArgument`] for a sequence some loaded KEK already has;
    /// [`Status::RandomnessUnavailable`].
    pub fn create_kek(&self, sequence: u32) -> PqResult<RootInfo> {
        let mut keks = self.keks.write().unwrap_or_else(PoisonError::into_inner);
        if keks.values().any(|k| k.sequence == sequence) {
            return Err(Status::InvalidArgument);
        }
        let id: RootId = *rng::array::<ROOT_ID_LEN>()?;
        let key = SecretBytes::new(rng::array::<{ aead::KEY_LEN }>()?.to_vec());
        keks.insert(id, Kek { sequence, key });
        Ok(RootInfo { id, sequence })
    }

    /// A loaded KEK sealed by this node's TPM (under its SRK): the form to store at rest.
    ///
    /// # Errors
    /// [`Status::RootKeyNotFound`] for a KEK not loaded; device errors.
    pub fn seal_kek(&self, id: &RootId) -> PqResult<Vec<u8>> {
        self.tpm.seal_to_srk(self.kek_record(id)?.expose())
    }

    /// Unseals a blob of [`FleetKeystore::seal_kek`] with this node's TPM and loads the KEK.
    ///
    /// # Errors
    /// [`Status::InvalidKey`] for a blob of another TPM, a changed bit, or not a KEK; device errors.
    pub fn load_kek(&self, blob: &[u8]) -> PqResult<RootInfo> {
        let record = self.tpm.unseal_from_srk(blob)?;
        self.load_record(record.expose())
    }

    /// Forgets (zeroizes) every loaded KEK: a revoked node keeps none.
    pub fn forget_all(&self) {
        self.keks.write().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// A new X-Wing transfer key: returns `public key (1216) ‖ sealed seed`, the seed sealed
    /// by this node's TPM. Only the public key is meant to leave the node's records.
    ///
    /// # Errors
    /// [`Status::RandomnessUnavailable`]; device errors.
    pub fn transfer_key(&self) -> PqResult<Vec<u8>> {
        let seed = rng::array::<SEED_LEN>()?;
        let private = key::from_seed(Algorithm::XWing, seed.as_slice())?;
        let public = private.public.clone().ok_or(Status::Internal)?;
        let record = SecretBytes::new([SEED_MAGIC.as_slice(), &[FORMAT_V1], seed.as_slice()].concat());
        let sealed = self.tpm.seal_to_srk(record.expose())?;
        Ok([public, sealed].concat())
    }

    /// Encrypts a loaded KEK to a joining node's transfer public key (HPKE base mode, `info` =
    /// a fixed label ‖ `context`, empty aad). Returns `enc ‖ ciphertext`. The record inside
    /// names the KEK's id, so the importer learns (and the caller checks) which KEK it got.
    ///
    /// # Errors
    /// [`Status::RootKeyNotFound`]; [`Status::InvalidKey`] / [`Status::InvalidLength`] for a
    /// malformed public key.
    pub fn export_kek(&self, id: &RootId, recipient_public: &[u8], context: &[u8]) -> PqResult<Vec<u8>> {
        let record = self.kek_record(id)?;
        let info = [INFO_LABEL, context].concat();
        let (enc, ciphertext) = hpke::seal(
            Algorithm::XWing,
            AeadAlgorithm::Aes256Gcm,
            recipient_public,
            &info,
            &[],
            record.expose(),
            None,
        )?;
        Ok([enc, ciphertext].concat())
    }

    /// Opens an [`FleetKeystore::export_kek`] ciphertext with this node's TPM-sealed transfer
    /// seed and loads the KEK; returns its id and sequence. The caller then stores
    /// [`FleetKeystore::seal_kek`] and drops the ciphertext.
    ///
    /// # Errors
    /// [`Status::InvalidKey`] for a sealed seed of another TPM or tampered;
    /// [`Status::DecryptionFailed`] for a ciphertext to another key, with another context, or
    /// tampered; [`Status::InvalidLength`].
    pub fn import_kek(&self, sealed_seed: &[u8], ciphertext: &[u8], context: &[u8]) -> PqResult<RootInfo> {
        let record = self.tpm.unseal_from_srk(sealed_seed)?;
        let seed = match record.expose().split_at_checked(5) {
            Some((header, seed)) if header.get(..4) == Some(SEED_MAGIC) && header.get(4) == Some(&FORMAT_V1) => seed,
            _ => return Err(Status::InvalidKey),
        };
        let private = key::from_seed(Algorithm::XWing, seed)?;
        let enc_len = Algorithm::XWing.sizes().ciphertext as usize;
        let (enc, body) = ciphertext.split_at_checked(enc_len).ok_or(Status::InvalidLength)?;
        let info = [INFO_LABEL, context].concat();
        let opened = hpke::open(&private, AeadAlgorithm::Aes256Gcm, enc, &info, &[], body)?;
        self.load_record(opened.expose())
    }
}

impl RootKeys for FleetKeystore {
    fn backend(&self) -> Backend {
        Backend::TpmFleet
    }

    fn roots(&self) -> PqResult<Vec<RootInfo>> {
        let keks = self.keks.read().unwrap_or_else(PoisonError::into_inner);
        if keks.is_empty() {
            // Not (or no longer) a member: nothing may be wrapped or opened here.
            return Err(Status::KeystoreUnavailable);
        }
        Ok(keks.iter().map(|(id, k)| RootInfo { id: *id, sequence: k.sequence }).collect())
    }

    fn create_root(&self, _sequence: u32) -> PqResult<RootInfo> {
        // A KEK nobody stored would be lost at the next start: see create_kek.
        Err(Status::UnsupportedOperation)
    }

    fn destroy_root(&self, id: &RootId) -> PqResult<()> {
        let removed = self.keks.write().unwrap_or_else(PoisonError::into_inner).remove(id);
        removed.map(drop).ok_or(Status::RootKeyNotFound)
    }

    fn seal(&self, id: &RootId, aad: &[u8], dek: &[u8]) -> PqResult<Vec<u8>> {
        let keks = self.keks.read().unwrap_or_else(PoisonError::into_inner);
        seal_dek(keks.get(id).ok_or(Status::RootKeyNotFound)?.key.expose(), aad, dek)
    }

    fn unseal(&self, id: &RootId, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
        let keks = self.keks.read().unwrap_or_else(PoisonError::into_inner);
        unseal_dek(keks.get(id).ok_or(Status::RootKeyNotFound)?.key.expose(), aad, sealed)
    }

    fn ping(&self) -> PqResult<()> {
        self.tpm.ping()?;
        self.roots().map(drop)
    }

    fn fleet(&self) -> Option<&FleetKeystore> {
        Some(self)
    }
}
