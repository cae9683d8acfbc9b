//! The C ABI layer's own cost (issue 20, "FFI/native ≤ 1.05"): each hot export called from Rust
//! with caller buffers against the `pqgate_core::api` call it wraps, in one criterion run. The
//! difference is everything rust/ffi adds (panic guard, counters, coarse clock, pointer checks,
//! the copy into the caller's buffer); the binding and the runtime's call sit on top of it.
//! `cargo bench -p pqgate-ffi --bench boundary`; names are `boundary/<operation>/<api|export>`.

#![allow(missing_docs)]
#![allow(clippy::expect_used)] // a benchmark with a failing setup has nothing to measure

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pqgate::kem::{pq_kem_decapsulate, pq_kem_encapsulate};
use pqgate::primitives::pq_aead_seal;
use pqgate::signature::pq_sig_sign;
use pqgate_core::api;

const ML_KEM_768: u32 = 2;
const ML_DSA_65: u32 = 17;
const AES_256_GCM: u32 = 1;
const MESSAGE: &[u8] = &[0x5a; 256];

fn len(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).expect("length")
}

fn boundary(c: &mut Criterion) {
    let mut group = c.benchmark_group("boundary");
    let private = api::key_generate(ML_KEM_768).expect("keygen");
    let public = api::key_import_public(ML_KEM_768, &api::key_export_public(private).expect("export")).expect("import");
    let (mut ct, mut ss, mut ct_len, mut ss_len) = ([0u8; 1088], [0u8; 32], 0u32, 0u32);
    group.bench_function("ml-kem-768-encaps/api", |b| {
        b.iter(|| api::kem_encapsulate(black_box(public), None).expect("encaps"))
    });
    group.bench_function("ml-kem-768-encaps/export", |b| {
        b.iter(|| {
            // SAFETY: every buffer is live, writable and as long as its stated capacity.
            let rc = unsafe {
                pq_kem_encapsulate(
                    black_box(public),
                    ct.as_mut_ptr(),
                    1088,
                    &mut ct_len,
                    ss.as_mut_ptr(),
                    32,
                    &mut ss_len,
                )
            };
            assert_eq!(rc, 0);
        })
    });
    let ciphertext = api::kem_encapsulate(public, None).expect("encaps").ciphertext;
    group.bench_function("ml-kem-768-decaps/api", |b| {
        b.iter(|| api::kem_decapsulate(black_box(private), &ciphertext).expect("decaps"))
    });
    group.bench_function("ml-kem-768-decaps/export", |b| {
        b.iter(|| {
            // SAFETY: as above; `ciphertext` is readable for its length.
            let rc = unsafe {
                pq_kem_decapsulate(
                    black_box(private),
                    ciphertext.as_ptr(),
                    len(&ciphertext),
                    ss.as_mut_ptr(),
                    32,
                    &mut ss_len,
                )
            };
            assert_eq!(rc, 0);
        })
    });
    // Deterministic signing: the hedged rejection loop varies per call by more than the layer costs.
    let signer = api::key_generate(ML_DSA_65).expect("keygen");
    let rnd = [0u8; 32];
    let (mut sig, mut sig_len) = (vec![0u8; 3309], 0u32);
    group.bench_function("ml-dsa-65-sign/api", |b| {
        b.iter(|| api::sign(black_box(signer), MESSAGE, b"", Some(&rnd)).expect("sign"))
    });
    group.bench_function("ml-dsa-65-sign/export", |b| {
        b.iter(|| {
            // SAFETY: as above.
            let rc = unsafe {
                pq_sig_sign(
                    black_box(signer),
                    MESSAGE.as_ptr(),
                    len(MESSAGE),
                    [].as_ptr(),
                    0,
                    rnd.as_ptr(),
                    32,
                    sig.as_mut_ptr(),
                    3309,
                    &mut sig_len,
                )
            };
            assert_eq!(rc, 0);
        })
    });
    let (key, plaintext) = ([0x42u8; 32], vec![0xa5u8; 1024]);
    let (mut sealed, mut sealed_len) = (vec![0u8; 12 + 1024 + 16], 0u32);
    let mut into = vec![0u8; 12 + 1024 + 16];
    group.bench_function("aes-256-gcm-seal-1KiB/api", |b| {
        b.iter(|| api::aead_seal_into(AES_256_GCM, &key, b"", black_box(&plaintext), &mut into).expect("seal"))
    });
    group.bench_function("aes-256-gcm-seal-1KiB/export", |b| {
        b.iter(|| {
            // SAFETY: as above.
            let rc = unsafe {
                pq_aead_seal(
                    AES_256_GCM,
                    key.as_ptr(),
                    32,
                    [].as_ptr(),
                    0,
                    black_box(plaintext.as_ptr()),
                    1024,
                    sealed.as_mut_ptr(),
                    1052,
                    &mut sealed_len,
                )
            };
            assert_eq!(rc, 0);
        })
    });
    group.finish();
    for handle in [public, private, signer] {
        api::key_free(handle).expect("free");
    }
}

criterion_group!(benches, boundary);
criterion_main!(benches);
