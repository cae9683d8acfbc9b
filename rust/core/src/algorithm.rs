//! Algorithm identifiers (stable ABI numbers) and their sizes.

use crate::{PqResult, Status};

/// Key algorithms (asymmetric, and the symmetric named-key types). Numbers are part of the ABI.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// ML-KEM-512 (FIPS 203).
    MlKem512 = 1,
    /// ML-KEM-768 (FIPS 203).
    MlKem768 = 2,
    /// ML-KEM-1024 (FIPS 203).
    MlKem1024 = 3,
    /// X-Wing hybrid KEM: ML-KEM-768 + X25519 (draft-connolly-cfrg-xwing-kem).
    XWing = 4,
    /// X25519 key agreement (RFC 7748).
    X25519 = 5,
    /// ML-DSA-44 (FIPS 204).
    MlDsa44 = 16,
    /// ML-DSA-65 (FIPS 204).
    MlDsa65 = 17,
    /// ML-DSA-87 (FIPS 204).
    MlDsa87 = 18,
    /// Ed25519 (RFC 8032, pure).
    Ed25519 = 19,
    /// ECDSA P-256 with SHA-256 (FIPS 186-5). Private keys only in a TPM or PKCS#11 token.
    EcdsaP256 = 20,
    /// AES-256-GCM (NIST SP 800-38D) as a named symmetric key: 96-bit random nonce, 128-bit tag.
    Aes256Gcm = 32,
    /// ChaCha20-Poly1305 (RFC 8439) as a named symmetric key.
    ChaCha20Poly1305 = 33,
    /// HMAC (RFC 2104) with SHA-256, 32-byte key.
    HmacSha256 = 48,
    /// HMAC with SHA-512, 64-byte key.
    HmacSha512 = 49,
    /// HMAC with SHA3-256 (FIPS 202), 32-byte key.
    HmacSha3_256 = 50,
}

/// What an algorithm's keys are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Key encapsulation.
    Kem,
    /// Diffie-Hellman key agreement.
    KeyAgreement,
    /// Digital signatures.
    Signature,
    /// Authenticated encryption under a secret key (no public key).
    Aead,
    /// Message authentication codes under a secret key (no public key).
    Mac,
}

/// Byte sizes of an algorithm's objects; `0` where the object does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Public (encapsulation / verification) key.
    pub public_key: u32,
    /// Private key in its import form (expanded for ML-KEM and ML-DSA).
    pub private_key: u32,
    /// Seed for deterministic key generation.
    pub seed: u32,
    /// KEM ciphertext.
    pub ciphertext: u32,
    /// KEM or agreement shared secret.
    pub shared_secret: u32,
    /// Signature, or the tag of a MAC key.
    pub signature: u32,
    /// Randomness consumed by deterministic encapsulation.
    pub encapsulation_randomness: u32,
}

const fn sizes(pk: u32, sk: u32, seed: u32, ct: u32, ss: u32, sig: u32, er: u32) -> Sizes {
    Sizes {
        public_key: pk,
        private_key: sk,
        seed,
        ciphertext: ct,
        shared_secret: ss,
        signature: sig,
        encapsulation_randomness: er,
    }
}

impl Algorithm {
    /// Every algorithm, for tables and tests.
    pub const ALL: [Algorithm; 15] = [
        Algorithm::MlKem512,
        Algorithm::MlKem768,
        Algorithm::MlKem1024,
        Algorithm::XWing,
        Algorithm::X25519,
        Algorithm::MlDsa44,
        Algorithm::MlDsa65,
        Algorithm::MlDsa87,
        Algorithm::Ed25519,
        Algorithm::EcdsaP256,
        Algorithm::Aes256Gcm,
        Algorithm::ChaCha20Poly1305,
        Algorithm::HmacSha256,
        Algorithm::HmacSha512,
        Algorithm::HmacSha3_256,
    ];

    /// Parses an ABI number.
    ///
    /// # Errors
    /// [`Status::UnknownAlgorithm`].
    pub fn from_id(id: u32) -> PqResult<Self> {
        Self::ALL.iter().copied().find(|a| *a as u32 == id).ok_or(Status::UnknownAlgorithm)
    }

    /// The family this algorithm belongs to.
    pub const fn family(self) -> Family {
        match self {
            Algorithm::MlKem512 | Algorithm::MlKem768 | Algorithm::MlKem1024 | Algorithm::XWing => Family::Kem,
            Algorithm::X25519 => Family::KeyAgreement,
            Algorithm::MlDsa44
            | Algorithm::MlDsa65
            | Algorithm::MlDsa87
            | Algorithm::Ed25519
            | Algorithm::EcdsaP256 => Family::Signature,
            Algorithm::Aes256Gcm | Algorithm::ChaCha20Poly1305 => Family::Aead,
            Algorithm::HmacSha256 | Algorithm::HmacSha512 | Algorithm::HmacSha3_256 => Family::Mac,
        }
    }

    /// Whether keys of this algorithm have a public half (all but the symmetric families).
    pub const fn has_public_key(self) -> bool {
        !matches!(self.family(), Family::Aead | Family::Mac)
    }

    /// The AEAD of a symmetric encryption key.
    ///
    /// # Errors
    /// [`Status::UnsupportedOperation`] for any other algorithm.
    pub const fn aead(self) -> PqResult<AeadAlgorithm> {
        match self {
            Algorithm::Aes256Gcm => Ok(AeadAlgorithm::Aes256Gcm),
            Algorithm::ChaCha20Poly1305 => Ok(AeadAlgorithm::ChaCha20Poly1305),
            _ => Err(Status::UnsupportedOperation),
        }
    }

    /// Sizes per FIPS 203 Table 3, FIPS 204 Table 2, RFC 7748/8032, the X-Wing draft, and
    /// for symmetric keys the key length (RFC 2104 §3: HMAC keys as long as the hash output).
    pub const fn sizes(self) -> Sizes {
        match self {
            Algorithm::MlKem512 => sizes(800, 1632, 64, 768, 32, 0, 32),
            Algorithm::MlKem768 => sizes(1184, 2400, 64, 1088, 32, 0, 32),
            Algorithm::MlKem1024 => sizes(1568, 3168, 64, 1568, 32, 0, 32),
            Algorithm::XWing => sizes(1216, 32, 32, 1120, 32, 0, 64),
            Algorithm::X25519 => sizes(32, 32, 32, 0, 32, 0, 0),
            Algorithm::MlDsa44 => sizes(1312, 2560, 32, 0, 0, 2420, 0),
            Algorithm::MlDsa65 => sizes(1952, 4032, 32, 0, 0, 3309, 0),
            Algorithm::MlDsa87 => sizes(2592, 4896, 32, 0, 0, 4627, 0),
            Algorithm::Ed25519 => sizes(32, 32, 32, 0, 0, 64, 0),
            // No private form or seed: these keys exist only inside a device.
            Algorithm::EcdsaP256 => sizes(65, 0, 0, 0, 0, 64, 0),
            // Symmetric keys: the private form is the key itself (its own seed).
            Algorithm::Aes256Gcm | Algorithm::ChaCha20Poly1305 => sizes(0, 32, 32, 0, 0, 0, 0),
            Algorithm::HmacSha256 | Algorithm::HmacSha3_256 => sizes(0, 32, 32, 0, 0, 32, 0),
            Algorithm::HmacSha512 => sizes(0, 64, 64, 0, 0, 64, 0),
        }
    }

    /// Whether the library can hold this algorithm's private keys itself (all but ECDSA
    /// P-256, which only a TPM or PKCS#11 token holds).
    pub const fn in_software(self) -> bool {
        !matches!(self, Algorithm::EcdsaP256)
    }
}

/// Hash functions; numbers equal the last arc of their NIST OID 2.16.840.1.101.3.4.2.n.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-256.
    Sha256 = 1,
    /// SHA-384.
    Sha384 = 2,
    /// SHA-512.
    Sha512 = 3,
    /// SHA-224.
    Sha224 = 4,
    /// SHA-512/224.
    Sha512_224 = 5,
    /// SHA-512/256.
    Sha512_256 = 6,
    /// SHA3-224.
    Sha3_224 = 7,
    /// SHA3-256.
    Sha3_256 = 8,
    /// SHA3-384.
    Sha3_384 = 9,
    /// SHA3-512.
    Sha3_512 = 10,
    /// SHAKE128 with 256-bit output (as FIPS 204 HashML-DSA uses it).
    Shake128 = 11,
    /// SHAKE256 with 512-bit output (as FIPS 204 HashML-DSA uses it).
    Shake256 = 12,
}

impl HashAlgorithm {
    /// Parses an ABI number.
    ///
    /// # Errors
    /// [`Status::UnknownAlgorithm`].
    pub fn from_id(id: u32) -> PqResult<Self> {
        use HashAlgorithm::*;
        [
            Sha256, Sha384, Sha512, Sha224, Sha512_224, Sha512_256, Sha3_224, Sha3_256, Sha3_384, Sha3_512, Shake128,
            Shake256,
        ]
        .into_iter()
        .find(|h| *h as u32 == id)
        .ok_or(Status::UnknownAlgorithm)
    }

    /// Digest length in bytes.
    pub const fn output_len(self) -> usize {
        use HashAlgorithm::*;
        match self {
            Sha224 | Sha512_224 | Sha3_224 => 28,
            Sha256 | Sha512_256 | Sha3_256 | Shake128 => 32,
            Sha384 | Sha3_384 => 48,
            Sha512 | Sha3_512 | Shake256 => 64,
        }
    }

    /// DER encoding of the OID (FIPS 204 §5.4: `OID` in HashML-DSA's M').
    pub const fn oid_der(self) -> [u8; 11] {
        [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, self as u8]
    }
}

/// AEAD algorithms. Numbers are part of the ABI.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AeadAlgorithm {
    /// AES-256-GCM (NIST SP 800-38D), 96-bit nonce, 128-bit tag.
    Aes256Gcm = 1,
    /// ChaCha20-Poly1305 (RFC 8439).
    ChaCha20Poly1305 = 2,
}

impl AeadAlgorithm {
    /// Parses an ABI number.
    ///
    /// # Errors
    /// [`Status::UnknownAlgorithm`].
    pub fn from_id(id: u32) -> PqResult<Self> {
        match id {
            1 => Ok(Self::Aes256Gcm),
            2 => Ok(Self::ChaCha20Poly1305),
            _ => Err(Status::UnknownAlgorithm),
        }
    }
}
