//! Key objects held behind handles: creation from seeds, import, validation.

use crate::algorithm::{Algorithm, Family};
use crate::keystore::store::Keystore;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, ecdsa_p256, ed25519, ml_dsa, ml_kem, rng, self_test, x_wing, x25519};
use std::sync::Arc;

/// What a handle refers to. Numbers are part of the ABI (`pq_key_info`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// KEM private key: decapsulates (and encapsulates to its own public key).
    KemDecapsulationKey = 1,
    /// KEM public key: encapsulates.
    KemEncapsulationKey = 2,
    /// Signature private key: signs (and verifies with its own public key).
    SigningKey = 3,
    /// Signature public key: verifies.
    VerifyingKey = 4,
    /// Key-agreement private key.
    AgreementPrivateKey = 5,
    /// Key-agreement public key.
    AgreementPublicKey = 6,
    /// Symmetric encryption key (AEAD): encrypts and decrypts; has no public half.
    SecretKey = 7,
    /// MAC key: computes and verifies tags; has no public half.
    MacKey = 8,
}

impl KeyKind {
    /// Every kind, in ABI order.
    pub const ALL: [KeyKind; 8] = [
        KeyKind::KemDecapsulationKey,
        KeyKind::KemEncapsulationKey,
        KeyKind::SigningKey,
        KeyKind::VerifyingKey,
        KeyKind::AgreementPrivateKey,
        KeyKind::AgreementPublicKey,
        KeyKind::SecretKey,
        KeyKind::MacKey,
    ];

    /// The kind for an algorithm family and visibility (symmetric keys are always secret).
    pub const fn of(family: Family, private: bool) -> Self {
        match (family, private) {
            (Family::Kem, true) => KeyKind::KemDecapsulationKey,
            (Family::Kem, false) => KeyKind::KemEncapsulationKey,
            (Family::Signature, true) => KeyKind::SigningKey,
            (Family::Signature, false) => KeyKind::VerifyingKey,
            (Family::KeyAgreement, true) => KeyKind::AgreementPrivateKey,
            (Family::KeyAgreement, false) => KeyKind::AgreementPublicKey,
            (Family::Aead, _) => KeyKind::SecretKey,
            (Family::Mac, _) => KeyKind::MacKey,
        }
    }
}

/// The working form of a seed-form private key, derived once when the handle is created so
/// that no operation re-derives it: the X-Wing expanded decapsulation key, the Ed25519 signing
/// key with its public point. Zeroized on drop; `Debug` prints no secret.
#[derive(Debug)]
pub enum Prepared {
    /// X-Wing: ML-KEM-768 `dk`, X25519 scalar and public key.
    XWing(x_wing::ExpandedKey),
    /// Ed25519: the seed and its public point (`ed25519-dalek` zeroizes the seed on drop).
    Ed25519(ed25519_dalek::SigningKey),
}

impl Prepared {
    /// Derives the working form of an X-Wing or Ed25519 seed `secret` and its encoded public key.
    ///
    /// # Errors
    /// [`Status::InvalidLength`] for a wrong-size seed; [`Status::UnsupportedOperation`] for
    /// the algorithms that use their private form directly.
    pub fn derive(algorithm: Algorithm, secret: &[u8]) -> PqResult<(Self, Vec<u8>)> {
        match algorithm {
            Algorithm::XWing => {
                let (expanded, public) = x_wing::ExpandedKey::from_seed(&*array(secret)?)?;
                Ok((Prepared::XWing(expanded), public))
            }
            Algorithm::Ed25519 => {
                let (key, public) = ed25519::signing_key(&*array(secret)?);
                Ok((Prepared::Ed25519(key), public))
            }
            _ => Err(Status::UnsupportedOperation),
        }
    }
}

/// A private key. `secret` is in the algorithm's private form (see [`Algorithm::sizes`]):
/// expanded `dk` for ML-KEM, expanded signing key for ML-DSA, 32-byte seed or scalar otherwise.
#[derive(Debug)]
pub struct PrivateKey {
    /// Algorithm.
    pub algorithm: Algorithm,
    /// Private form (zeroized on drop).
    pub secret: SecretBytes,
    /// Public key, unless imported from an expanded ML-DSA key (its `pk` cannot be recomputed).
    pub public: Option<Vec<u8>>,
    /// The ML-KEM `d‖z` or ML-DSA `ξ` seed the key came from, when known. Stored keys are
    /// wrapped in this form: it is what FIPS 203/204 recommend keeping, and it is smaller.
    pub seed: Option<SecretBytes>,
    /// The working form derived from `secret` at creation ([`Prepared::derive`]), for the
    /// algorithms that have one (X-Wing, Ed25519); operations use it instead of re-deriving.
    /// Private, so every `PrivateKey` comes from this module's constructors, which set it.
    prepared: Option<Box<Prepared>>,
}

impl PrivateKey {
    /// The working form derived at creation (X-Wing, Ed25519), else `None`.
    pub fn prepared(&self) -> Option<&Prepared> {
        self.prepared.as_deref()
    }

    /// The form a key is stored in (wrapped): its seed when known, else its private form.
    /// [`import_private`] accepts either.
    pub fn storage_form(&self) -> &SecretBytes {
        self.seed.as_ref().unwrap_or(&self.secret)
    }

    /// The seed exactly as [`from_seed`] accepts it, or `None` for an ML-KEM or ML-DSA key
    /// imported in expanded form (its seed is unknown).
    pub fn seed_form(&self) -> Option<&SecretBytes> {
        if expands_seed(self.algorithm) { self.seed.as_ref() } else { Some(&self.secret) }
    }
}

/// Whether an algorithm's private form is an expansion of its seed (ML-KEM, ML-DSA); for
/// the others the private form is the seed itself.
const fn expands_seed(algorithm: Algorithm) -> bool {
    matches!(
        algorithm,
        Algorithm::MlKem512
            | Algorithm::MlKem768
            | Algorithm::MlKem1024
            | Algorithm::MlDsa44
            | Algorithm::MlDsa65
            | Algorithm::MlDsa87
    )
}

/// A public key.
#[derive(Debug, Clone)]
pub struct PublicKey {
    /// Algorithm.
    pub algorithm: Algorithm,
    /// Encoded public key, validated on import.
    pub bytes: Vec<u8>,
}

/// A signing key that lives inside a TPM or PKCS#11 token: the handle holds only what the
/// device needs to find it, and signing goes through the device.
#[derive(Debug)]
pub struct NativeKey {
    /// Algorithm (ECDSA P-256 or Ed25519).
    pub algorithm: Algorithm,
    /// The public key, as the device reported it.
    pub public: Vec<u8>,
    /// The device's reference to the key (not secret).
    pub reference: Vec<u8>,
    /// The keystore whose device holds it; kept alive while the handle is.
    pub keystore: Arc<Keystore>,
}

/// Anything a handle can own.
#[derive(Debug)]
pub enum Key {
    /// Private (and its public half).
    Private(PrivateKey),
    /// Public only.
    Public(PublicKey),
    /// Private key inside a device (and its public half).
    Native(NativeKey),
}

impl Key {
    /// The key's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            Key::Private(k) => k.algorithm,
            Key::Public(k) => k.algorithm,
            Key::Native(k) => k.algorithm,
        }
    }

    /// The handle kind.
    pub fn kind(&self) -> KeyKind {
        KeyKind::of(self.algorithm().family(), !matches!(self, Key::Public(_)))
    }

    /// The encoded public key.
    ///
    /// # Errors
    /// [`Status::UnsupportedOperation`] for an expanded-only ML-DSA import.
    pub fn public_bytes(&self) -> PqResult<&[u8]> {
        match self {
            Key::Private(k) => k.public.as_deref().ok_or(Status::UnsupportedOperation),
            Key::Public(k) => Ok(&k.bytes),
            Key::Native(k) => Ok(&k.public),
        }
    }
}

/// Deterministic key generation from a seed, followed by the pairwise-consistency check.
///
/// Seeds: ML-KEM `d || z` (64 bytes), ML-DSA ξ, X-Wing seed, Ed25519 seed, X25519 scalar (32).
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size seed; [`Status::PairwiseConsistencyFailed`].
pub fn from_seed(algorithm: Algorithm, seed: &[u8]) -> PqResult<PrivateKey> {
    let key = derive(algorithm, seed)?;
    self_test::pairwise_consistency(&key)?;
    Ok(key)
}

fn derive(algorithm: Algorithm, seed: &[u8]) -> PqResult<PrivateKey> {
    let expands = expands_seed(algorithm);
    let secret_and_public = match algorithm {
        Algorithm::MlKem512 | Algorithm::MlKem768 | Algorithm::MlKem1024 => {
            let pair = ml_kem::generate(algorithm, &*array(seed)?)?;
            (pair.decapsulation_key, pair.encapsulation_key)
        }
        Algorithm::MlDsa44 | Algorithm::MlDsa65 | Algorithm::MlDsa87 => {
            let pair = ml_dsa::generate(algorithm, &*array(seed)?)?;
            (pair.signing_key, pair.verification_key)
        }
        Algorithm::XWing | Algorithm::Ed25519 => {
            let (prepared, public) = Prepared::derive(algorithm, seed)?;
            return Ok(PrivateKey {
                algorithm,
                secret: SecretBytes::from_slice(seed),
                public: Some(public),
                seed: None,
                prepared: Some(Box::new(prepared)),
            });
        }
        Algorithm::X25519 => (SecretBytes::from_slice(seed), x25519::public_key(&*array(seed)?)),
        // Generated only inside a device (`keystore::NativeKeys`).
        Algorithm::EcdsaP256 => return Err(Status::UnsupportedOperation),
        // Symmetric keys are their own seed and have no public half.
        Algorithm::Aes256Gcm
        | Algorithm::ChaCha20Poly1305
        | Algorithm::HmacSha256
        | Algorithm::HmacSha512
        | Algorithm::HmacSha3_256 => {
            if seed.len() != algorithm.sizes().seed as usize {
                return Err(Status::InvalidLength);
            }
            return Ok(PrivateKey {
                algorithm,
                secret: SecretBytes::from_slice(seed),
                public: None,
                seed: None,
                prepared: None,
            });
        }
    };
    let (secret, public) = secret_and_public;
    let seed = expands.then(|| SecretBytes::from_slice(seed));
    Ok(PrivateKey { algorithm, secret, public: Some(public), seed, prepared: None })
}

fn array<const N: usize>(bytes: &[u8]) -> PqResult<zeroize::Zeroizing<[u8; N]>> {
    let array: [u8; N] = bytes.try_into().map_err(|_| Status::InvalidLength)?;
    Ok(zeroize::Zeroizing::new(array))
}

/// Random key generation: a fresh OS seed, then [`from_seed`].
///
/// # Errors
/// [`Status::RandomnessUnavailable`]; [`Status::PairwiseConsistencyFailed`].
pub fn generate(algorithm: Algorithm) -> PqResult<PrivateKey> {
    let mut seed = SecretBytes::new(vec![0u8; algorithm.sizes().seed as usize]);
    rng::fill(seed.expose_mut())?;
    from_seed(algorithm, seed.expose())
}

/// [`generate`] without the pairwise-consistency test, for rust/core/benches only (issue 20
/// reports key generation with and without the test, to compare honestly with WebCrypto,
/// which runs none). No C ABI export calls it, so neither the gateway nor any binding can
/// make a key that skipped the test.
///
/// # Errors
/// [`Status::RandomnessUnavailable`].
#[doc(hidden)]
pub fn generate_without_pairwise_check_for_benchmarks(algorithm: Algorithm) -> PqResult<PrivateKey> {
    let mut seed = SecretBytes::new(vec![0u8; algorithm.sizes().seed as usize]);
    rng::fill(seed.expose_mut())?;
    derive(algorithm, seed.expose())
}

/// Imports a private key (BYOK). Accepts the seed form (see [`from_seed`]) or, for ML-KEM
/// and ML-DSA, the expanded private key. ML-KEM `dk` passes the FIPS 203 §7.3 check.
/// An expanded ML-DSA `sk` passes [`ml_dsa::check_signing_key`]; it may be followed by its
/// public key (`sk ‖ pk`), which is then checked too (`ρ`, `tr = H(pk)`, and a signature
/// that must verify under `pk`) and kept as the key's public key.
///
/// # Errors
/// [`Status::InvalidLength`]; [`Status::InvalidKey`]; [`Status::PairwiseConsistencyFailed`].
pub fn import_private(algorithm: Algorithm, bytes: &[u8]) -> PqResult<PrivateKey> {
    let sizes = algorithm.sizes();
    if bytes.len() == sizes.seed as usize {
        return from_seed(algorithm, bytes);
    }
    if is_ml_dsa(algorithm) && bytes.len() == (sizes.private_key + sizes.public_key) as usize {
        let (sk, pk) = bytes.split_at(sizes.private_key as usize);
        ml_dsa::check_signing_key(algorithm, sk, Some(pk))?;
        let key = PrivateKey {
            algorithm,
            secret: SecretBytes::from_slice(sk),
            public: Some(pk.to_vec()),
            seed: None,
            prepared: None,
        };
        self_test::pairwise_consistency(&key)?;
        return Ok(key);
    }
    if bytes.len() != sizes.private_key as usize {
        return Err(Status::InvalidLength);
    }
    let key = match algorithm.family() {
        Family::Kem if algorithm != Algorithm::XWing => {
            if !ml_kem::private_key_is_valid(algorithm, bytes)? {
                return Err(Status::InvalidKey);
            }
            let public = ml_kem_public_from_dk(algorithm, bytes)?;
            PrivateKey {
                algorithm,
                secret: SecretBytes::from_slice(bytes),
                public: Some(public),
                seed: None,
                prepared: None,
            }
        }
        Family::Signature if is_ml_dsa(algorithm) => {
            ml_dsa::check_signing_key(algorithm, bytes, None)?;
            PrivateKey { algorithm, secret: SecretBytes::from_slice(bytes), public: None, seed: None, prepared: None }
        }
        _ => return Err(Status::InvalidLength),
    };
    self_test::pairwise_consistency(&key)?;
    Ok(key)
}

const fn is_ml_dsa(algorithm: Algorithm) -> bool {
    matches!(algorithm, Algorithm::MlDsa44 | Algorithm::MlDsa65 | Algorithm::MlDsa87)
}

/// `ek` sits inside `dk` after the 384·k-byte `dk_PKE` (FIPS 203 Algorithm 16, line 3).
fn ml_kem_public_from_dk(algorithm: Algorithm, dk: &[u8]) -> PqResult<Vec<u8>> {
    let ek_len = algorithm.sizes().public_key as usize;
    let offset = ek_len - 32;
    dk.get(offset..offset + ek_len).map(<[u8]>::to_vec).ok_or(Status::InvalidLength)
}

/// Imports and validates a public key.
///
/// # Errors
/// [`Status::InvalidLength`]; [`Status::InvalidKey`] (ML-KEM modulus check, X-Wing parse,
/// Ed25519 decompression); [`Status::UnsupportedOperation`] for a symmetric algorithm.
pub fn import_public(algorithm: Algorithm, bytes: &[u8]) -> PqResult<PublicKey> {
    if !algorithm.has_public_key() {
        return Err(Status::UnsupportedOperation);
    }
    if bytes.len() != algorithm.sizes().public_key as usize {
        return Err(Status::InvalidLength);
    }
    let valid = match algorithm {
        Algorithm::MlKem512 | Algorithm::MlKem768 | Algorithm::MlKem1024 => {
            ml_kem::public_key_is_valid(algorithm, bytes)?
        }
        Algorithm::XWing => x_wing::public_key_is_valid(bytes),
        Algorithm::Ed25519 => ed25519::public_key_is_valid(bytes),
        Algorithm::EcdsaP256 => ecdsa_p256::public_key_is_valid(bytes),
        Algorithm::MlDsa44 | Algorithm::MlDsa65 | Algorithm::MlDsa87 | Algorithm::X25519 => true,
        _ => false,
    };
    if !valid {
        return Err(Status::InvalidKey);
    }
    Ok(PublicKey { algorithm, bytes: bytes.to_vec() })
}
