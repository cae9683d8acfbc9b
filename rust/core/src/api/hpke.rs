//! HPKE base mode (RFC 9180, single shot) to and with KEM key handles; see [`crate::hpke`].

use crate::algorithm::AeadAlgorithm;
use crate::key::{Key, KeyKind};
use crate::secret::SecretBytes;
use crate::{PqResult, Status, handles, hpke, self_test};

use super::key_import_private;

/// Seals `plaintext` to a KEM key (public or private handle: its public half) with the
/// AEAD numbered `aead` (ABI `AeadAlgorithm`); returns `enc ‖ ciphertext`, `enc` being the
/// KEM ciphertext of the key's algorithm (`sizes().ciphertext` bytes).
///
/// # Errors
/// Handle errors ([`Status::WrongHandleKind`] for a non-KEM key); [`Status::UnknownAlgorithm`]
/// for `aead`; [`Status::UnsupportedOperation`]; [`Status::RandomnessUnavailable`].
pub fn seal(recipient: u64, aead: u32, info: &[u8], aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let aead = AeadAlgorithm::from_id(aead)?;
    let recipient = handles::get_kind(recipient, &[KeyKind::KemEncapsulationKey, KeyKind::KemDecapsulationKey])?;
    let (enc, ciphertext) =
        hpke::seal(recipient.algorithm(), aead, recipient.public_bytes()?, info, aad, plaintext, None)?;
    Ok([enc, ciphertext].concat())
}

/// Opens `(enc, ciphertext)` with a KEM private key handle.
///
/// # Errors
/// Handle errors; [`Status::UnknownAlgorithm`] for `aead`; see [`hpke::open`].
pub fn open(
    recipient: u64,
    aead: u32,
    enc: &[u8],
    info: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let aead = AeadAlgorithm::from_id(aead)?;
    let recipient = handles::get_kind(recipient, &[KeyKind::KemDecapsulationKey])?;
    let Key::Private(private) = recipient.as_ref() else { return Err(Status::UnsupportedOperation) };
    hpke::open(private, aead, enc, info, aad, ciphertext)
}

/// Opens `(enc, ciphertext)` like [`open`] and imports the plaintext as a private key of
/// `algorithm` (its seed or expanded form, validated as [`key_import_private`] does), returning
/// the new handle: a wrapped import whose plaintext key never leaves the library. The opened
/// bytes are wiped whether or not they import.
///
/// # Errors
/// As [`open`]; then as [`key_import_private`] (`INVALID_LENGTH`, `INVALID_KEY`, …).
#[allow(clippy::too_many_arguments)] // the operation's inputs, one per HPKE field
pub fn open_key(
    recipient: u64,
    aead: u32,
    enc: &[u8],
    info: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    algorithm: u32,
) -> PqResult<u64> {
    let plaintext = open(recipient, aead, enc, info, aad, ciphertext)?;
    key_import_private(algorithm, plaintext.expose())
}
