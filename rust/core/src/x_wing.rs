//! X-Wing hybrid KEM (draft-connolly-cfrg-xwing-kem-06: ML-KEM-768 + X25519).
//!
//! The private key is the 32-byte seed; the draft expands it with SHAKE256 into an ML-KEM-768
//! key pair and an X25519 scalar. A key handle expands it once ([`ExpandedKey::from_seed`]) and
//! decapsulates with the expanded key ([`decapsulate`]): one ML-KEM-768 decapsulation (libcrux)
//! plus one X25519, where RustCrypto `x-wing` 0.1.1 re-expands the seed on every call (an extra
//! ML-KEM key generation and X25519 base-point multiplication). Encapsulation and public-key
//! parsing stay on `x-wing`; its decapsulation is the reference the tests compare against.

use crate::algorithm::Algorithm;
use crate::secret::SecretBytes;
use crate::{PqResult, Status, ml_kem};
use core::fmt;
use sha3::{Digest, Sha3_256};
use shake::{ExtendableOutput, Shake256, Update, XofReader};
use x_wing::EncapsulationKey;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

/// Private key (seed) length.
pub const SEED_LEN: usize = x_wing::DECAPSULATION_KEY_SIZE;
/// Deterministic encapsulation randomness `eseed`.
pub const ESEED_LEN: usize = x_wing::ENCAPSULATION_RANDOMNESS_SIZE;
/// Ciphertext length: ML-KEM-768 ciphertext ‖ X25519 ephemeral public key.
pub const CIPHERTEXT_LEN: usize = x_wing::CIPHERTEXT_SIZE;
/// ML-KEM-768 ciphertext length, the first part of an X-Wing ciphertext.
const ML_KEM_CIPHERTEXT_LEN: usize = CIPHERTEXT_LEN - 32;
/// The combiner's label `XWingLabel` (draft §5.3: the ASCII art `\.//^\`).
const LABEL: &[u8; 6] = br"\.//^\";

/// The expanded decapsulation key: ML-KEM-768 `dk` (FIPS 203 expanded form), the X25519
/// scalar and its public key. Zeroized on drop (`SecretBytes`, `StaticSecret`); never printed.
pub struct ExpandedKey {
    dk_m: SecretBytes,
    sk_x: StaticSecret,
    pk_x: PublicKey,
}

impl fmt::Debug for ExpandedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ExpandedKey([redacted])")
    }
}

impl ExpandedKey {
    /// Expands a seed as the draft's `expandDecapsulationKey` does: `expanded = SHAKE256(sk, 96)`,
    /// `(pk_M, sk_M) = ML-KEM-768.KeyGen_internal(expanded[0:32], expanded[32:64])`,
    /// `sk_X = expanded[64:96]`, `pk_X = X25519(sk_X, X25519_BASE)`.
    /// Returns the expanded key and the encoded public key `pk_M ‖ pk_X`.
    ///
    /// # Errors
    /// Only an internal failure of the ML-KEM dispatch (none for ML-KEM-768).
    pub fn from_seed(seed: &[u8; SEED_LEN]) -> PqResult<(Self, Vec<u8>)> {
        let mut shake = Shake256::default();
        shake.update(seed);
        let mut reader = shake.finalize_xof();
        let mut d_z = Zeroizing::new([0u8; ml_kem::SEED_LEN]);
        reader.read(d_z.as_mut_slice());
        let mut scalar = Zeroizing::new([0u8; 32]);
        reader.read(scalar.as_mut_slice());
        let pair = ml_kem::generate(Algorithm::MlKem768, &d_z)?;
        let sk_x = StaticSecret::from(*scalar);
        let pk_x = PublicKey::from(&sk_x);
        let mut public = pair.encapsulation_key;
        public.extend_from_slice(pk_x.as_bytes());
        Ok((Self { dk_m: pair.decapsulation_key, sk_x, pk_x }, public))
    }
}

/// Checks that `pk` parses (length and ML-KEM-768 modulus check on its first 1184 bytes).
pub fn public_key_is_valid(pk: &[u8]) -> bool {
    EncapsulationKey::try_from(pk).is_ok()
}

/// Deterministic encapsulation from `eseed` (the draft's `EncapsulateDerand`).
///
/// # Errors
/// [`Status::InvalidKey`] if `pk` does not parse.
pub fn encapsulate(pk: &[u8], eseed: &[u8; ESEED_LEN]) -> PqResult<(Vec<u8>, SecretBytes)> {
    let ek = EncapsulationKey::try_from(pk).map_err(|_| Status::InvalidKey)?;
    let (ct, ss) = ek.encapsulate_deterministic(eseed.into());
    Ok((ct.to_vec(), SecretBytes::from_slice(ss.as_slice())))
}

/// Decapsulation with an expanded key (the draft's `Decapsulate` after `expandDecapsulationKey`):
/// `ss_M = ML-KEM-768.Decaps(sk_M, ct_M)`, `ss_X = X25519(sk_X, ct_X)`, then
/// `SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ XWingLabel)`. Like ML-KEM it never fails on a
/// well-sized ciphertext (implicit rejection), and like `x-wing`'s `DecapsulationKey` it
/// accepts an all-zero X25519 output (draft-06 does not reject it).
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size ciphertext.
pub fn decapsulate(key: &ExpandedKey, ct: &[u8]) -> PqResult<SecretBytes> {
    if ct.len() != CIPHERTEXT_LEN {
        return Err(Status::InvalidLength);
    }
    let (ct_m, ct_x) = ct.split_at(ML_KEM_CIPHERTEXT_LEN);
    let ct_x: [u8; 32] = ct_x.try_into().map_err(|_| Status::InvalidLength)?;
    let ss_m = ml_kem::decapsulate(Algorithm::MlKem768, &key.dk_m, ct_m)?;
    let ss_x = key.sk_x.diffie_hellman(&PublicKey::from(ct_x));
    let mut hasher = Sha3_256::new();
    Digest::update(&mut hasher, ss_m.expose());
    Digest::update(&mut hasher, ss_x.as_bytes());
    Digest::update(&mut hasher, ct_x);
    Digest::update(&mut hasher, key.pk_x.as_bytes());
    Digest::update(&mut hasher, LABEL);
    let ss: [u8; 32] = hasher.finalize().into();
    Ok(SecretBytes::take_array(ss))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use x_wing::{Decapsulate, Decapsulator, KeyExport};

    /// A deterministic byte stream (SHAKE256 of a label) for reproducible "random" inputs.
    fn stream(label: &[u8], len: usize) -> Vec<u8> {
        let mut shake = Shake256::default();
        shake.update(label);
        let mut out = vec![0u8; len];
        shake.finalize_xof().read(&mut out);
        out
    }

    fn reference_decapsulate(seed: &[u8; SEED_LEN], ct: &[u8]) -> [u8; 32] {
        let dk = x_wing::DecapsulationKey::from(*seed);
        let ct = ct.try_into().expect("ciphertext size");
        dk.decapsulate(&ct).into()
    }

    #[test]
    fn expansion_and_decapsulation_equal_the_x_wing_crate() {
        for round in 0u32..48 {
            let seed: [u8; SEED_LEN] =
                stream(&[b"seed".as_slice(), &round.to_be_bytes()].concat(), SEED_LEN).try_into().expect("seed size");
            let (expanded, public) = ExpandedKey::from_seed(&seed).expect("expand");
            let reference = x_wing::DecapsulationKey::from(seed);
            assert_eq!(public, reference.encapsulation_key().to_bytes().to_vec(), "public key, round {round}");

            // A valid ciphertext: both recover the encapsulated secret.
            let eseed: [u8; ESEED_LEN] =
                stream(&[b"eseed".as_slice(), &round.to_be_bytes()].concat(), ESEED_LEN).try_into().expect("eseed");
            let (ct, ss) = encapsulate(&public, &eseed).expect("encapsulate");
            assert_eq!(decapsulate(&expanded, &ct).expect("decapsulate").expose(), ss.expose());
            assert_eq!(&reference_decapsulate(&seed, &ct), ss.expose());

            // Garbage, a one-bit flip in each half, and the all-zero X25519 share (non-contributory).
            let garbage = stream(&[b"ct".as_slice(), &round.to_be_bytes()].concat(), CIPHERTEXT_LEN);
            let mut flip_m = ct.clone();
            flip_m[usize::try_from(round).expect("small") * 7 % ML_KEM_CIPHERTEXT_LEN] ^= 1;
            let mut flip_x = ct.clone();
            flip_x[ML_KEM_CIPHERTEXT_LEN + usize::try_from(round % 31).expect("small")] ^= 0x10;
            let mut zero_x = ct.clone();
            zero_x[ML_KEM_CIPHERTEXT_LEN..].fill(0);
            for (what, ct) in [("garbage", garbage), ("flip_m", flip_m), ("flip_x", flip_x), ("zero_x", zero_x)] {
                let ours = decapsulate(&expanded, &ct).expect("decapsulate");
                assert_eq!(ours.expose(), &reference_decapsulate(&seed, &ct), "{what}, round {round}");
                assert_ne!(ours.expose(), ss.expose(), "{what}, round {round}");
            }
        }
    }

    #[test]
    fn wrong_size_ciphertexts_are_refused_and_debug_is_redacted() {
        let (expanded, _) = ExpandedKey::from_seed(&[7u8; SEED_LEN]).expect("expand");
        for len in [0, CIPHERTEXT_LEN - 1, CIPHERTEXT_LEN + 1] {
            assert_eq!(decapsulate(&expanded, &vec![0u8; len]).err(), Some(Status::InvalidLength));
        }
        assert_eq!(format!("{expanded:?}"), "ExpandedKey([redacted])");
    }
}
