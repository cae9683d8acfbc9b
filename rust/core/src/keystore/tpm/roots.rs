//! Roots at persistent handles (create, list, evict) and DEKs sealed under them: the
//! [`RootKeys`] implementation.

use super::TpmKeystore;
use super::blob::{decode, encode};
use super::connection::{authorized, close, device, flushing, load_error, storage_template};
use crate::keystore::{Backend, DEK_LEN, NativeKeys, ROOT_ID_LEN, RootId, RootInfo, RootKeys};
use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use sha2::{Digest as _, Sha256};
use tss_esapi::attributes::ObjectAttributesBuilder;
use tss_esapi::constants::CapabilityType;
use tss_esapi::handles::{ObjectHandle, PersistentTpmHandle, TpmHandle};
use tss_esapi::interface_types::algorithm::{HashingAlgorithm, PublicAlgorithm};
use tss_esapi::interface_types::{dynamic_handles::Persistent, resource_handles::Provision};
use tss_esapi::structures::{CapabilityData, KeyedHashScheme, Name, Public, PublicBuilder};
use tss_esapi::structures::{PublicKeyedHashParameters, SensitiveData};
use tss_esapi::{Context, Error as TssError, interface_types::session_handles::AuthSession};

/// Persistent handle of the root with sequence 0; the owner range is `0x8100_0000..0x8180_0000`.
const HANDLE_BASE: u32 = 0x8150_0000;
/// Sequences are `0..MAX_SEQUENCE`, so pqgate's handles stay inside `0x8150_xxxx`.
pub const MAX_SEQUENCE: u32 = 0x1_0000;

impl RootKeys for TpmKeystore {
    fn ping(&self) -> PqResult<()> {
        TpmKeystore::ping(self)
    }

    fn backend(&self) -> Backend {
        Backend::Tpm
    }

    fn roots(&self) -> PqResult<Vec<RootInfo>> {
        self.with_context(|ctx| {
            let mut roots = Vec::new();
            scan(ctx, |_, _, root| -> PqResult<Option<()>> {
                roots.push(root);
                Ok(None)
            })?;
            Ok(roots)
        })
    }

    fn create_root(&self, sequence: u32) -> PqResult<RootInfo> {
        let handle = persistent_handle(sequence).ok_or(Status::InvalidArgument)?;
        let template = storage_template().map_err(|_| Status::Internal)?;
        self.with_srk(|ctx, primary| {
            let child = authorized(ctx, |c| {
                let key = c.create(primary, template, None, None, None, None)?;
                c.load(primary, key.out_private, key.out_public)
            })?;
            flushing(ctx, child.into(), |ctx| {
                let name = ctx.tr_get_name(child.into()).map_err(device)?;
                let target = Persistent::Persistent(handle);
                let mut stored = authorized(ctx, |c| c.evict_control(Provision::Owner, child.into(), target))?;
                close(ctx, &mut stored);
                Ok(RootInfo { id: root_id(&name), sequence })
            })
        })
    }

    fn destroy_root(&self, id: &RootId) -> PqResult<()> {
        self.with_context(|ctx| {
            with_root(ctx, id, |ctx, root, sequence| {
                let target = Persistent::Persistent(persistent_handle(sequence).ok_or(Status::Internal)?);
                authorized(ctx, |c| c.evict_control(Provision::Owner, root, target)).map(drop)
            })
        })
    }

    fn seal(&self, id: &RootId, _aad: &[u8], dek: &[u8]) -> PqResult<Vec<u8>> {
        if dek.len() != DEK_LEN {
            return Err(Status::InvalidLength);
        }
        // SensitiveData zeroizes its buffer on drop.
        let data = SensitiveData::try_from(dek.to_vec()).map_err(|_| Status::InvalidLength)?;
        let template = sealed_template().map_err(|_| Status::Internal)?;
        self.with_context(|ctx| {
            with_root(ctx, id, |ctx, root, _| {
                let object = authorized(ctx, |c| c.create(root.into(), template, None, Some(data), None, None))?;
                encode(&object.out_public, &object.out_private)
            })
        })
    }

    fn unseal(&self, id: &RootId, _aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
        let (public, private) = decode(sealed).ok_or(Status::UnwrapFailed)?;
        self.with_context(|ctx| {
            with_root(ctx, id, |ctx, root, _| {
                let password = Some(AuthSession::Password);
                let item = ctx.execute_with_session(password, |c| c.load(root.into(), private, public));
                let item = item.map_err(load_error)?;
                let data = flushing(ctx, item.into(), |ctx| authorized(ctx, |c| c.unseal(item.into())))?;
                match data.value() {
                    dek if dek.len() == DEK_LEN => Ok(SecretBytes::from_slice(dek)),
                    _ => Err(Status::UnwrapFailed),
                }
            })
        })
    }

    fn native_keys(&self) -> Option<&dyn NativeKeys> {
        Some(self)
    }
}

/// A sealed data object: the caller supplies the data, so no sensitiveDataOrigin.
pub(super) fn sealed_template() -> Result<Public, TssError> {
    let attributes = ObjectAttributesBuilder::new()
        .with_fixed_tpm(true)
        .with_fixed_parent(true)
        .with_user_with_auth(true)
        .with_no_da(true)
        .build()?;
    PublicBuilder::new()
        .with_public_algorithm(PublicAlgorithm::KeyedHash)
        .with_name_hashing_algorithm(HashingAlgorithm::Sha256)
        .with_object_attributes(attributes)
        .with_keyed_hash_parameters(PublicKeyedHashParameters::new(KeyedHashScheme::Null))
        .with_keyed_hash_unique_identifier(Default::default())
        .build()
}

fn persistent_handle(sequence: u32) -> Option<PersistentTpmHandle> {
    (sequence < MAX_SEQUENCE).then(|| PersistentTpmHandle::new(HANDLE_BASE + sequence).ok()).flatten()
}

fn root_id(name: &Name) -> RootId {
    let mut id = [0u8; ROOT_ID_LEN];
    id.iter_mut().zip(Sha256::digest(name.value())).for_each(|(out, byte)| *out = byte);
    id
}

/// Visits every pqgate root (a key with the root attributes in pqgate's handle range) with an
/// open ESAPI handle on it, released after, until `visit` returns something.
fn scan<T>(
    ctx: &mut Context,
    mut visit: impl FnMut(&mut Context, ObjectHandle, RootInfo) -> PqResult<Option<T>>,
) -> PqResult<Option<T>> {
    let attributes = storage_template().map_err(|_| Status::Internal)?.object_attributes();
    let mut next = HANDLE_BASE;
    loop {
        let (data, more) = ctx.get_capability(CapabilityType::Handles, next, 64).map_err(device)?;
        let CapabilityData::Handles(handles) = data else { return Err(Status::KeystoreDeviceError) };
        let handles: Vec<u32> = handles.into_inner().into_iter().map(u32::from).collect();
        for &handle in handles.iter().filter(|&&h| h >= HANDLE_BASE && h - HANDLE_BASE < MAX_SEQUENCE) {
            let tpm_handle = TpmHandle::try_from(handle).map_err(|_| Status::KeystoreDeviceError)?;
            let mut object = ctx.tr_from_tpm_public(tpm_handle).map_err(device)?;
            let found = match ctx.read_public(object.into()) {
                Ok((public, name, _)) if public.object_attributes() == attributes => {
                    visit(ctx, object, RootInfo { id: root_id(&name), sequence: handle - HANDLE_BASE })
                }
                Ok(_) => Ok(None),
                Err(error) => Err(device(error)),
            };
            close(ctx, &mut object);
            if let Some(found) = found? {
                return Ok(Some(found));
            }
        }
        match handles.last() {
            Some(&last) if more && last < HANDLE_BASE + MAX_SEQUENCE - 1 => next = last + 1,
            _ => return Ok(None),
        }
    }
}

/// Runs `op` with an ESAPI handle on root `id` and its sequence.
fn with_root<T>(
    ctx: &mut Context,
    id: &RootId,
    op: impl FnOnce(&mut Context, ObjectHandle, u32) -> PqResult<T>,
) -> PqResult<T> {
    let mut op = Some(op);
    let found = scan(ctx, |ctx, root, info| match op.take() {
        Some(op) if info.id == *id => op(ctx, root, info.sequence).map(Some),
        unused => {
            op = unused;
            Ok(None)
        }
    })?;
    found.ok_or(Status::RootKeyNotFound)
}
