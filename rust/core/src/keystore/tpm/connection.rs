//! The ESAPI connection, the SRK cached on it, reconnection after a failure, the helpers every
//! command goes through (password session, flush, close), and the mapping of TSS errors to
//! [`Status`], which decides when the connection is dropped.

use super::TpmKeystore;
use crate::{PqResult, Status};
use tss_esapi::attributes::ObjectAttributesBuilder;
use tss_esapi::constants::response_code::Tss2ResponseCode;
use tss_esapi::handles::{KeyHandle, ObjectHandle};
use tss_esapi::interface_types::algorithm::{HashingAlgorithm, PublicAlgorithm};
use tss_esapi::interface_types::{ecc::EccCurve, resource_handles::Hierarchy};
use tss_esapi::structures::{EccPoint, Public, PublicBuilder, PublicEccParametersBuilder, SymmetricDefinitionObject};
use tss_esapi::{Context, Error as TssError, interface_types::session_handles::AuthSession};

/// `TSS2_RC` layers (bits 16..24; 0 is the TPM itself).
const ESYS_LAYER: u32 = 7;
const SYS_LAYER: u32 = 8;
const TCTI_LAYER: u32 = 10;

/// One ESAPI connection and, once a command needed it, the SRK loaded on it. Both go
/// together: dropping the connection (`Context`'s drop) flushes the SRK.
#[derive(Debug)]
pub(super) struct Connection {
    ctx: Context,
    srk: Option<KeyHandle>,
}

impl TpmKeystore {
    /// Runs `op` on the connection, connecting first if there is none. A failed transport
    /// or a device error drops the connection (its drop flushes what it loaded), so the next
    /// call starts clean against a restarted TPM.
    ///
    /// # Errors
    /// [`Status::KeystoreUnavailable`] if the TPM cannot be reached; whatever `op` returns.
    pub(super) fn with_context<T>(&self, op: impl FnOnce(&mut Context) -> PqResult<T>) -> PqResult<T> {
        self.with_connection(|connection| op(&mut connection.ctx))
    }

    /// As [`TpmKeystore::with_context`], with the owner hierarchy's SRK loaded (derived on
    /// the first use of the connection, then kept loaded with it).
    ///
    /// # Errors
    /// As [`TpmKeystore::with_context`], plus a failed SRK derivation as [`device`] maps it.
    pub(super) fn with_srk<T>(&self, op: impl FnOnce(&mut Context, KeyHandle) -> PqResult<T>) -> PqResult<T> {
        self.with_connection(|connection| {
            let srk = match connection.srk {
                Some(srk) => srk,
                None => {
                    let template = storage_template().map_err(|_| Status::Internal)?;
                    let owner = Hierarchy::Owner;
                    let primary =
                        authorized(&mut connection.ctx, |c| c.create_primary(owner, template, None, None, None, None))?;
                    *connection.srk.insert(primary.key_handle)
                }
            };
            op(&mut connection.ctx, srk)
        })
    }

    /// As [`TpmKeystore::with_context`], on the connection with its cached SRK.
    fn with_connection<T>(&self, op: impl FnOnce(&mut Connection) -> PqResult<T>) -> PqResult<T> {
        let mut guard = self.connection.lock().unwrap_or_else(|poisoned| {
            // A panic mid-command leaves the connection in an unknown state: discard it.
            self.connection.clear_poison();
            let mut guard = poisoned.into_inner();
            *guard = None;
            guard
        });
        if guard.is_none() {
            let ctx = Context::new(self.tcti.clone()).map_err(|_| Status::KeystoreUnavailable)?;
            *guard = Some(Connection { ctx, srk: None });
        }
        let Some(connection) = guard.as_mut() else { return Err(Status::Internal) };
        let result = op(connection);
        if matches!(result, Err(Status::KeystoreUnavailable | Status::KeystoreDeviceError)) {
            // Also forgets the SRK handle: a restarted TPM no longer has it.
            *guard = None;
        }
        result
    }
}

/// The standard SRK template (TCG provisioning guidance, ECC P-256), for the primary and the
/// roots. fixedTPM and fixedParent: a root can never be duplicated out of this TPM.
pub(super) fn storage_template() -> Result<Public, TssError> {
    let attributes = ObjectAttributesBuilder::new()
        .with_fixed_tpm(true)
        .with_fixed_parent(true)
        .with_sensitive_data_origin(true)
        .with_user_with_auth(true)
        .with_no_da(true)
        .with_restricted(true)
        .with_decrypt(true)
        .build()?;
    let ecc = PublicEccParametersBuilder::new_restricted_decryption_key(
        SymmetricDefinitionObject::AES_128_CFB,
        EccCurve::NistP256,
    );
    PublicBuilder::new()
        .with_public_algorithm(PublicAlgorithm::Ecc)
        .with_name_hashing_algorithm(HashingAlgorithm::Sha256)
        .with_object_attributes(attributes)
        .with_ecc_parameters(ecc.build()?)
        .with_ecc_unique_identifier(EccPoint::default())
        .build()
}

/// Runs `op` in an empty-password session: every object here has an empty auth value.
///
/// # Errors
/// `op`'s failure, as [`device`] maps it.
pub(super) fn authorized<T>(ctx: &mut Context, op: impl FnOnce(&mut Context) -> Result<T, TssError>) -> PqResult<T> {
    ctx.execute_with_session(Some(AuthSession::Password), op).map_err(device)
}

/// Runs `op`, then flushes the transient `object` whatever happened: the TPM has ~3 slots.
///
/// # Errors
/// `op`'s error if it failed, else the flush's, as [`device`] maps it.
pub(super) fn flushing<T>(
    ctx: &mut Context,
    object: ObjectHandle,
    op: impl FnOnce(&mut Context) -> PqResult<T>,
) -> PqResult<T> {
    let result = op(ctx);
    let flushed = ctx.flush_context(object).map_err(device);
    let value = result?;
    flushed.map(|()| value)
}

/// Releases ESAPI's record of a persistent object. Fails only for one already released
/// (an evicted root), which is what was wanted.
pub(super) fn close(ctx: &mut Context, object: &mut ObjectHandle) {
    let _released = ctx.tr_close(object);
}

/// The raw `TSS2_RC`. tss-esapi 7.7 (pinned) exposes it only through `Display`
/// ("Response code value: 0x…"), and its kinds drop the layer byte we need.
fn raw_rc(error: &TssError) -> Option<u32> {
    let text = match error {
        TssError::Tss2Error(Tss2ResponseCode::FormatZero(rc)) => rc.to_string(),
        TssError::Tss2Error(Tss2ResponseCode::FormatOne(rc)) => rc.to_string(),
        _ => return None,
    };
    u32::from_str_radix(text.rsplit("0x").next()?, 16).ok()
}

/// The transport failed: any TCTI-layer code (a killed swtpm gives 0xA000A,
/// `TSS2_TCTI_RC_IO_ERROR`), or ESAPI/SAPI passing on a lost or cut-off response.
/// Anything else is the TPM or ESAPI refusing the command.
pub(super) fn device(error: TssError) -> Status {
    let transport = |rc: u32| match rc >> 16 {
        TCTI_LAYER => true,
        ESYS_LAYER | SYS_LAYER => matches!(rc & 0xFFFF, 8 | 9 | 10 | 17 | 19),
        _ => false,
    };
    match raw_rc(&error) {
        Some(rc) if transport(rc) => Status::KeystoreUnavailable,
        _ => Status::KeystoreDeviceError,
    }
}

/// Loading a sealed object: a TPM parameter error (format one: TPM_RC_INTEGRITY, _SIZE,
/// _ATTRIBUTES, ...) or a blob tss-esapi refuses means the blob is not this root's.
pub(super) fn load_error(error: TssError) -> Status {
    match (&error, raw_rc(&error)) {
        (TssError::WrapperError(_), _) => Status::UnwrapFailed,
        (_, Some(rc)) if rc >> 16 == 0 && rc & 0x80 != 0 => Status::UnwrapFailed,
        _ => device(error),
    }
}

/// Loading a native key: a parameter error (format one with the parameter bit: TPM_RC_INTEGRITY
/// for a blob from another TPM or tampered, _SIZE, _ATTRIBUTES, ...) or a blob tss-esapi
/// refuses is not a key of this TPM. A handle error means the cached SRK is gone: a device
/// error, which drops the connection and with it the stale handle.
pub(super) fn native_load_error(error: TssError) -> Status {
    match (&error, raw_rc(&error)) {
        (TssError::WrapperError(_), _) => Status::InvalidKey,
        (_, Some(rc)) if rc >> 16 == 0 && rc & 0xC0 == 0xC0 => Status::InvalidKey,
        _ => device(error),
    }
}
