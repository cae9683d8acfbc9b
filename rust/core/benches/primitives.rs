//! Native baseline for bench/RESULTS.md: the same `pqgate_core::api` calls the C ABI makes,
//! without the FFI boundary, so "FFI / native" isolates the cost of crossing it.
//! Full run: `cargo bench --bench primitives`; CI: `cargo bench --bench primitives -- --test`.
//! Names are `<algorithm>/<operation>`; bench/support/criterion.ts reads them back.

#![allow(missing_docs)]
#![allow(clippy::expect_used)] // a benchmark with a failing setup has nothing to measure

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pqgate_core::algorithm::Algorithm;
use pqgate_core::key::{self, Key};
use pqgate_core::{api, handles};

const ML_KEM_768: u32 = 2;
const X_WING: u32 = 4;
const ML_DSA_65: u32 = 17;
const ED25519: u32 = 19;
const AES_256_GCM: u32 = 1;
const X25519: u32 = 5;
/// The message signed by every signature benchmark (bench/support/workload.ts uses the same).
const MESSAGE: &[u8] = &[0x5a; 256];

fn public_of(private: u64, algorithm: u32) -> u64 {
    let bytes = api::key_export_public(private).expect("export public key");
    api::key_import_public(algorithm, &bytes).expect("import public key")
}

/// Key generation as the C ABI does it (`keygen`, with the pairwise-consistency test) and the
/// same without the test (`keygen-no-pct`: what WebCrypto's keygen does; issue 20).
fn keygen(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, algorithm: u32) {
    group.bench_function("keygen", |b| {
        b.iter(|| api::key_free(black_box(api::key_generate(algorithm).expect("keygen"))))
    });
    let alg = Algorithm::from_id(algorithm).expect("algorithm");
    group.bench_function("keygen-no-pct", |b| {
        b.iter(|| {
            let key = key::generate_without_pairwise_check_for_benchmarks(black_box(alg)).expect("keygen");
            api::key_free(handles::insert(Key::Private(key)).expect("insert"))
        })
    });
}

fn kem(c: &mut Criterion, algorithm: u32, name: &str, with_keygen: bool) {
    let mut group = c.benchmark_group(name);
    if with_keygen {
        keygen(&mut group, algorithm);
    }
    let private = api::key_generate(algorithm).expect("keygen");
    let public = public_of(private, algorithm);
    group.bench_function("encaps", |b| b.iter(|| api::kem_encapsulate(black_box(public), None).expect("encaps")));
    let encapsulation = api::kem_encapsulate(public, None).expect("encaps");
    group.bench_function("decaps", |b| {
        b.iter(|| api::kem_decapsulate(black_box(private), &encapsulation.ciphertext).expect("decaps"))
    });
    group.finish();
    for handle in [public, private] {
        api::key_free(handle).expect("free");
    }
}

fn signature(c: &mut Criterion, algorithm: u32, name: &str, with_keygen: bool) {
    let mut group = c.benchmark_group(name);
    if with_keygen {
        keygen(&mut group, algorithm);
    }
    let private = api::key_generate(algorithm).expect("keygen");
    let public = public_of(private, algorithm);
    group.bench_function("sign", |b| b.iter(|| api::sign(black_box(private), MESSAGE, b"", None).expect("sign")));
    let sig = api::sign(private, MESSAGE, b"", None).expect("sign");
    group.bench_function("verify", |b| b.iter(|| api::verify(black_box(public), MESSAGE, b"", &sig).expect("verify")));
    group.finish();
    for handle in [public, private] {
        api::key_free(handle).expect("free");
    }
}

/// X25519 agreement: with ML-KEM-768 decapsulation, the floor of X-Wing decapsulation
/// (issue 20: X-Wing decaps ≤ 1.2 × (ML-KEM-768 decaps + X25519)).
fn agreement(c: &mut Criterion) {
    let mut group = c.benchmark_group("x25519");
    let private = api::key_generate(X25519).expect("keygen");
    let peer = api::key_generate(X25519).expect("keygen");
    let peer_public = api::key_export_public(peer).expect("export public key");
    group.bench_function("agree", |b| {
        b.iter(|| api::agreement_derive(black_box(private), &peer_public).expect("agree"))
    });
    group.finish();
    for handle in [private, peer] {
        api::key_free(handle).expect("free");
    }
}

fn aead(c: &mut Criterion) {
    let mut group = c.benchmark_group("aes-256-gcm");
    let key = [0x42u8; 32];
    // The in-place form `pq_aead_seal` calls with a caller buffer (one reused, as the FFI
    // benchmark's `aeadSealInto`).
    for (label, len) in [("seal-1KiB", 1024usize), ("seal-1MiB", 1 << 20)] {
        let plaintext = vec![0xa5u8; len];
        let mut sealed = vec![0u8; len + 28];
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_function(label, |b| {
            b.iter(|| {
                api::aead_seal_into(AES_256_GCM, &key, b"", black_box(&plaintext), &mut sealed).expect("seal");
            })
        });
    }
    group.finish();
}

fn primitives(c: &mut Criterion) {
    kem(c, ML_KEM_768, "ml-kem-768", true);
    kem(c, X_WING, "x-wing", false);
    signature(c, ML_DSA_65, "ml-dsa-65", true);
    signature(c, ED25519, "ed25519", false);
    agreement(c);
    aead(c);
}

criterion_group!(benches, primitives);
criterion_main!(benches);
