//! HMAC (RFC 2104) with SHA-256, SHA-512 and SHA3-256, from the RustCrypto `hmac` crate
//! (`SimpleHmac` for SHA3-256, whose `sha3` type has no block-level core for `Hmac`).
//!
//! Verification compares in constant time inside this module and returns only a status:
//! the expected tag never leaves.

use crate::algorithm::Algorithm;
use crate::{PqResult, Status};
use hmac::{KeyInit, Mac};

fn compute<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> PqResult<M> {
    let mut mac = <M as KeyInit>::new_from_slice(key).map_err(|_| Status::InvalidLength)?;
    mac.update(data);
    Ok(mac)
}

/// `HMAC(key, data)` for a MAC algorithm (any key length; stored keys have the fixed
/// length of [`Algorithm::sizes`]).
///
/// # Errors
/// [`Status::UnsupportedOperation`] for an algorithm that is not a MAC.
pub fn tag(algorithm: Algorithm, key: &[u8], data: &[u8]) -> PqResult<Vec<u8>> {
    Ok(match algorithm {
        Algorithm::HmacSha256 => compute::<hmac::Hmac<sha2::Sha256>>(key, data)?.finalize().into_bytes().to_vec(),
        Algorithm::HmacSha512 => compute::<hmac::Hmac<sha2::Sha512>>(key, data)?.finalize().into_bytes().to_vec(),
        Algorithm::HmacSha3_256 => {
            compute::<hmac::SimpleHmac<sha3::Sha3_256>>(key, data)?.finalize().into_bytes().to_vec()
        }
        _ => return Err(Status::UnsupportedOperation),
    })
}

/// Checks `tag` over `data` in constant time (the `hmac` crate's `verify_slice`).
///
/// # Errors
/// [`Status::VerificationFailed`] for a wrong tag or one of the wrong length;
/// [`Status::UnsupportedOperation`] for an algorithm that is not a MAC.
pub fn verify(algorithm: Algorithm, key: &[u8], data: &[u8], tag: &[u8]) -> PqResult<()> {
    let ok = match algorithm {
        Algorithm::HmacSha256 => compute::<hmac::Hmac<sha2::Sha256>>(key, data)?.verify_slice(tag).is_ok(),
        Algorithm::HmacSha512 => compute::<hmac::Hmac<sha2::Sha512>>(key, data)?.verify_slice(tag).is_ok(),
        Algorithm::HmacSha3_256 => compute::<hmac::SimpleHmac<sha3::Sha3_256>>(key, data)?.verify_slice(tag).is_ok(),
        _ => return Err(Status::UnsupportedOperation),
    };
    if ok { Ok(()) } else { Err(Status::VerificationFailed) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        crate::hex::decode(s).unwrap()
    }

    // RFC 4231 test cases 1 and 2 (HMAC-SHA-256 and HMAC-SHA-512). HMAC-SHA3-256 has no
    // RFC vectors; its values were computed with an independent implementation (OpenSSL
    // through Python's hmac module) over the same inputs.
    const CASES: [(&[u8], &[u8], [&str; 3]); 2] = [
        (
            &[0x0b; 20],
            b"Hi There",
            [
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
                "ba85192310dffa96e2a3a40e69774351140bb7185e1202cdcc917589f95e16bb",
            ],
        ),
        (
            b"Jefe",
            b"what do ya want for nothing?",
            [
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
                "c7d4072e788877ae3596bbb0da73b887c9171f93095b294ae857fbe2645e1ba5",
            ],
        ),
    ];
    const ALGORITHMS: [Algorithm; 3] = [Algorithm::HmacSha256, Algorithm::HmacSha512, Algorithm::HmacSha3_256];

    #[test]
    fn known_answers() {
        for (key, data, expected) in CASES {
            for (algorithm, expected) in ALGORITHMS.into_iter().zip(expected) {
                assert_eq!(tag(algorithm, key, data).unwrap(), hex(expected), "{algorithm:?}");
                assert_eq!(verify(algorithm, key, data, &hex(expected)), Ok(()));
            }
        }
    }

    #[test]
    fn a_wrong_or_short_tag_fails() {
        for algorithm in ALGORITHMS {
            let mut t = tag(algorithm, b"k", b"data").unwrap();
            assert_eq!(verify(algorithm, b"k", b"datb", &t), Err(Status::VerificationFailed));
            assert_eq!(verify(algorithm, b"k", b"data", &t[..16]), Err(Status::VerificationFailed));
            assert_eq!(verify(algorithm, b"k", b"data", &[]), Err(Status::VerificationFailed));
            if let Some(b) = t.last_mut() {
                *b ^= 1;
            }
            assert_eq!(verify(algorithm, b"k", b"data", &t), Err(Status::VerificationFailed));
        }
        assert_eq!(tag(Algorithm::Aes256Gcm, b"k", b""), Err(Status::UnsupportedOperation));
    }
}
