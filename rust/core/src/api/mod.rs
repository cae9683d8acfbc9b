//! The operations the C ABI exports, in safe Rust: handles in, owned values out.
//! Keystore and wrapped-key operations are in [`keystore`], device-sync primitives in [`sync`],
//! HPKE in [`hpke`].
//!
//! Every cryptographic operation first passes the self-test gate. Outputs are returned
//! whole, so the boundary can check the caller's buffer and write only on success.

pub mod hpke;
pub mod keystore;
pub mod sync;

use crate::algorithm::{AeadAlgorithm, Algorithm, HashAlgorithm, Sizes};
use crate::key::{self, Key, KeyKind};
use crate::secret::SecretBytes;
use crate::{PqResult, Status, aead, digest, handles, kdf, kem, mac, rng, self_test, signature, x25519};

const PRIVATE_KINDS: [KeyKind; 5] = [
    KeyKind::KemDecapsulationKey,
    KeyKind::SigningKey,
    KeyKind::AgreementPrivateKey,
    KeyKind::SecretKey,
    KeyKind::MacKey,
];

fn private(handle: u64, kind: KeyKind) -> PqResult<std::sync::Arc<Key>> {
    handles::get_kind(handle, &[kind])
}

/// The in-memory private key; a device key can only sign through its device.
fn private_key(key: &Key) -> PqResult<&key::PrivateKey> {
    match key {
        Key::Private(k) => Ok(k),
        Key::Public(_) => Err(Status::WrongHandleKind),
        Key::Native(_) => Err(Status::UnsupportedOperation),
    }
}

/// Sizes of an algorithm's objects.
///
/// # Errors
/// [`Status::UnknownAlgorithm`].
pub fn algorithm_sizes(algorithm: u32) -> PqResult<Sizes> {
    Ok(Algorithm::from_id(algorithm)?.sizes())
}

/// Generates a key pair from OS randomness.
///
/// # Errors
/// [`Status::UnknownAlgorithm`], [`Status::SelfTestFailed`], [`Status::PairwiseConsistencyFailed`].
pub fn key_generate(algorithm: u32) -> PqResult<u64> {
    self_test::ensure()?;
    handles::insert(Key::Private(key::generate(Algorithm::from_id(algorithm)?)?))
}

/// Derives a key pair from a seed.
///
/// # Errors
/// As [`key_generate`], plus [`Status::InvalidLength`].
pub fn key_from_seed(algorithm: u32, seed: &[u8]) -> PqResult<u64> {
    self_test::ensure()?;
    handles::insert(Key::Private(key::from_seed(Algorithm::from_id(algorithm)?, seed)?))
}

/// Imports a private key (seed or expanded form).
///
/// # Errors
/// As [`key_from_seed`], plus [`Status::InvalidKey`].
pub fn key_import_private(algorithm: u32, bytes: &[u8]) -> PqResult<u64> {
    self_test::ensure()?;
    handles::insert(Key::Private(key::import_private(Algorithm::from_id(algorithm)?, bytes)?))
}

/// Imports and validates a public key.
///
/// # Errors
/// [`Status::UnknownAlgorithm`], [`Status::InvalidLength`], [`Status::InvalidKey`].
pub fn key_import_public(algorithm: u32, bytes: &[u8]) -> PqResult<u64> {
    self_test::ensure()?;
    handles::insert(Key::Public(key::import_public(Algorithm::from_id(algorithm)?, bytes)?))
}

/// The encoded public key of any key handle.
///
/// # Errors
/// Handle errors; [`Status::UnsupportedOperation`] for an expanded-only ML-DSA import.
pub fn key_export_public(handle: u64) -> PqResult<Vec<u8>> {
    Ok(handles::get(handle)?.public_bytes()?.to_vec())
}

/// `(kind, algorithm)` of a handle.
///
/// # Errors
/// Handle errors.
pub fn key_info(handle: u64) -> PqResult<(KeyKind, Algorithm)> {
    let key = handles::get(handle)?;
    Ok((key.kind(), key.algorithm()))
}

/// Frees a handle.
///
/// # Errors
/// [`Status::InvalidHandle`], [`Status::StaleHandle`] (double free).
pub fn key_free(handle: u64) -> PqResult<()> {
    handles::remove(handle)
}

/// Encapsulates to a KEM key (public or private handle); `randomness` only for KATs.
///
/// # Errors
/// Handle errors, [`Status::InvalidLength`].
pub fn kem_encapsulate(handle: u64, randomness: Option<&[u8]>) -> PqResult<kem::Encapsulation> {
    self_test::ensure()?;
    let key = handles::get_kind(handle, &[KeyKind::KemEncapsulationKey, KeyKind::KemDecapsulationKey])?;
    kem::encapsulate(key.algorithm(), key.public_bytes()?, randomness)
}

/// Decapsulates with a KEM private key.
///
/// # Errors
/// Handle errors, [`Status::InvalidLength`].
pub fn kem_decapsulate(handle: u64, ciphertext: &[u8]) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::KemDecapsulationKey)?;
    kem::decapsulate(private_key(&key)?, ciphertext)
}

/// X25519 with a private key handle and the peer's public key bytes.
///
/// # Errors
/// Handle errors, [`Status::InvalidLength`], [`Status::NonContributory`].
pub fn agreement_derive(handle: u64, peer_public: &[u8]) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::AgreementPrivateKey)?;
    x25519::agree(&private_key(&key)?.secret, peer_public)
}

/// Pure signing (`rnd`: `None` hedged, or 32 bytes).
///
/// # Errors
/// See [`signature::sign`].
pub fn sign(handle: u64, msg: &[u8], ctx: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SigningKey)?;
    match key.as_ref() {
        // ECDSA P-256 and Ed25519 take neither a context nor caller randomness.
        Key::Native(native) if ctx.is_empty() && rnd.is_none() => {
            native.keystore.native_sign(native.algorithm, &native.reference, msg)
        }
        Key::Native(_) => Err(Status::InvalidArgument),
        other => signature::sign(private_key(other)?, msg, ctx, rnd),
    }
}

/// HashML-DSA signing over a caller-computed digest.
///
/// # Errors
/// See [`signature::sign_prehashed`].
pub fn sign_prehashed(handle: u64, hash: u32, digest: &[u8], ctx: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let hash = HashAlgorithm::from_id(hash)?;
    let key = private(handle, KeyKind::SigningKey)?;
    signature::sign_prehashed(private_key(&key)?, hash, digest, ctx, rnd)
}

/// ML-DSA.Sign_internal over `M'`.
///
/// # Errors
/// See [`signature::sign_internal`].
pub fn sign_internal(handle: u64, m_prime: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SigningKey)?;
    signature::sign_internal(private_key(&key)?, m_prime, rnd)
}

/// ML-DSA signing given an external μ (64 bytes).
///
/// # Errors
/// See [`signature::sign_mu`].
pub fn sign_mu(handle: u64, mu: &[u8], rnd: Option<&[u8]>) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SigningKey)?;
    signature::sign_mu(private_key(&key)?, mu, rnd)
}

fn verifier(handle: u64) -> PqResult<std::sync::Arc<Key>> {
    self_test::ensure()?;
    handles::get_kind(handle, &[KeyKind::VerifyingKey, KeyKind::SigningKey])
}

/// Pure verification with a verifying or signing key handle.
///
/// # Errors
/// [`Status::VerificationFailed`] and see [`signature::verify`].
pub fn verify(handle: u64, msg: &[u8], ctx: &[u8], sig: &[u8]) -> PqResult<()> {
    let key = verifier(handle)?;
    signature::verify(key.algorithm(), key.public_bytes()?, msg, ctx, sig)
}

/// HashML-DSA verification.
///
/// # Errors
/// As [`verify`].
pub fn verify_prehashed(handle: u64, hash: u32, digest: &[u8], ctx: &[u8], sig: &[u8]) -> PqResult<()> {
    let hash = HashAlgorithm::from_id(hash)?;
    let key = verifier(handle)?;
    signature::verify_prehashed(key.algorithm(), key.public_bytes()?, hash, digest, ctx, sig)
}

/// ML-DSA.Verify_internal.
///
/// # Errors
/// As [`verify`].
pub fn verify_internal(handle: u64, m_prime: &[u8], sig: &[u8]) -> PqResult<()> {
    let key = verifier(handle)?;
    signature::verify_internal(key.algorithm(), key.public_bytes()?, m_prime, sig)
}

/// ML-DSA verification given an external μ (64 bytes).
///
/// # Errors
/// As [`verify`].
pub fn verify_mu(handle: u64, mu: &[u8], sig: &[u8]) -> PqResult<()> {
    let key = verifier(handle)?;
    signature::verify_mu(key.algorithm(), key.public_bytes()?, mu, sig)
}

/// A digest.
///
/// # Errors
/// [`Status::UnknownAlgorithm`], [`Status::SelfTestFailed`].
pub fn hash(algorithm: u32, input: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    Ok(digest::digest(HashAlgorithm::from_id(algorithm)?, input))
}

/// HKDF into `len` bytes.
///
/// # Errors
/// See [`kdf::hkdf`].
pub fn hkdf(hash: u32, ikm: &[u8], salt: &[u8], info: &[u8], len: usize) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    kdf::hkdf(HashAlgorithm::from_id(hash)?, ikm, salt, info, len)
}

/// AEAD seal under a fresh random nonce.
///
/// # Errors
/// See [`aead::seal`].
pub fn aead_seal(algorithm: u32, key: &[u8], aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    aead::seal(AeadAlgorithm::from_id(algorithm)?, key, aad, plaintext)
}

/// [`aead_seal`] into the caller's buffer of exactly `plaintext.len() + 28` bytes.
///
/// # Errors
/// See [`aead::seal_into`].
pub fn aead_seal_into(algorithm: u32, key: &[u8], aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> PqResult<()> {
    self_test::ensure()?;
    aead::seal_into(AeadAlgorithm::from_id(algorithm)?, key, aad, plaintext, out)
}

/// [`aead_open`] into the caller's buffer of exactly `sealed.len() - 28` bytes.
///
/// # Errors
/// See [`aead::open_into`].
pub fn aead_open_into(algorithm: u32, key: &[u8], aad: &[u8], sealed: &[u8], out: &mut [u8]) -> PqResult<()> {
    self_test::ensure()?;
    aead::open_into(AeadAlgorithm::from_id(algorithm)?, key, aad, sealed, out)
}

/// AEAD open of `nonce || ciphertext || tag`.
///
/// # Errors
/// See [`aead::open`].
pub fn aead_open(algorithm: u32, key: &[u8], aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    aead::open(AeadAlgorithm::from_id(algorithm)?, key, aad, sealed)
}

/// Encrypts under a symmetric key handle (AES-256-GCM or ChaCha20-Poly1305) with a fresh
/// random 96-bit nonce drawn here; returns `nonce (12) ‖ ciphertext ‖ tag (16)`.
///
/// # Errors
/// Handle errors; [`Status::RandomnessUnavailable`].
pub fn sym_encrypt(handle: u64, aad: &[u8], plaintext: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SecretKey)?;
    let key = private_key(&key)?;
    aead::seal(key.algorithm.aead()?, key.secret.expose(), aad, plaintext)
}

/// [`sym_encrypt`] into the caller's buffer of exactly `plaintext.len() + 28` bytes.
///
/// # Errors
/// As [`sym_encrypt`]; see [`aead::seal_into`].
pub fn sym_encrypt_into(handle: u64, aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> PqResult<()> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SecretKey)?;
    let key = private_key(&key)?;
    aead::seal_into(key.algorithm.aead()?, key.secret.expose(), aad, plaintext, out)
}

/// [`sym_decrypt`] into the caller's buffer of exactly `sealed.len() - 28` bytes.
///
/// # Errors
/// As [`sym_decrypt`]; see [`aead::open_into`].
pub fn sym_decrypt_into(handle: u64, aad: &[u8], sealed: &[u8], out: &mut [u8]) -> PqResult<()> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SecretKey)?;
    let key = private_key(&key)?;
    aead::open_into(key.algorithm.aead()?, key.secret.expose(), aad, sealed, out)
}

/// Decrypts `nonce ‖ ciphertext ‖ tag` from [`sym_encrypt`].
///
/// # Errors
/// Handle errors; [`Status::InvalidLength`] for input shorter than nonce and tag;
/// [`Status::DecryptionFailed`] when authentication fails.
pub fn sym_decrypt(handle: u64, aad: &[u8], sealed: &[u8]) -> PqResult<SecretBytes> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::SecretKey)?;
    let key = private_key(&key)?;
    aead::open(key.algorithm.aead()?, key.secret.expose(), aad, sealed)
}

/// The MAC tag of `data` under a MAC key handle.
///
/// # Errors
/// Handle errors.
pub fn mac_compute(handle: u64, data: &[u8]) -> PqResult<Vec<u8>> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::MacKey)?;
    let key = private_key(&key)?;
    mac::tag(key.algorithm, key.secret.expose(), data)
}

/// Checks a MAC tag in constant time; the expected tag never leaves.
///
/// # Errors
/// [`Status::VerificationFailed`] for a wrong tag; handle errors.
pub fn mac_verify(handle: u64, data: &[u8], tag: &[u8]) -> PqResult<()> {
    self_test::ensure()?;
    let key = private(handle, KeyKind::MacKey)?;
    let key = private_key(&key)?;
    mac::verify(key.algorithm, key.secret.expose(), data, tag)
}

/// OS random bytes.
///
/// # Errors
/// [`Status::RandomnessUnavailable`], [`Status::SelfTestFailed`].
pub fn random_bytes(out: &mut [u8]) -> PqResult<()> {
    self_test::ensure()?;
    rng::fill(out)
}

/// Whether a handle kind holds a private key (for callers that must not pass private keys on).
pub fn is_private_kind(kind: KeyKind) -> bool {
    PRIVATE_KINDS.contains(&kind)
}
