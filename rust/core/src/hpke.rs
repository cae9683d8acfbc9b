//! HPKE (RFC 9180) base mode, single shot, with the post-quantum KEMs of
//! draft-ietf-hpke-pq: ML-KEM-512/768/1024 (`0x0040`/`0x0041`/`0x0042`) and X-Wing
//! (`0x647a`), KDF HKDF-SHA256 (`0x0001`), AEAD AES-256-GCM (`0x0002`) or
//! ChaCha20-Poly1305 (`0x0003`).
//!
//! Composed from the core's primitives, not written anew: the KEM through [`kem`] (for these
//! KEMs the HPKE shared secret *is* the KEM shared secret and `enc` the KEM ciphertext), the
//! key schedule from `LabeledExtract`/`LabeledExpand` (RFC 9180 §4) over the `hkdf` crate, the
//! AEAD through [`aead`]. Only sequence number 0 is used (single-shot `Seal`/`Open`, §6.1), so
//! the nonce is `base_nonce` itself. The `hpke` crate implements the same suites but keeps an
//! ML-KEM private key as its 64-byte seed, where our handles hold the FIPS 203 expanded `dk`;
//! it is a dev-dependency that cross-checks this module both ways (`tests/hpke.rs`).

use crate::algorithm::{AeadAlgorithm, Algorithm};
use crate::key::PrivateKey;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, aead, kem};
use hkdf::{Hkdf, HkdfExtract};
use sha2::Sha256;

/// `kdf_id` of HKDF-SHA256, the one KDF offered.
pub const KDF_HKDF_SHA256: u16 = 0x0001;
const MODE_BASE: u8 = 0x00;
const VERSION_LABEL: &[u8] = b"HPKE-v1";
/// `suite_id` = "HPKE" ‖ kem_id ‖ kdf_id ‖ aead_id.
pub const SUITE_ID_LEN: usize = 10;

/// The HPKE `kem_id` of a KEM algorithm (draft-ietf-hpke-pq §IANA).
///
/// # Errors
/// [`Status::UnsupportedOperation`] for an algorithm that is not an HPKE KEM here.
pub const fn kem_id(algorithm: Algorithm) -> PqResult<u16> {
    match algorithm {
        Algorithm::MlKem512 => Ok(0x0040),
        Algorithm::MlKem768 => Ok(0x0041),
        Algorithm::MlKem1024 => Ok(0x0042),
        Algorithm::XWing => Ok(0x647a),
        _ => Err(Status::UnsupportedOperation),
    }
}

/// The HPKE `aead_id` of an AEAD (RFC 9180 §7.3).
pub const fn aead_id(aead: AeadAlgorithm) -> u16 {
    match aead {
        AeadAlgorithm::Aes256Gcm => 0x0002,
        AeadAlgorithm::ChaCha20Poly1305 => 0x0003,
    }
}

/// `suite_id` of the key schedule (RFC 9180 §5.1).
pub fn suite_id(kem_id: u16, aead: AeadAlgorithm) -> [u8; SUITE_ID_LEN] {
    let [k0, k1] = kem_id.to_be_bytes();
    let [f0, f1] = KDF_HKDF_SHA256.to_be_bytes();
    let [a0, a1] = aead_id(aead).to_be_bytes();
    [b'H', b'P', b'K', b'E', k0, k1, f0, f1, a0, a1]
}

/// `LabeledExtract(salt, label, ikm)`: the PRK, as bytes and ready to expand.
fn labeled_extract(suite: &[u8], salt: &[u8], label: &[u8], ikm: &[u8]) -> ([u8; 32], Hkdf<Sha256>) {
    let mut extract = HkdfExtract::<Sha256>::new(Some(salt));
    for part in [VERSION_LABEL, suite, label, ikm] {
        extract.input_ikm(part);
    }
    let (prk, hkdf) = extract.finalize();
    (prk.into(), hkdf)
}

/// `LabeledExpand(prk, label, info, L)` into `okm` (`L` = its length, at most 255 · 32).
fn labeled_expand(prk: &Hkdf<Sha256>, suite: &[u8], label: &[u8], info: &[u8], okm: &mut [u8]) -> PqResult<()> {
    let length = u16::try_from(okm.len()).map_err(|_| Status::InvalidLength)?.to_be_bytes();
    prk.expand_multi_info(&[&length, VERSION_LABEL, suite, label, info], okm).map_err(|_| Status::InvalidLength)
}

/// The AEAD key and base nonce of a base-mode context.
pub struct Context {
    /// `key` (secret), `Nk` = 32 bytes.
    pub key: SecretBytes,
    /// `base_nonce`, `Nn` = 12 bytes; the nonce of sequence number 0.
    pub base_nonce: [u8; aead::NONCE_LEN],
}

impl Context {
    /// The nonce of sequence number `seq`: `base_nonce` XOR `I2OSP(seq, Nn)` (RFC 9180 §5.2).
    /// Only the known-answer tests use `seq > 0`: single-shot seal and open use 0.
    pub fn nonce(&self, seq: u64) -> [u8; aead::NONCE_LEN] {
        let mut nonce = self.base_nonce;
        for (byte, s) in nonce.iter_mut().rev().zip(seq.to_le_bytes()) {
            *byte ^= s;
        }
        nonce
    }
}

/// `KeySchedule(mode_base, shared_secret, info, "", "")` (RFC 9180 §5.1) for `kem_id`,
/// HKDF-SHA256 and `aead`. `kem_id` is a number, not an [`Algorithm`], so that the RFC 9180
/// vectors (DHKEM suites) exercise the same code.
///
/// # Errors
/// [`Status::InvalidLength`] only on an internal size error.
pub fn key_schedule(kem_id: u16, aead: AeadAlgorithm, shared_secret: &[u8], info: &[u8]) -> PqResult<Context> {
    let suite = suite_id(kem_id, aead);
    let (psk_id_hash, _) = labeled_extract(&suite, b"", b"psk_id_hash", b"");
    let (info_hash, _) = labeled_extract(&suite, b"", b"info_hash", info);
    let context = [[MODE_BASE].as_slice(), &psk_id_hash, &info_hash].concat();
    // psk = "" in base mode; the PRK bytes are dropped, only the expander is kept.
    let (_, secret) = labeled_extract(&suite, shared_secret, b"secret", b"");
    let mut key = SecretBytes::new(vec![0u8; aead::KEY_LEN]);
    labeled_expand(&secret, &suite, b"key", &context, key.expose_mut())?;
    let mut base_nonce = [0u8; aead::NONCE_LEN];
    labeled_expand(&secret, &suite, b"base_nonce", &context, &mut base_nonce)?;
    Ok(Context { key, base_nonce })
}

/// Single-shot `SealBase(pkR, info, aad, pt)` to the `algorithm` public key `recipient_public`.
/// Returns `(enc, ciphertext)`; `randomness` as in [`kem::encapsulate`] (`None` in production).
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a KEM without an HPKE id; KEM errors (a malformed
/// public key); [`Status::RandomnessUnavailable`].
pub fn seal(
    algorithm: Algorithm,
    aead: AeadAlgorithm,
    recipient_public: &[u8],
    info: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    randomness: Option<&[u8]>,
) -> PqResult<(Vec<u8>, Vec<u8>)> {
    let kem_id = kem_id(algorithm)?;
    let encapsulation = kem::encapsulate(algorithm, recipient_public, randomness)?;
    let context = key_schedule(kem_id, aead, encapsulation.shared_secret.expose(), info)?;
    let ciphertext = aead::seal_with_nonce(aead, context.key.expose(), &context.base_nonce, aad, plaintext)?;
    Ok((encapsulation.ciphertext, ciphertext))
}

/// Single-shot `OpenBase(enc, skR, info, aad, ct)` with a KEM private key.
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a key without an HPKE KEM id; [`Status::InvalidLength`]
/// for an `enc` of the wrong size or a ciphertext shorter than the tag;
/// [`Status::DecryptionFailed`] for any other mismatch (other key, info, aad, a modified bit):
/// the KEMs reject implicitly, so a wrong `enc` surfaces as a failed tag.
pub fn open(
    recipient: &PrivateKey,
    aead: AeadAlgorithm,
    enc: &[u8],
    info: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> PqResult<SecretBytes> {
    let kem_id = kem_id(recipient.algorithm)?;
    if ciphertext.len() < aead::TAG_LEN {
        return Err(Status::InvalidLength);
    }
    let shared_secret = kem::decapsulate(recipient, enc)?;
    let context = key_schedule(kem_id, aead, shared_secret.expose(), info)?;
    aead::open_with_nonce(aead, context.key.expose(), &context.base_nonce, aad, ciphertext)
}
