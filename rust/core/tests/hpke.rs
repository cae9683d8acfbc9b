//! HPKE (`pqgate_core::hpke`): known answers from RFC 9180 (key schedule and AEAD, DHKEM
//! suites with HKDF-SHA256 and ChaCha20-Poly1305) and draft-ietf-hpke-pq (ML-KEM and X-Wing,
//! `tests/data/hpke/SOURCES.md`), then both directions against the independent `hpke` crate
//! for every KEM × AEAD, and the refusals of `open`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use ::hpke::aead::{AesGcm256, ChaCha20Poly1305 as HpkeChaCha};
use ::hpke::kdf::HkdfSha256;
use ::hpke::kem::{MlKem768, MlKem1024, XWing};
use ::hpke::{Deserializable, Kem as KemTrait, OpModeR, OpModeS, Serializable};
use pqgate_core::Status;
use pqgate_core::aead;
use pqgate_core::algorithm::{AeadAlgorithm, Algorithm};
use pqgate_core::hpke as core_hpke;
use pqgate_core::key;
use serde::Deserialize;

const AEADS: [AeadAlgorithm; 2] = [AeadAlgorithm::Aes256Gcm, AeadAlgorithm::ChaCha20Poly1305];

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/hpke/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn aead_of(id: u16) -> AeadAlgorithm {
    match id {
        2 => AeadAlgorithm::Aes256Gcm,
        3 => AeadAlgorithm::ChaCha20Poly1305,
        _ => panic!("aead {id}"),
    }
}

#[derive(Deserialize)]
struct Encryption {
    #[serde(default)]
    seq: u64,
    pt: String,
    aad: String,
    nonce: String,
    ct: String,
}

#[derive(Deserialize)]
struct RfcVector {
    title: String,
    kem_id: u16,
    aead_id: u16,
    info: String,
    shared_secret: String,
    key: String,
    base_nonce: String,
    encryptions: Vec<Encryption>,
}

/// The AEAD key, base nonce and encryptions at their sequence numbers: the key schedule and
/// the nonce computation are ours, the KEM is not involved.
fn check_context(kem_id: u16, aead_id: u16, ss: &str, info: &str, key: &str, nonce: &str, encs: &[Encryption]) {
    let aead = aead_of(aead_id);
    let context = core_hpke::key_schedule(kem_id, aead, &h(ss), &h(info)).unwrap();
    assert_eq!(context.key.expose(), h(key).as_slice());
    assert_eq!(context.base_nonce.as_slice(), h(nonce).as_slice());
    for (i, e) in encs.iter().enumerate() {
        let seq = if e.seq == 0 { i as u64 } else { e.seq };
        let nonce = context.nonce(seq);
        assert_eq!(nonce.as_slice(), h(&e.nonce).as_slice());
        let ct = aead::seal_with_nonce(aead, context.key.expose(), &nonce, &h(&e.aad), &h(&e.pt)).unwrap();
        assert_eq!(ct, h(&e.ct));
        let pt = aead::open_with_nonce(aead, context.key.expose(), &nonce, &h(&e.aad), &ct).unwrap();
        assert_eq!(pt.expose(), h(&e.pt).as_slice());
    }
}

#[test]
fn rfc9180_key_schedule_and_encryptions() {
    let vectors: Vec<RfcVector> = serde_json::from_str(&data("rfc9180.json")).unwrap();
    assert_eq!(vectors.len(), 2);
    for v in &vectors {
        eprintln!("{}", v.title);
        check_context(v.kem_id, v.aead_id, &v.shared_secret, &v.info, &v.key, &v.base_nonce, &v.encryptions);
    }
}

#[derive(Deserialize)]
struct PqVector {
    kem_id: u16,
    kdf_id: u16,
    aead_id: u16,
    #[serde(rename = "ikmE")]
    ikm_e: String,
    #[serde(rename = "skRm")]
    sk_rm: String,
    #[serde(rename = "pkRm")]
    pk_rm: String,
    enc: String,
    shared_secret: String,
    info: Option<String>,
    key: Option<String>,
    base_nonce: Option<String>,
    encryptions: Option<Vec<Encryption>>,
}

fn algorithm_of(kem_id: u16) -> Algorithm {
    match kem_id {
        0x0040 => Algorithm::MlKem512,
        0x0041 => Algorithm::MlKem768,
        0x0042 => Algorithm::MlKem1024,
        0x647a => Algorithm::XWing,
        _ => panic!("kem {kem_id}"),
    }
}

#[test]
fn draft_ietf_hpke_pq_vectors() {
    let vectors: Vec<PqVector> = serde_json::from_str(&data("pq.json")).unwrap();
    let mut full = 0;
    for v in &vectors {
        let algorithm = algorithm_of(v.kem_id);
        assert_eq!(core_hpke::kem_id(algorithm).unwrap(), v.kem_id);
        // skRm is the seed (ML-KEM d‖z, X-Wing seed): our from_seed is their key pair.
        let sk = key::from_seed(algorithm, &h(&v.sk_rm)).unwrap();
        assert_eq!(sk.public.as_deref().unwrap(), h(&v.pk_rm).as_slice(), "{algorithm:?} pkRm");
        // Their deterministic encapsulation randomness is ikmE, as ours.
        let encapsulation = pqgate_core::kem::encapsulate(algorithm, &h(&v.pk_rm), Some(&h(&v.ikm_e))).unwrap();
        assert_eq!(encapsulation.ciphertext, h(&v.enc), "{algorithm:?} enc");
        assert_eq!(encapsulation.shared_secret.expose(), h(&v.shared_secret).as_slice());
        assert_eq!(pqgate_core::kem::decapsulate(&sk, &h(&v.enc)).unwrap().expose(), h(&v.shared_secret).as_slice());
        let Some(encs) = &v.encryptions else { continue };
        assert_eq!(v.kdf_id, core_hpke::KDF_HKDF_SHA256);
        let (info, key, nonce) = (v.info.as_ref().unwrap(), v.key.as_ref().unwrap(), v.base_nonce.as_ref().unwrap());
        check_context(v.kem_id, v.aead_id, &v.shared_secret, info, key, nonce, encs);
        // And the whole single-shot path: seal with ikmE gives their enc and first ciphertext.
        let (first, aead) = (&encs[0], aead_of(v.aead_id));
        let (enc, ct) =
            core_hpke::seal(algorithm, aead, &h(&v.pk_rm), &h(info), &h(&first.aad), &h(&first.pt), Some(&h(&v.ikm_e)))
                .unwrap();
        assert_eq!((enc.as_slice(), ct.as_slice()), (h(&v.enc).as_slice(), h(&first.ct).as_slice()));
        let pt = core_hpke::open(&sk, aead, &enc, &h(info), &h(&first.aad), &ct).unwrap();
        assert_eq!(pt.expose(), h(&first.pt).as_slice());
        full += 1;
    }
    assert_eq!(full, 1, "the X-Wing/HKDF-SHA256/ChaCha20-Poly1305 entry runs in full");
}

/// Both directions with the `hpke` crate for one KEM and AEAD: its private key from the
/// same seed as ours (ML-KEM `d‖z`, X-Wing seed).
fn cross<K: KemTrait, A: ::hpke::aead::Aead>(algorithm: Algorithm, aead: AeadAlgorithm) {
    let seed = pqgate_core::rng::array::<64>().unwrap();
    let seed = &seed[..algorithm.sizes().seed as usize];
    let ours = key::from_seed(algorithm, seed).unwrap();
    let their_sk = K::PrivateKey::from_bytes(seed).unwrap();
    let their_pk = K::sk_to_pk(&their_sk);
    assert_eq!(their_pk.to_bytes().as_slice(), ours.public.as_deref().unwrap(), "{algorithm:?}");
    let (info, aad, pt) = (b"pqgate cross-test info".as_slice(), b"row 42".as_slice(), b"the message".as_slice());

    // The hpke crate seals, we open.
    let (enc, ct) = ::hpke::single_shot_seal::<A, HkdfSha256, K>(&OpModeS::Base, &their_pk, info, pt, aad).unwrap();
    let enc = enc.to_bytes().to_vec();
    assert_eq!(core_hpke::open(&ours, aead, &enc, info, aad, &ct).unwrap().expose(), pt, "{algorithm:?} {aead:?}");
    assert_eq!(core_hpke::open(&ours, aead, &enc, b"other info", aad, &ct).err(), Some(Status::DecryptionFailed));
    assert_eq!(core_hpke::open(&ours, aead, &enc, info, b"other aad", &ct).err(), Some(Status::DecryptionFailed));

    // We seal, the hpke crate opens.
    let (enc, ct) = core_hpke::seal(algorithm, aead, ours.public.as_deref().unwrap(), info, aad, pt, None).unwrap();
    let enc = K::EncappedKey::from_bytes(&enc).unwrap();
    let opened = ::hpke::single_shot_open::<A, HkdfSha256, K>(&OpModeR::Base, &their_sk, &enc, info, &ct, aad).unwrap();
    assert_eq!(opened, pt, "{algorithm:?} {aead:?}");
}

#[test]
fn interoperates_with_the_hpke_crate_both_ways() {
    cross::<MlKem768, AesGcm256>(Algorithm::MlKem768, AeadAlgorithm::Aes256Gcm);
    cross::<MlKem768, HpkeChaCha>(Algorithm::MlKem768, AeadAlgorithm::ChaCha20Poly1305);
    cross::<MlKem1024, AesGcm256>(Algorithm::MlKem1024, AeadAlgorithm::Aes256Gcm);
    cross::<MlKem1024, HpkeChaCha>(Algorithm::MlKem1024, AeadAlgorithm::ChaCha20Poly1305);
    cross::<XWing, AesGcm256>(Algorithm::XWing, AeadAlgorithm::Aes256Gcm);
    cross::<XWing, HpkeChaCha>(Algorithm::XWing, AeadAlgorithm::ChaCha20Poly1305);
}

#[test]
fn open_refuses_what_it_must() {
    for algorithm in [Algorithm::MlKem512, Algorithm::MlKem768, Algorithm::MlKem1024, Algorithm::XWing] {
        let sk = key::generate(algorithm).unwrap();
        let other = key::generate(algorithm).unwrap();
        let public = sk.public.as_deref().unwrap();
        for aead in AEADS {
            let (enc, ct) = core_hpke::seal(algorithm, aead, public, b"i", b"a", b"pt", None).unwrap();
            assert_eq!(core_hpke::open(&sk, aead, &enc, b"i", b"a", &ct).unwrap().expose(), b"pt");
            let fail = |enc: &[u8], ct: &[u8]| core_hpke::open(&sk, aead, enc, b"i", b"a", ct).err();
            for i in [0, enc.len() / 2, enc.len() - 1] {
                let mut e = enc.clone();
                e[i] ^= 1;
                assert_eq!(fail(&e, &ct), Some(Status::DecryptionFailed), "{algorithm:?} enc bit {i}");
            }
            for i in 0..ct.len() {
                let mut c = ct.clone();
                c[i] ^= 0x80;
                assert_eq!(fail(&enc, &c), Some(Status::DecryptionFailed));
            }
            assert_eq!(fail(&enc[1..], &ct), Some(Status::InvalidLength));
            assert_eq!(fail(&enc, &ct[..aead::TAG_LEN - 1]), Some(Status::InvalidLength));
            let other_aead = AEADS.into_iter().find(|a| *a != aead).unwrap();
            assert_eq!(core_hpke::open(&sk, other_aead, &enc, b"i", b"a", &ct).err(), Some(Status::DecryptionFailed));
            assert_eq!(core_hpke::open(&other, aead, &enc, b"i", b"a", &ct).err(), Some(Status::DecryptionFailed));
        }
    }
    let ed = key::generate(Algorithm::Ed25519).unwrap();
    assert_eq!(core_hpke::open(&ed, AEADS[0], &[], b"", b"", &[0; 16]).err(), Some(Status::UnsupportedOperation));
}

#[test]
fn open_key_imports_the_opened_seed_or_expanded_key_into_a_handle() {
    use pqgate_core::api::{self, hpke as api_hpke};
    let recipient = api::key_generate(Algorithm::XWing as u32).unwrap();
    let public = api::key_export_public(recipient).unwrap();
    let aead = AeadAlgorithm::ChaCha20Poly1305;
    for (algorithm, form) in [
        (Algorithm::MlDsa65, key::generate(Algorithm::MlDsa65).unwrap().storage_form().expose().to_vec()),
        (Algorithm::MlKem768, key::generate(Algorithm::MlKem768).unwrap().secret.expose().to_vec()),
        (Algorithm::Ed25519, vec![7u8; 32]),
        (Algorithm::Aes256Gcm, vec![9u8; 32]),
    ] {
        let expected = key::import_private(algorithm, &form).unwrap();
        let (enc, ct) = core_hpke::seal(Algorithm::XWing, aead, &public, b"info", b"aad", &form, None).unwrap();
        let handle = api_hpke::open_key(recipient, aead as u32, &enc, b"info", b"aad", &ct, algorithm as u32).unwrap();
        if let Some(pk) = &expected.public {
            assert_eq!(&api::key_export_public(handle).unwrap(), pk, "{algorithm:?}");
        }
        api::key_free(handle).unwrap();
        // Another info is refused; so is a blob of another algorithm's size. (A 32-byte seed is
        // a valid seed of several algorithms: the gateway binds the algorithm in `info`.)
        let other_info = api_hpke::open_key(recipient, aead as u32, &enc, b"infO", b"aad", &ct, algorithm as u32);
        assert_eq!(other_info.err(), Some(Status::DecryptionFailed));
        let as_other =
            api_hpke::open_key(recipient, aead as u32, &enc, b"info", b"aad", &ct, Algorithm::MlKem1024 as u32);
        assert!(as_other.is_err(), "{algorithm:?} as ML-KEM-1024");
    }
    api::key_free(recipient).unwrap();
}
