//! Sealed boxes through the operations the C ABI exports: round trips for every KEM,
//! every single-bit flip refused, wrong associated data, recipient and algorithm refused,
//! and `seal_private_key` → open → `key_from_seed` giving back the same key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use pqgate_core::Status;
use pqgate_core::algorithm::Algorithm;
use pqgate_core::api::{self, sync};
use pqgate_core::sealed_box::{HEADER_LEN, sealed_len};

const KEMS: [Algorithm; 4] = [Algorithm::MlKem512, Algorithm::MlKem768, Algorithm::MlKem1024, Algorithm::XWing];

fn generate(algorithm: Algorithm) -> u64 {
    api::key_generate(algorithm as u32).unwrap()
}

fn open(key: u64, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, Status> {
    sync::seal_open(key, aad, sealed).map(|p| p.expose().to_vec())
}

#[test]
fn every_kem_round_trips_through_its_public_and_private_handle() {
    for algorithm in KEMS {
        let sk = generate(algorithm);
        let pk = api::key_import_public(algorithm as u32, &api::key_export_public(sk).unwrap()).unwrap();
        for (plaintext, aad) in [(&b""[..], &b""[..]), (b"bundle", b"account|epoch 7"), (&[0xa5; 5000][..], b"")] {
            let sealed = sync::seal(pk, aad, plaintext).unwrap();
            assert_eq!(sealed.len(), sealed_len(algorithm, plaintext.len()));
            assert_eq!(&sealed[..4], b"PQSB");
            assert_eq!(sealed[4], 1);
            assert_eq!(u16::from_be_bytes([sealed[5], sealed[6]]), algorithm as u16);
            assert_eq!(open(sk, aad, &sealed).unwrap(), plaintext, "{algorithm:?}");
            // Sealing to the private handle seals to its public half.
            assert_eq!(open(sk, aad, &sync::seal(sk, aad, plaintext).unwrap()).unwrap(), plaintext);
        }
        // Fresh encapsulation each time: two boxes of the same message differ.
        assert_ne!(sync::seal(pk, b"", b"m").unwrap(), sync::seal(pk, b"", b"m").unwrap());
        api::key_free(pk).unwrap();
        api::key_free(sk).unwrap();
    }
}

#[test]
fn every_single_bit_flip_is_refused() {
    for algorithm in [Algorithm::MlKem512, Algorithm::XWing] {
        let sk = generate(algorithm);
        let sealed = sync::seal(sk, b"aad", b"sixteen byte msg").unwrap();
        for bit in 0..sealed.len() * 8 {
            let mut bad = sealed.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            let expected = if bit < 5 * 8 { Status::InvalidArgument } else { Status::DecryptionFailed };
            assert_eq!(open(sk, b"aad", &bad), Err(expected), "{algorithm:?} bit {bit}");
        }
        api::key_free(sk).unwrap();
    }
}

#[test]
fn wrong_aad_recipient_algorithm_and_lengths_are_refused() {
    let sk = generate(Algorithm::MlKem768);
    let other = generate(Algorithm::MlKem768);
    let sealed = sync::seal(sk, b"aad", b"secret").unwrap();
    assert_eq!(open(sk, b"aad!", &sealed), Err(Status::DecryptionFailed));
    assert_eq!(open(sk, b"", &sealed), Err(Status::DecryptionFailed));
    assert_eq!(open(other, b"aad", &sealed), Err(Status::DecryptionFailed));
    // A box for ML-KEM-768 given to an ML-KEM-1024 or X-Wing key: not for this key.
    for algorithm in [Algorithm::MlKem1024, Algorithm::XWing] {
        let key = generate(algorithm);
        assert_eq!(open(key, b"aad", &sealed), Err(Status::DecryptionFailed));
        api::key_free(key).unwrap();
    }
    assert_eq!(open(sk, b"aad", &sealed[..sealed.len() - 1]), Err(Status::DecryptionFailed));
    assert_eq!(open(sk, b"aad", &sealed[..HEADER_LEN + 1088 + 15]), Err(Status::InvalidLength));
    assert_eq!(open(sk, b"aad", &sealed[..HEADER_LEN + 10]), Err(Status::InvalidLength));
    assert_eq!(open(sk, b"aad", &sealed[..6]), Err(Status::InvalidLength));
    assert_eq!(open(sk, b"aad", b""), Err(Status::InvalidLength));
    let mut magic = sealed.clone();
    magic[..4].copy_from_slice(b"PQKW");
    assert_eq!(open(sk, b"aad", &magic), Err(Status::InvalidArgument));
    // Only KEM keys seal and open; only private ones open.
    let signer = generate(Algorithm::Ed25519);
    let pk = api::key_import_public(2, &api::key_export_public(sk).unwrap()).unwrap();
    assert_eq!(sync::seal(signer, b"", b"x").err(), Some(Status::WrongHandleKind));
    assert_eq!(open(signer, b"aad", &sealed), Err(Status::WrongHandleKind));
    assert_eq!(open(pk, b"aad", &sealed), Err(Status::WrongHandleKind));
    for handle in [sk, other, signer, pk] {
        api::key_free(handle).unwrap();
    }
}

#[test]
fn a_sealed_private_key_reopens_into_the_same_key() {
    let recipient = generate(Algorithm::XWing);
    for algorithm in Algorithm::ALL.into_iter().filter(|a| *a != Algorithm::EcdsaP256 && a.has_public_key()) {
        let key = generate(algorithm);
        let sealed = sync::seal_private_key(key, recipient, b"device 2").unwrap();
        let seed = open(recipient, b"device 2", &sealed).unwrap();
        assert_eq!(seed.len(), algorithm.sizes().seed as usize, "{algorithm:?}");
        assert_eq!(open(recipient, b"device 3", &sealed), Err(Status::DecryptionFailed));
        let again = api::key_from_seed(algorithm as u32, &seed).unwrap();
        assert_eq!(api::key_export_public(again).unwrap(), api::key_export_public(key).unwrap(), "{algorithm:?}");
        for handle in [key, again] {
            api::key_free(handle).unwrap();
        }
    }
    // A public key has no seed; a key imported in expanded form has none the library knows.
    let sk = generate(Algorithm::MlKem512);
    let pk = api::key_import_public(1, &api::key_export_public(sk).unwrap()).unwrap();
    assert_eq!(sync::seal_private_key(pk, recipient, b"").err(), Some(Status::WrongHandleKind));
    let signer = generate(Algorithm::MlDsa44);
    assert_eq!(sync::seal_private_key(sk, signer, b"").err(), Some(Status::WrongHandleKind));
    for handle in [sk, pk, signer, recipient] {
        api::key_free(handle).unwrap();
    }
}
