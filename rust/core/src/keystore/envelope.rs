//! The wrapped-key envelope: the only form in which a private key leaves Rust.
//!
//! ```text
//! "PQKW" ‖ format (1) ‖ backend (1) ‖ algorithm (u32) ‖ root id (16)
//!        ‖ len(sealed DEK) (u16) ‖ sealed DEK ‖ nonce (12) ‖ AES-256-GCM(DEK, key) ‖ tag (16)
//! ```
//! Integers are big-endian. A fresh DEK per envelope is sealed by the root key inside the
//! device; the private key (its seed when known) is encrypted under the DEK with associated
//! data `header ‖ binding`, where `header` is everything before the nonce. So flipping any
//! bit, naming another root, or presenting the envelope for another key id, version,
//! algorithm or owner makes it fail to open.

use super::binding::KeyBinding;
use super::{Backend, DEK_LEN, ROOT_ID_LEN, RootId, RootKeys};
use crate::aead::{self, NONCE_LEN, TAG_LEN};
use crate::algorithm::{AeadAlgorithm, Algorithm};
use crate::key::{self, PrivateKey};
use crate::{PqResult, Status, rng};

const MAGIC: &[u8; 4] = b"PQKW";
const FORMAT_V1: u8 = 1;
/// `magic ‖ format ‖ backend ‖ algorithm ‖ root id`.
const PREFIX_LEN: usize = 4 + 1 + 1 + 4 + ROOT_ID_LEN;

/// A parsed envelope, borrowing from its bytes.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// The backend that sealed the DEK.
    pub backend: Backend,
    /// The wrapped key's algorithm.
    pub algorithm: Algorithm,
    /// The root key that sealed the DEK.
    pub root_id: RootId,
    sealed_dek: &'a [u8],
    header: &'a [u8],
    body: &'a [u8],
}

impl<'a> Envelope<'a> {
    /// Parses the framing (nothing is authenticated yet).
    ///
    /// # Errors
    /// [`Status::EnvelopeMalformed`] for anything that is not a v1 envelope.
    pub fn parse(bytes: &'a [u8]) -> PqResult<Self> {
        let malformed = Status::EnvelopeMalformed;
        let prefix = bytes.get(..PREFIX_LEN).ok_or(malformed)?;
        if prefix.get(..4) != Some(MAGIC.as_slice()) || prefix.get(4) != Some(&FORMAT_V1) {
            return Err(malformed);
        }
        let backend = prefix.get(5).and_then(|b| Backend::from_id(u32::from(*b))).ok_or(malformed)?;
        let algorithm = Algorithm::from_id(u32::from_be_bytes(array(prefix.get(6..10))?)).map_err(|_| malformed)?;
        let root_id: RootId = array(prefix.get(10..PREFIX_LEN))?;
        let dek_len = usize::from(u16::from_be_bytes(array(bytes.get(PREFIX_LEN..PREFIX_LEN + 2))?));
        let header_len = PREFIX_LEN + 2 + dek_len;
        let sealed_dek = bytes.get(PREFIX_LEN + 2..header_len).ok_or(malformed)?;
        let (header, body) = bytes.split_at_checked(header_len).ok_or(malformed)?;
        if body.len() < NONCE_LEN + TAG_LEN {
            return Err(malformed);
        }
        Ok(Self { backend, algorithm, root_id, sealed_dek, header, body })
    }
}

fn array<const N: usize>(bytes: Option<&[u8]>) -> PqResult<[u8; N]> {
    bytes.and_then(|b| b.try_into().ok()).ok_or(Status::EnvelopeMalformed)
}

fn associated_data(header: &[u8], binding: &KeyBinding<'_>) -> Vec<u8> {
    let mut aad = header.to_vec();
    aad.extend_from_slice(&binding.encode());
    aad
}

/// Wraps `key` under root `root_id` of `roots`, bound to `binding`.
///
/// # Errors
/// [`Status::InvalidArgument`] if `binding.algorithm` is not the key's; device errors
/// from [`RootKeys::seal`]; [`Status::RandomnessUnavailable`].
pub fn wrap(roots: &dyn RootKeys, root_id: &RootId, key: &PrivateKey, binding: &KeyBinding<'_>) -> PqResult<Vec<u8>> {
    if binding.algorithm != key.algorithm {
        return Err(Status::InvalidArgument);
    }
    let mut prefix = Vec::with_capacity(PREFIX_LEN);
    prefix.extend_from_slice(MAGIC);
    prefix.push(FORMAT_V1);
    prefix.push(u8::try_from(roots.backend() as u32).map_err(|_| Status::Internal)?);
    prefix.extend_from_slice(&(key.algorithm as u32).to_be_bytes());
    prefix.extend_from_slice(root_id);
    let dek = rng::array::<DEK_LEN>()?;
    let sealed_dek = roots.seal(root_id, &associated_data(&prefix, binding), dek.as_slice())?;
    let mut out = prefix;
    out.extend_from_slice(&u16::try_from(sealed_dek.len()).map_err(|_| Status::Internal)?.to_be_bytes());
    out.extend_from_slice(&sealed_dek);
    let body = aead::seal(
        AeadAlgorithm::Aes256Gcm,
        dek.as_slice(),
        &associated_data(&out, binding),
        key.storage_form().expose(),
    )?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Opens an envelope bound to `binding` and rebuilds the key (with its pairwise check).
///
/// # Errors
/// [`Status::EnvelopeMalformed`]; [`Status::RootKeyNotFound`] for an envelope of another
/// backend or an absent root; [`Status::UnwrapFailed`] for any authentication failure,
/// including a binding or algorithm that is not the envelope's; device errors.
pub fn unwrap(roots: &dyn RootKeys, bytes: &[u8], binding: &KeyBinding<'_>) -> PqResult<PrivateKey> {
    let envelope = Envelope::parse(bytes)?;
    if envelope.backend != roots.backend() {
        return Err(Status::RootKeyNotFound);
    }
    if envelope.algorithm != binding.algorithm {
        return Err(Status::UnwrapFailed);
    }
    let prefix = envelope.header.get(..PREFIX_LEN).ok_or(Status::EnvelopeMalformed)?;
    let dek = roots.unseal(&envelope.root_id, &associated_data(prefix, binding), envelope.sealed_dek)?;
    let stored =
        aead::open(AeadAlgorithm::Aes256Gcm, dek.expose(), &associated_data(envelope.header, binding), envelope.body)
            .map_err(|_| Status::UnwrapFailed)?;
    // Authenticated, so a failure here means our own format is inconsistent, not tampering.
    key::import_private(envelope.algorithm, stored.expose()).map_err(|_| Status::Internal)
}
