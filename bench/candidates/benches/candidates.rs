//! Issue 20's candidates table: per primitive, today's crate and the candidates under criterion
//! in one run on one machine. Names are `<primitive>/<operation>/<implementation>`;
//! bench/candidates/table.ts turns criterion's estimates into ratios against today's crate.
//!
//! Like for like: every implementation gets the same inputs (a 256-byte message, an empty
//! context, a 1 KiB / 1 MiB AES-GCM payload). The crates that take their randomness as an
//! argument (libcrux, RustCrypto, dalek) get fresh OS randomness inside the timed loop, as
//! pqgate-core feeds them; aws-lc-rs draws from its own DRBG. Key generation here has no
//! pairwise-consistency test for anybody (rust/core/benches/primitives.rs measures pqgate's
//! keygen with and without it).

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

use aws_lc_rs::signature::KeyPair as _;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MESSAGE: &[u8] = &[0x5a; 256];

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("randomness");
    bytes
}

fn ml_kem_768(c: &mut Criterion) {
    use ml_kem::Decapsulate as _;
    let mut group = c.benchmark_group("ml-kem-768");
    // today: libcrux-ml-kem (portable + AVX2, formally verified with hax/F*)
    group.bench_function("keygen/libcrux", |b| {
        b.iter(|| libcrux_ml_kem::mlkem768::generate_key_pair(black_box(random::<64>())))
    });
    let pair = libcrux_ml_kem::mlkem768::generate_key_pair(random::<64>());
    group.bench_function("encaps/libcrux", |b| {
        b.iter(|| libcrux_ml_kem::mlkem768::encapsulate(black_box(pair.public_key()), random::<32>()))
    });
    let (ct, _) = libcrux_ml_kem::mlkem768::encapsulate(pair.public_key(), random::<32>());
    group.bench_function("decaps/libcrux", |b| {
        b.iter(|| libcrux_ml_kem::mlkem768::decapsulate(black_box(pair.private_key()), &ct))
    });

    // aws-lc-rs (mlkem-native, formally verified; FIPS 140-3 module)
    let alg = &aws_lc_rs::kem::ML_KEM_768;
    group.bench_function("keygen/aws-lc-rs", |b| {
        b.iter(|| aws_lc_rs::kem::DecapsulationKey::generate(black_box(alg)).expect("keygen"))
    });
    let dk = aws_lc_rs::kem::DecapsulationKey::generate(alg).expect("keygen");
    let ek = dk.encapsulation_key().expect("ek");
    group.bench_function("encaps/aws-lc-rs", |b| b.iter(|| black_box(&ek).encapsulate().expect("encaps")));
    let (aws_ct, _) = ek.encapsulate().expect("encaps");
    let aws_ct = aws_ct.as_ref().to_vec();
    group.bench_function("decaps/aws-lc-rs", |b| {
        b.iter(|| black_box(&dk).decapsulate(aws_ct.as_slice().into()).expect("decaps"))
    });

    // RustCrypto ml-kem
    type Dk = ml_kem::DecapsulationKey<ml_kem::MlKem768>;
    group.bench_function("keygen/rustcrypto", |b| b.iter(|| Dk::from_seed(black_box(random::<64>()).into())));
    let rc = Dk::from_seed(random::<64>().into());
    let rc_ek = rc.encapsulation_key().clone();
    group.bench_function("encaps/rustcrypto", |b| {
        b.iter(|| black_box(&rc_ek).encapsulate_deterministic(&random::<32>().into()))
    });
    let (rc_ct, _) = rc_ek.encapsulate_deterministic(&random::<32>().into());
    group.bench_function("decaps/rustcrypto", |b| b.iter(|| black_box(&rc).decapsulate(&rc_ct)));
    group.finish();
}

fn ml_dsa_65(c: &mut Criterion) {
    use libcrux_ml_dsa::ml_dsa_65 as lc;
    let mut group = c.benchmark_group("ml-dsa-65");
    group.bench_function("keygen/libcrux", |b| b.iter(|| lc::generate_key_pair(black_box(random::<32>()))));
    let pair = lc::generate_key_pair(random::<32>());
    group.bench_function("sign/libcrux", |b| {
        b.iter(|| lc::sign(black_box(&pair.signing_key), MESSAGE, b"", random::<32>()).expect("sign"))
    });
    let sig = lc::sign(&pair.signing_key, MESSAGE, b"", random::<32>()).expect("sign");
    group.bench_function("verify/libcrux", |b| {
        b.iter(|| lc::verify(black_box(&pair.verification_key), MESSAGE, b"", &sig).expect("verify"))
    });

    use aws_lc_rs::signature::{ML_DSA_65, ML_DSA_65_SIGNING, PqdsaKeyPair};
    group.bench_function("keygen/aws-lc-rs", |b| {
        b.iter(|| PqdsaKeyPair::generate(black_box(&ML_DSA_65_SIGNING)).expect("keygen"))
    });
    let kp = PqdsaKeyPair::generate(&ML_DSA_65_SIGNING).expect("keygen");
    let mut aws_sig = vec![0u8; ML_DSA_65_SIGNING.signature_len()];
    group.bench_function("sign/aws-lc-rs", |b| b.iter(|| black_box(&kp).sign(MESSAGE, &mut aws_sig).expect("sign")));
    kp.sign(MESSAGE, &mut aws_sig).expect("sign");
    let public = aws_lc_rs::signature::UnparsedPublicKey::new(&ML_DSA_65, kp.public_key().as_ref().to_vec());
    group.bench_function("verify/aws-lc-rs", |b| {
        b.iter(|| black_box(&public).verify(MESSAGE, &aws_sig).expect("verify"))
    });

    type Sk = ml_dsa::SigningKey<ml_dsa::MlDsa65>;
    group.bench_function("keygen/rustcrypto", |b| b.iter(|| Sk::from_seed(&black_box(random::<32>()).into())));
    let pair = Sk::from_seed(&random::<32>().into());
    let rc = pair.expanded_key();
    let rc_vk = rc.verifying_key();
    group.bench_function("sign/rustcrypto", |b| {
        b.iter(|| {
            let mut rnd = random::<32>();
            black_box(rc).sign_randomized(MESSAGE, b"", &mut OneRnd(&mut rnd)).expect("sign")
        })
    });
    let mut rnd = random::<32>();
    let rc_sig = rc.sign_randomized(MESSAGE, b"", &mut OneRnd(&mut rnd)).expect("sign");
    group.bench_function("verify/rustcrypto", |b| {
        b.iter(|| assert!(black_box(&rc_vk).verify_with_context(MESSAGE, b"", &rc_sig)))
    });
    group.finish();
}

/// Hands RustCrypto's hedged signer 32 bytes drawn outside it (as pqgate-core does).
struct OneRnd<'a>(&'a mut [u8; 32]);

impl ml_dsa::signature::rand_core::TryRng for OneRnd<'_> {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(0)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        let n = dst.len().min(32);
        dst[..n].copy_from_slice(&self.0[..n]);
        Ok(())
    }
}
impl ml_dsa::signature::rand_core::TryCryptoRng for OneRnd<'_> {}

fn ed25519(c: &mut Criterion) {
    use ed25519_dalek::Signer as _;
    let mut group = c.benchmark_group("ed25519");
    let seed = random::<32>();
    let dalek = ed25519_dalek::SigningKey::from_bytes(&seed);
    let vk = dalek.verifying_key();
    group.bench_function("sign/dalek", |b| b.iter(|| black_box(&dalek).sign(MESSAGE)));
    let sig = dalek.sign(MESSAGE);
    group.bench_function("verify/dalek", |b| b.iter(|| black_box(&vk).verify_strict(MESSAGE, &sig).expect("verify")));
    let aws = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(&seed).expect("key");
    group.bench_function("sign/aws-lc-rs", |b| b.iter(|| black_box(&aws).sign(MESSAGE)));
    let aws_public = aws_lc_rs::signature::UnparsedPublicKey::new(
        &aws_lc_rs::signature::ED25519,
        aws.public_key().as_ref().to_vec(),
    );
    let aws_sig = aws.sign(MESSAGE);
    group.bench_function("verify/aws-lc-rs", |b| {
        b.iter(|| black_box(&aws_public).verify(MESSAGE, aws_sig.as_ref()).expect("verify"))
    });
    group.finish();
}

fn x25519(c: &mut Criterion) {
    let mut group = c.benchmark_group("x25519");
    let secret = x25519_dalek::StaticSecret::from(random::<32>());
    let peer = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(random::<32>()));
    group.bench_function("agree/dalek", |b| b.iter(|| black_box(&secret).diffie_hellman(&peer)));
    use aws_lc_rs::agreement;
    let aws = agreement::PrivateKey::generate(&agreement::X25519).expect("key");
    let aws_peer = agreement::PrivateKey::generate(&agreement::X25519).expect("key");
    let aws_peer_public = aws_peer.compute_public_key().expect("public").as_ref().to_vec();
    group.bench_function("agree/aws-lc-rs", |b| {
        b.iter(|| {
            agreement::agree(
                black_box(&aws),
                agreement::UnparsedPublicKey::new(&agreement::X25519, &aws_peer_public),
                (),
                |s| Ok(s[0]),
            )
            .expect("agree")
        })
    });
    group.finish();
}

fn aes_256_gcm(c: &mut Criterion) {
    use aes_gcm::aead::{Aead as _, KeyInit as _};
    let key = [0x42u8; 32];
    let nonce = [0x07u8; 12];
    let rc = aes_gcm::Aes256Gcm::new(&key.into());
    let aws = aws_lc_rs::aead::LessSafeKey::new(
        aws_lc_rs::aead::UnboundKey::new(&aws_lc_rs::aead::AES_256_GCM, &key).expect("key"),
    );
    for (label, len) in [("seal-1KiB", 1024usize), ("seal-1MiB", 1 << 20)] {
        let mut group = c.benchmark_group("aes-256-gcm");
        group.throughput(Throughput::Bytes(len as u64));
        let payload = vec![0xa5u8; len];
        // today: RustCrypto aes-gcm (what pqgate-core uses; fresh output as the core's `seal`)
        group.bench_function(format!("{label}/rustcrypto"), |b| {
            b.iter(|| rc.encrypt(&nonce.into(), black_box(payload.as_slice())).expect("seal"))
        });
        group.bench_function(format!("{label}/aws-lc-rs"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(len + 16);
                out.extend_from_slice(black_box(&payload));
                aws.seal_in_place_append_tag(
                    aws_lc_rs::aead::Nonce::assume_unique_for_key(nonce),
                    aws_lc_rs::aead::Aad::empty(),
                    &mut out,
                )
                .expect("seal");
                out
            })
        });
        group.finish();
    }
}

criterion_group!(benches, ml_kem_768, ml_dsa_65, ed25519, x25519, aes_256_gcm);
criterion_main!(benches);
