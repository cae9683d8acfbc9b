//! ML-KEM-512/768/1024 (FIPS 203) over `libcrux-ml-kem`.
//!
//! The private key is kept in the FIPS 203 expanded form `dk` (§7.1, output of
//! ML-KEM.KeyGen_internal), the form the ACVP vectors and BYOK imports use.

use crate::algorithm::Algorithm;
use crate::secret::SecretBytes;
use crate::{PqResult, Status};
use zeroize::Zeroize;

/// FIPS 203 key-generation seed `d || z`.
pub const SEED_LEN: usize = 64;
/// Encapsulation randomness `m`.
pub const MESSAGE_LEN: usize = 32;

/// A generated key pair: expanded decapsulation key and encapsulation key.
pub struct KeyPair {
    /// `dk` (secret).
    pub decapsulation_key: SecretBytes,
    /// `ek`.
    pub encapsulation_key: Vec<u8>,
}

macro_rules! parameter_set {
    ($name:ident, $module:ident, $pk:ident, $sk:ident, $ct:ident) => {
        mod $name {
            use super::*;
            use libcrux_ml_kem::$module::{self, $ct, $pk, $sk};

            pub fn generate(seed: &[u8; SEED_LEN]) -> KeyPair {
                let (sk, pk) = $module::generate_key_pair(*seed).into_parts();
                let mut sk_bytes: [u8; $sk::len()] = sk.into();
                let decapsulation_key = SecretBytes::from_slice(&sk_bytes);
                sk_bytes.zeroize();
                KeyPair { decapsulation_key, encapsulation_key: pk.as_slice().to_vec() }
            }

            pub fn public_key_is_valid(ek: &[u8]) -> bool {
                $pk::try_from(ek).is_ok_and(|pk| $module::validate_public_key(&pk))
            }

            pub fn private_key_is_valid(dk: &[u8]) -> bool {
                match $sk::try_from(dk) {
                    Ok(sk) => {
                        let valid = $module::portable::validate_private_key_only(&sk);
                        let mut bytes: [u8; $sk::len()] = sk.into();
                        bytes.zeroize();
                        valid
                    }
                    Err(_) => false,
                }
            }

            pub fn encapsulate(ek: &[u8], m: &[u8; MESSAGE_LEN]) -> PqResult<(Vec<u8>, SecretBytes)> {
                let pk = $pk::try_from(ek).map_err(|_| Status::InvalidLength)?;
                let (ct, ss) = $module::encapsulate(&pk, *m);
                Ok((ct.as_slice().to_vec(), SecretBytes::take_array(ss)))
            }

            pub fn decapsulate(dk: &SecretBytes, ct: &[u8]) -> PqResult<SecretBytes> {
                let ct = $ct::try_from(ct).map_err(|_| Status::InvalidLength)?;
                let sk = $sk::try_from(dk.expose()).map_err(|_| Status::InvalidLength)?;
                let ss = $module::decapsulate(&sk, &ct);
                let mut sk_bytes: [u8; $sk::len()] = sk.into();
                sk_bytes.zeroize();
                Ok(SecretBytes::take_array(ss))
            }
        }
    };
}

parameter_set!(p512, mlkem512, MlKem512PublicKey, MlKem512PrivateKey, MlKem512Ciphertext);
parameter_set!(p768, mlkem768, MlKem768PublicKey, MlKem768PrivateKey, MlKem768Ciphertext);
parameter_set!(p1024, mlkem1024, MlKem1024PublicKey, MlKem1024PrivateKey, MlKem1024Ciphertext);

macro_rules! dispatch {
    ($alg:expr, $function:ident ( $($arg:expr),* )) => {
        match $alg {
            Algorithm::MlKem512 => Ok(p512::$function($($arg),*)),
            Algorithm::MlKem768 => Ok(p768::$function($($arg),*)),
            Algorithm::MlKem1024 => Ok(p1024::$function($($arg),*)),
            _ => Err(Status::UnsupportedOperation),
        }
    };
}

/// ML-KEM.KeyGen_internal(d, z) (FIPS 203 Algorithm 16).
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a non-ML-KEM algorithm.
pub fn generate(alg: Algorithm, seed: &[u8; SEED_LEN]) -> PqResult<KeyPair> {
    dispatch!(alg, generate(seed))
}

/// Encapsulation key check (FIPS 203 §7.2): length and modulus.
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a non-ML-KEM algorithm.
pub fn public_key_is_valid(alg: Algorithm, ek: &[u8]) -> PqResult<bool> {
    dispatch!(alg, public_key_is_valid(ek))
}

/// Decapsulation key check (FIPS 203 §7.3): length and the embedded hash `H(ek)`.
///
/// # Errors
/// [`Status::UnsupportedOperation`] for a non-ML-KEM algorithm.
pub fn private_key_is_valid(alg: Algorithm, dk: &[u8]) -> PqResult<bool> {
    dispatch!(alg, private_key_is_valid(dk))
}

/// ML-KEM.Encaps_internal(ek, m) (FIPS 203 Algorithm 17).
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size `ek`; [`Status::UnsupportedOperation`].
pub fn encapsulate(alg: Algorithm, ek: &[u8], m: &[u8; MESSAGE_LEN]) -> PqResult<(Vec<u8>, SecretBytes)> {
    dispatch!(alg, encapsulate(ek, m))?
}

/// ML-KEM.Decaps_internal(dk, c) (FIPS 203 Algorithm 18), with implicit rejection.
///
/// # Errors
/// [`Status::InvalidLength`] for a wrong-size ciphertext; [`Status::UnsupportedOperation`].
pub fn decapsulate(alg: Algorithm, dk: &SecretBytes, ct: &[u8]) -> PqResult<SecretBytes> {
    dispatch!(alg, decapsulate(dk, ct))?
}
