//! Native device keys, ECDSA P-256 only: the [`NativeKeys`] implementation. A key is created
//! under the SRK and never stored in the TPM; its reference is the key blob, loaded, used and
//! flushed on every call.

use super::TpmKeystore;
use super::blob::{decode, encode};
use super::connection::{authorized, flushing, native_load_error};
use crate::algorithm::{Algorithm, HashAlgorithm};
use crate::keystore::{NativeKey, NativeKeys};
use crate::{PqResult, Status, ecdsa_p256};
use tss_esapi::attributes::ObjectAttributesBuilder;
use tss_esapi::constants::tss::{TPM2_RH_NULL, TPM2_ST_HASHCHECK};
use tss_esapi::handles::KeyHandle;
use tss_esapi::interface_types::algorithm::{HashingAlgorithm, PublicAlgorithm};
use tss_esapi::interface_types::ecc::EccCurve;
use tss_esapi::structures::{Digest, EccParameter, EccPoint, EccScheme, HashScheme, HashcheckTicket};
use tss_esapi::structures::{Public, PublicBuilder, PublicEccParametersBuilder, Signature, SignatureScheme};
use tss_esapi::tss2_esys::TPMT_TK_HASHCHECK;
use tss_esapi::{Context, Error as TssError, interface_types::session_handles::AuthSession};

/// Length of one P-256 coordinate, and of `r` and `s`.
const P256_FIELD_LEN: usize = 32;

impl TpmKeystore {
    /// Loads native key `reference` under the SRK, runs `op` on it, and flushes it.
    fn with_native_key<T>(
        &self,
        algorithm: Algorithm,
        reference: &[u8],
        op: impl FnOnce(&mut Context, KeyHandle, Vec<u8>) -> PqResult<T>,
    ) -> PqResult<T> {
        if algorithm != Algorithm::EcdsaP256 {
            return Err(Status::UnsupportedOperation);
        }
        let (public, private) = decode(reference).ok_or(Status::InvalidKey)?;
        let point = signing_point(&public)?;
        self.with_srk(|ctx, srk| {
            let password = Some(AuthSession::Password);
            let key = ctx.execute_with_session(password, |c| c.load(srk, private, public));
            let key = key.map_err(native_load_error)?;
            flushing(ctx, key.into(), |ctx| op(ctx, key, point))
        })
    }
}

impl NativeKeys for TpmKeystore {
    fn native_algorithms(&self) -> &'static [Algorithm] {
        &[Algorithm::EcdsaP256]
    }

    fn native_generate(&self, algorithm: Algorithm) -> PqResult<NativeKey> {
        if algorithm != Algorithm::EcdsaP256 {
            return Err(Status::UnsupportedOperation);
        }
        let template = signing_template().map_err(|_| Status::Internal)?;
        // The parent is the SRK, never a root. A child loads only under the parent it was
        // created under, and a rotation evicts the old roots: a device key under a root would
        // die at the next rotation (and the caller could not re-wrap it, fixedParent). The SRK
        // is re-derived from the owner seed, so the key lives until the owner hierarchy is
        // cleared, whatever happens to the roots.
        let key = self.with_srk(|ctx, srk| authorized(ctx, |c| c.create(srk, template, None, None, None, None)))?;
        let public = signing_point(&key.out_public).map_err(|_| Status::KeystoreDeviceError)?;
        Ok(NativeKey { reference: encode(&key.out_public, &key.out_private)?, public })
    }

    fn native_public(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<Vec<u8>> {
        // Loading proves this TPM holds the SRK that wrapped the key.
        self.with_native_key(algorithm, reference, |_, _, point| Ok(point))
    }

    fn native_sign(&self, algorithm: Algorithm, reference: &[u8], message: &[u8]) -> PqResult<Vec<u8>> {
        let digest = crate::digest::digest(HashAlgorithm::Sha256, message);
        let digest = Digest::try_from(digest).map_err(|_| Status::Internal)?;
        let scheme = SignatureScheme::EcDsa { hash_scheme: HashScheme::new(HashingAlgorithm::Sha256) };
        // A null ticket: allowed because the key is unrestricted (it may sign any digest).
        let null = TPMT_TK_HASHCHECK { tag: TPM2_ST_HASHCHECK, hierarchy: TPM2_RH_NULL, digest: Default::default() };
        let validation = HashcheckTicket::try_from(null).map_err(|_| Status::Internal)?;
        let signature = self.with_native_key(algorithm, reference, |ctx, key, _| {
            authorized(ctx, |c| c.sign(key, digest, scheme, validation))
        })?;
        let Signature::EcDsa(signature) = signature else { return Err(Status::SigningFailed) };
        let mut out = Vec::with_capacity(ecdsa_p256::SIGNATURE_LEN);
        for half in [signature.signature_r(), signature.signature_s()] {
            pad_into(&mut out, half).ok_or(Status::SigningFailed)?;
        }
        Ok(out)
    }

    /// The TPM stores nothing for a native key (its blob is the reference, held by the
    /// caller), so there is nothing to delete: destroying it means forgetting the reference.
    /// Only checks that `reference` is one.
    fn native_destroy(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<()> {
        if algorithm != Algorithm::EcdsaP256 {
            return Err(Status::UnsupportedOperation);
        }
        let (public, _) = decode(reference).ok_or(Status::InvalidKey)?;
        signing_point(&public).map(drop)
    }
}

/// A native device key: ECDSA P-256 with SHA-256, unrestricted (it signs digests computed
/// outside the TPM), generated in and bound to this TPM.
fn signing_template() -> Result<Public, TssError> {
    let attributes = ObjectAttributesBuilder::new()
        .with_fixed_tpm(true)
        .with_fixed_parent(true)
        .with_sensitive_data_origin(true)
        .with_user_with_auth(true)
        .with_no_da(true)
        .with_sign_encrypt(true)
        .build()?;
    let scheme = EccScheme::EcDsa(HashScheme::new(HashingAlgorithm::Sha256));
    let ecc = PublicEccParametersBuilder::new_unrestricted_signing_key(scheme, EccCurve::NistP256);
    PublicBuilder::new()
        .with_public_algorithm(PublicAlgorithm::Ecc)
        .with_name_hashing_algorithm(HashingAlgorithm::Sha256)
        .with_object_attributes(attributes)
        .with_ecc_parameters(ecc.build()?)
        .with_ecc_unique_identifier(EccPoint::default())
        .build()
}

/// The uncompressed point `04 || x || y` of a public area made from [`signing_template`];
/// [`Status::InvalidKey`] for any other key (other attributes, curve, scheme, policy).
fn signing_point(public: &Public) -> PqResult<Vec<u8>> {
    let expected = signing_template().map_err(|_| Status::Internal)?;
    let (Public::Ecc { unique, .. }, Public::Ecc { unique: blank, .. }) = (public, &expected) else {
        return Err(Status::InvalidKey);
    };
    let mut template = public.clone();
    if let Public::Ecc { unique: point, .. } = &mut template {
        point.clone_from(blank);
    }
    if template != expected {
        return Err(Status::InvalidKey);
    }
    let mut point = Vec::with_capacity(ecdsa_p256::PUBLIC_KEY_LEN);
    point.push(4);
    pad_into(&mut point, unique.x()).ok_or(Status::InvalidKey)?;
    pad_into(&mut point, unique.y()).ok_or(Status::InvalidKey)?;
    ecdsa_p256::public_key_is_valid(&point).then_some(point).ok_or(Status::InvalidKey)
}

/// Appends a big-endian P-256 field element left-padded to 32 bytes (the TPM strips
/// leading zeros); `None` if it is longer.
fn pad_into(out: &mut Vec<u8>, value: &EccParameter) -> Option<()> {
    let value = value.value();
    out.resize(out.len() + P256_FIELD_LEN.checked_sub(value.len())?, 0);
    out.extend_from_slice(value);
    Some(())
}
