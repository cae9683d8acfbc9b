//! Device-sync primitives, as the C ABI exports them: sealed boxes to KEM keys (including
//! the sealed export of a private key's seed), Shamir secret sharing and Argon2id.

use crate::key::{Key, KeyKind};
use crate::password::{self, Argon2idParams};
use crate::secret::SecretBytes;
use crate::{PqResult, Status, handles, sealed_box, self_test, shamir};

const KEM_KINDS: [KeyKind; 2] = [KeyKind::KemEncapsulationKey, KeyKind::KemDecapsulationKey];

/// Seals `plaintext` to a KEM key (public or private handle; see [`sealed_box`]).
///
/// # Errors
/// Handle errors ([`Status::WrongHandleKind`] for a non-KEM key); [`Status::RandomnessUnavailable`].
pub fn seal(recipient: u64, aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let recipient = handles::get_kind(recipient, &KEM_KINDS)?;
    sealed_box::seal(recipient.algorithm(), recipient.public_bytes()?, aad, plaintext)
}

/// Opens a sealed box with a KEM private key.
///
/// # Errors
/// Handle errors; see [`sealed_box::open`].
pub fn seal_open(recipient: u64, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let recipient = handles::get_kind(recipient, &[KeyKind::KemDecapsulationKey])?;
    let Key::Private(private) = recipient.as_ref() else { return Err(Status::WrongHandleKind) };
    sealed_box::open(private, aad, sealed)
}

/// Seals the seed of a private key (any algorithm) to a KEM key: the only form in which a
/// private key leaves the library besides a keystore envelope. The plaintext is the seed
/// exactly as `key_from_seed` takes it.
///
/// # Errors
/// [`Status::WrongHandleKind`] for a public `key` or a non-KEM `recipient`;
/// [`Status::UnsupportedOperation`] for a device key (it never leaves its device) or an
/// ML-KEM/ML-DSA key imported in expanded form (its seed is unknown); handle errors.
pub fn seal_private_key(key: u64, recipient: u64, aad: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let key =
        handles::get_kind(key, &[KeyKind::KemDecapsulationKey, KeyKind::SigningKey, KeyKind::AgreementPrivateKey])?;
    let recipient = handles::get_kind(recipient, &KEM_KINDS)?;
    let seed = match key.as_ref() {
        Key::Private(private) => private.seed_form().ok_or(Status::UnsupportedOperation)?,
        Key::Native(_) => return Err(Status::UnsupportedOperation),
        Key::Public(_) => return Err(Status::WrongHandleKind),
    };
    sealed_box::seal(recipient.algorithm(), recipient.public_bytes()?, aad, seed.expose())
}

/// Splits `secret` into `count` shares (threshold `threshold`), concatenated; each share is
/// [`shamir::share_len`]`(secret.len())` bytes.
///
/// # Errors
/// See [`shamir::split`].
pub fn shamir_split(secret: &[u8], threshold: u32, count: u32) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let shares = shamir::split(secret, threshold, count)?;
    let mut out = SecretBytes::new(vec![0u8; shares.len() * shamir::share_len(secret.len())]);
    for (chunk, share) in out.expose_mut().chunks_exact_mut(shamir::share_len(secret.len())).zip(&shares) {
        chunk.copy_from_slice(share.expose());
    }
    Ok(out)
}

/// Recovers a secret from concatenated shares of `share_len` bytes each.
///
/// # Errors
/// [`Status::SharesInsufficient`] for no shares; [`Status::ShareMalformed`] if `share_len`
/// is 0 or does not divide the input; see [`shamir::combine`].
pub fn shamir_combine(shares: &[u8], share_len: u32) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let share_len = share_len as usize;
    if shares.is_empty() {
        return shamir::combine(&[]);
    }
    if share_len == 0 || shares.len() % share_len != 0 {
        return Err(Status::ShareMalformed);
    }
    let shares: Vec<&[u8]> = shares.chunks_exact(share_len).collect();
    shamir::combine(&shares)
}

/// Argon2id into `len` bytes.
///
/// # Errors
/// See [`password::derive`].
pub fn password_derive(password: &[u8], salt: &[u8], params: Argon2idParams, len: usize) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    password::derive(password, salt, params, len)
}
