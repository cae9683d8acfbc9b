//! Small secrets sealed under the SRK itself (not under a root): what the fleet keystore
//! ([`crate::keystore::fleet`]) keeps at rest, a fleet KEK or an X-Wing transfer seed.
//!
//! The blob is the two-part format of [`super::blob`] (`TPM2B_PUBLIC || TPM2B_PRIVATE` of a
//! sealed data object, fixedTPM and fixedParent), so it loads only under this TPM's SRK (same
//! owner seed: until `TPM2_Clear`) and a changed bit fails the load. Unlike a sealed DEK it
//! outlives every root rotation of the `tpm` keystore, as native keys do.

use super::TpmKeystore;
use super::blob::{decode, encode};
use super::connection::{authorized, flushing, native_load_error};
use super::roots::sealed_template;
use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use tss_esapi::interface_types::session_handles::AuthSession;
use tss_esapi::structures::SensitiveData;

/// The most a sealed data object holds (`MAX_SYM_DATA`).
pub const MAX_SEALED_LEN: usize = 128;

impl TpmKeystore {
    /// Seals `data` (1 to [`MAX_SEALED_LEN`] bytes) under the SRK.
    ///
    /// # Errors
    /// [`Status::InvalidLength`]; device errors.
    pub fn seal_to_srk(&self, data: &[u8]) -> PqResult<Vec<u8>> {
        if data.is_empty() || data.len() > MAX_SEALED_LEN {
            return Err(Status::InvalidLength);
        }
        // SensitiveData zeroizes its buffer on drop.
        let data = SensitiveData::try_from(data.to_vec()).map_err(|_| Status::InvalidLength)?;
        let template = sealed_template().map_err(|_| Status::Internal)?;
        let object =
            self.with_srk(|ctx, srk| authorized(ctx, |c| c.create(srk, template, None, Some(data), None, None)))?;
        encode(&object.out_public, &object.out_private)
    }

    /// Opens what [`TpmKeystore::seal_to_srk`] produced.
    ///
    /// # Errors
    /// [`Status::InvalidKey`] for a blob that does not parse, is not a sealed data object, or
    /// does not load under this TPM's SRK (another TPM, a changed bit); device errors.
    pub fn unseal_from_srk(&self, blob: &[u8]) -> PqResult<SecretBytes> {
        let (public, private) = decode(blob).ok_or(Status::InvalidKey)?;
        let expected = sealed_template().map_err(|_| Status::Internal)?.object_attributes();
        if public.object_attributes() != expected {
            return Err(Status::InvalidKey);
        }
        self.with_srk(|ctx, srk| {
            let password = Some(AuthSession::Password);
            let item = ctx.execute_with_session(password, |c| c.load(srk, private, public));
            let item = item.map_err(native_load_error)?;
            let data = flushing(ctx, item.into(), |ctx| authorized(ctx, |c| c.unseal(item.into())))?;
            Ok(SecretBytes::from_slice(data.value()))
        })
    }
}
