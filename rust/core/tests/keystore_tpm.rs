//! The TPM 2.0 keystore against a real `swtpm` simulator, one simulator per test.
//!
//! Needs `swtpm` and `tpm2-tools` (Debian: `apt-get install swtpm swtpm-tools tpm2-tools`);
//! without them the tests fail, they do not skip.
//!
//! ```sh
//! cargo test --release -p pqgate-core --test keystore_tpm
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "support/swtpm.rs"]
mod swtpm;

use pqgate_core::Status;
use pqgate_core::algorithm::Algorithm;
use pqgate_core::ecdsa_p256;
use pqgate_core::keystore::tpm::{TpmConfig, TpmKeystore};
use pqgate_core::keystore::{Backend, DEK_LEN, NativeKey, NativeKeys, RootId, RootInfo, RootKeys};
use std::process::Command;
use std::time::{Duration, Instant};
use swtpm::Swtpm;

fn open(tpm: &Swtpm) -> TpmKeystore {
    TpmKeystore::open(TpmConfig { tcti: tpm.tcti() }).expect("open the TPM keystore")
}

fn random_dek() -> [u8; DEK_LEN] {
    *pqgate_core::rng::array::<DEK_LEN>().unwrap()
}

fn sorted(mut roots: Vec<RootInfo>) -> Vec<RootInfo> {
    roots.sort_by_key(|r| r.sequence);
    roots
}

/// Where the private part (the second length-prefixed field) starts and ends.
fn private_range(sealed: &[u8]) -> std::ops::Range<usize> {
    let public_len = usize::from(u16::from_be_bytes([sealed[0], sealed[1]]));
    let start = 2 + public_len;
    let private_len = usize::from(u16::from_be_bytes([sealed[start], sealed[start + 1]]));
    assert_eq!(start + 2 + private_len, sealed.len(), "format: TPM2B_PUBLIC || TPM2B_PRIVATE");
    start..sealed.len()
}

#[test]
fn bad_configuration_and_unreachable_tpm() {
    for tcti in ["bogus:whatever", "swtpm:host=127.0.0.1,port=notaport", ""] {
        let result = TpmKeystore::open(TpmConfig { tcti: tcti.into() });
        assert_eq!(result.err(), Some(Status::KeystoreConfig), "tcti {tcti:?}");
    }
    // Two free ports with nothing listening: refused at once, not a hang.
    let port = swtpm::free_port_pair();
    let started = Instant::now();
    let result = TpmKeystore::open(TpmConfig { tcti: format!("swtpm:host=127.0.0.1,port={port}") });
    assert_eq!(result.err(), Some(Status::KeystoreUnavailable));
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[test]
fn roots_seal_unseal_tamper_and_destroy() {
    let tpm = Swtpm::start();
    let ks = open(&tpm);
    assert_eq!(ks.backend(), Backend::Tpm);
    assert!(ks.roots().unwrap().is_empty());

    let a = ks.create_root(1).unwrap();
    let b = ks.create_root(2).unwrap();
    assert_eq!((a.sequence, b.sequence), (1, 2));
    assert_ne!(a.id, b.id);
    assert_eq!(sorted(ks.roots().unwrap()), vec![a, b]);
    assert_eq!(sorted(ks.roots().unwrap()), vec![a, b], "ids are stable");
    // A taken sequence is refused and leaves the root in place; out-of-range ones too.
    assert_eq!(ks.create_root(1).err(), Some(Status::KeystoreDeviceError));
    assert_eq!(ks.create_root(0x1_0000).err(), Some(Status::InvalidArgument));
    assert_eq!(sorted(ks.roots().unwrap()), vec![a, b]);

    let dek = random_dek();
    let sealed = ks.seal(&a.id, b"aad", &dek).unwrap();
    assert!(!sealed.windows(DEK_LEN).any(|w| w == dek), "the DEK is not in the clear");
    assert_eq!(ks.unseal(&a.id, b"aad", &sealed).unwrap().expose(), dek);
    // A sealed object cannot bind aad; the envelope does (documented in tpm.rs).
    assert_eq!(ks.unseal(&a.id, b"other", &sealed).unwrap().expose(), dek);
    assert_eq!(ks.seal(&a.id, b"", &dek[..31]).err(), Some(Status::InvalidLength));

    // Every single-bit flip of the private part, and of the public part, fails to load.
    for bit in 0..sealed.len() * 8 {
        let mut tampered = sealed.clone();
        tampered[bit / 8] ^= 1 << (bit % 8);
        let got = ks.unseal(&a.id, b"aad", &tampered).err();
        assert_eq!(got, Some(Status::UnwrapFailed), "bit {bit} of {} flipped", sealed.len() * 8);
    }
    assert!(private_range(&sealed).len() > 2 + 32, "private part holds an HMAC and the encrypted DEK");
    assert_eq!(ks.unseal(&a.id, b"", &sealed[..sealed.len() - 1]).err(), Some(Status::UnwrapFailed));
    assert_eq!(ks.unseal(&a.id, b"", &[sealed.as_slice(), &[0]].concat()).err(), Some(Status::UnwrapFailed));

    // Under another root the object's integrity HMAC (keyed from the parent's seed) fails:
    // UnwrapFailed, not RootKeyNotFound, since root B does exist.
    assert_eq!(ks.unseal(&b.id, b"aad", &sealed).err(), Some(Status::UnwrapFailed));
    let unknown: RootId = [0x5a; 16];
    assert_eq!(ks.unseal(&unknown, b"aad", &sealed).err(), Some(Status::RootKeyNotFound));
    assert_eq!(ks.seal(&unknown, b"aad", &dek).err(), Some(Status::RootKeyNotFound));

    ks.destroy_root(&a.id).unwrap();
    assert_eq!(ks.unseal(&a.id, b"aad", &sealed).err(), Some(Status::RootKeyNotFound));
    assert_eq!(ks.destroy_root(&a.id).err(), Some(Status::RootKeyNotFound));
    assert_eq!(ks.roots().unwrap(), vec![b]);
    let sealed_b = ks.seal(&b.id, b"", &dek).unwrap();
    assert_eq!(ks.unseal(&b.id, b"", &sealed_b).unwrap().expose(), dek);
}

#[test]
fn roots_and_sealed_deks_survive_a_tpm_restart() {
    let mut tpm = Swtpm::start();
    let dek = random_dek();
    let (roots, root, sealed) = {
        let ks = open(&tpm);
        let root = ks.create_root(3).unwrap();
        (ks.roots().unwrap(), root, ks.seal(&root.id, b"", &dek).unwrap())
    };
    tpm.kill();
    tpm.restart();
    let ks = open(&tpm);
    assert_eq!(ks.roots().unwrap(), roots);
    assert_eq!(roots, vec![root]);
    assert_eq!(ks.unseal(&root.id, b"", &sealed).unwrap().expose(), dek);
}

#[test]
fn a_killed_tpm_fails_fast_and_the_same_keystore_recovers() {
    let mut tpm = Swtpm::start();
    let ks = open(&tpm);
    let root = ks.create_root(1).unwrap();
    let dek = random_dek();
    let sealed = ks.seal(&root.id, b"", &dek).unwrap();

    tpm.kill();
    let started = Instant::now();
    assert_eq!(ks.unseal(&root.id, b"", &sealed).err(), Some(Status::KeystoreUnavailable));
    // Still down: the reconnect is refused, again promptly.
    assert_eq!(ks.ping().err(), Some(Status::KeystoreUnavailable));
    assert_eq!(ks.roots().err(), Some(Status::KeystoreUnavailable));
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());

    tpm.restart();
    ks.ping().unwrap();
    assert_eq!(ks.unseal(&root.id, b"", &sealed).unwrap().expose(), dek);
    assert_eq!(ks.roots().unwrap(), vec![root]);
}

fn tpm2_tool(tpm: &Swtpm, args: &[&str]) -> String {
    let output = Command::new(args[0])
        .args(&args[1..])
        .env("TPM2TOOLS_TCTI", tpm.tcti())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{}` ({e}): install tpm2-tools", args[0]));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{args:?}: {stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[test]
fn tpm2_tools_see_a_persistent_non_duplicable_root() {
    let tpm = Swtpm::start();
    let root = {
        let ks = open(&tpm);
        ks.create_root(7).unwrap()
        // Dropped here: swtpm serves one connection at a time.
    };
    let handles = tpm2_tool(&tpm, &["tpm2_getcap", "handles-persistent"]);
    assert!(handles.contains("0x81500007"), "{handles}");

    let public = tpm2_tool(&tpm, &["tpm2_readpublic", "-c", "0x81500007"]);
    let mut lines = public.lines().skip_while(|l| !l.starts_with("attributes:"));
    let attributes = lines.nth(1).unwrap_or_default().trim_start().trim_start_matches("value:");
    for flag in ["fixedtpm", "fixedparent", "sensitivedataorigin", "userwithauth", "noda", "restricted", "decrypt"] {
        assert!(attributes.split('|').any(|f| f.trim() == flag), "{flag} missing: {public}");
    }
    assert!(!attributes.contains("sign"), "a storage key, not a signing key: {public}");
    assert!(public.contains("NIST p256"), "{public}");

    // The id is derived from that public area: reading it back through the keystore agrees.
    assert_eq!(open(&tpm).roots().unwrap(), vec![root]);
}

#[test]
fn fifty_round_trips_leak_no_transient_handles() {
    let tpm = Swtpm::start();
    let ks = open(&tpm);
    let root = ks.create_root(1).unwrap();
    let (mut seal_time, mut unseal_time) = (Duration::ZERO, Duration::ZERO);
    const ROUNDS: u32 = 50;
    for _ in 0..ROUNDS {
        let dek = random_dek();
        let started = Instant::now();
        let sealed = ks.seal(&root.id, b"", &dek).unwrap();
        seal_time += started.elapsed();
        let started = Instant::now();
        let opened = ks.unseal(&root.id, b"", &sealed).unwrap();
        unseal_time += started.elapsed();
        assert_eq!(opened.expose(), dek);
        // A failed load must not leak either.
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(ks.unseal(&root.id, b"", &tampered).err(), Some(Status::UnwrapFailed));
    }
    // libtpms holds 3 transient objects: a leak per round would have failed by round 4.
    eprintln!("tpm keystore (swtpm): seal {:?}, unseal {:?} on average", seal_time / ROUNDS, unseal_time / ROUNDS);
}

const P256: Algorithm = Algorithm::EcdsaP256;

fn native(ks: &TpmKeystore) -> &dyn NativeKeys {
    ks.native_keys().expect("a TPM holds native keys")
}

/// Signs `message` with `key` in the TPM and checks the signature against its public key.
fn sign_and_verify(ks: &TpmKeystore, key: &NativeKey, message: &[u8]) -> Vec<u8> {
    let signature = native(ks).native_sign(P256, &key.reference, message).unwrap();
    assert_eq!(signature.len(), ecdsa_p256::SIGNATURE_LEN);
    ecdsa_p256::verify(&key.public, message, &signature).unwrap();
    signature
}

#[test]
fn native_p256_keys_generate_sign_and_verify() {
    let tpm = Swtpm::start();
    let ks = open(&tpm);
    let keys = native(&ks);
    assert_eq!(keys.native_algorithms(), &[P256]);

    let key = keys.native_generate(P256).unwrap();
    assert_eq!(key.public.len(), ecdsa_p256::PUBLIC_KEY_LEN);
    assert!(ecdsa_p256::public_key_is_valid(&key.public));
    assert_eq!(keys.native_public(P256, &key.reference).unwrap(), key.public);
    // The reference is the key blob in the sealed-DEK format: public area, then private.
    let private = private_range(&key.reference);
    assert!(private.len() > 2 + 32, "private part holds an HMAC and the encrypted key");
    // tpm2-tools reads the public area as an unrestricted, non-duplicable ECDSA P-256 key.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("public.bin");
    std::fs::write(&path, &key.reference[2..private.start]).unwrap();
    let public = tpm2_tool(&tpm, &["tpm2_print", "-t", "TPMT_PUBLIC", path.to_str().unwrap()]);
    let mut lines = public.lines().skip_while(|l| !l.starts_with("attributes:"));
    let attributes = lines.nth(1).unwrap_or_default().trim_start().trim_start_matches("value:");
    let flags: Vec<&str> = attributes.split('|').map(str::trim).collect();
    for flag in ["fixedtpm", "fixedparent", "sensitivedataorigin", "userwithauth", "noda", "sign"] {
        assert!(flags.contains(&flag), "{flag} missing: {public}");
    }
    assert!(!flags.contains(&"restricted") && !flags.contains(&"decrypt"), "{public}");
    for field in ["NIST p256", "ecdsa", "sha256"] {
        assert!(public.contains(field), "{field} missing: {public}");
    }

    let first = sign_and_verify(&ks, &key, b"device attestation");
    let second = sign_and_verify(&ks, &key, b"device attestation");
    assert_ne!(first, second, "ECDSA signatures are randomised");
    assert_eq!(ecdsa_p256::verify(&key.public, b"another message", &first), Err(Status::VerificationFailed));
    sign_and_verify(&ks, &key, b"");

    let other = keys.native_generate(P256).unwrap();
    assert_ne!(other.public, key.public);
    assert_eq!(ecdsa_p256::verify(&other.public, b"device attestation", &first), Err(Status::VerificationFailed));

    // Nothing is stored in the TPM: destroying validates the reference, and the blob stays usable.
    keys.native_destroy(P256, &other.reference).unwrap();
    assert_eq!(keys.native_destroy(P256, b"junk").err(), Some(Status::InvalidKey));
    assert_eq!(keys.native_destroy(Algorithm::Ed25519, &other.reference).err(), Some(Status::UnsupportedOperation));
}

#[test]
fn native_keys_survive_a_tpm_restart() {
    let mut tpm = Swtpm::start();
    let key = {
        let ks = open(&tpm);
        let key = native(&ks).native_generate(P256).unwrap();
        sign_and_verify(&ks, &key, b"before");
        key
    };
    tpm.kill();
    tpm.restart();
    let ks = open(&tpm);
    assert_eq!(native(&ks).native_public(P256, &key.reference).unwrap(), key.public);
    sign_and_verify(&ks, &key, b"after the restart");
}

#[test]
fn tampered_truncated_foreign_and_unsupported_native_references_are_refused() {
    let tpm = Swtpm::start();
    let ks = open(&tpm);
    let keys = native(&ks);
    let key = keys.native_generate(P256).unwrap();

    // Every single-bit flip, in the private part and in the public area, is refused by the
    // parser, the template check or the TPM's integrity check: never a signature.
    let private = private_range(&key.reference);
    for bit in 0..key.reference.len() * 8 {
        let mut tampered = key.reference.clone();
        tampered[bit / 8] ^= 1 << (bit % 8);
        let got = keys.native_sign(P256, &tampered, b"message").err();
        let part = if private.contains(&(bit / 8)) { "private" } else { "public" };
        assert_eq!(got, Some(Status::InvalidKey), "bit {bit} flipped ({part} part)");
    }
    let mut tampered = key.reference.clone();
    tampered[private.end - 1] ^= 0x01;
    assert_eq!(keys.native_public(P256, &tampered).err(), Some(Status::InvalidKey));

    for cut in [0, 1, 2, private.start, private.start + 2, key.reference.len() - 1] {
        let truncated = &key.reference[..cut];
        assert_eq!(keys.native_sign(P256, truncated, b"m").err(), Some(Status::InvalidKey), "cut at {cut}");
        assert_eq!(keys.native_public(P256, truncated).err(), Some(Status::InvalidKey), "cut at {cut}");
    }
    let extended = [key.reference.as_slice(), &[0]].concat();
    assert_eq!(keys.native_sign(P256, &extended, b"m").err(), Some(Status::InvalidKey));

    for algorithm in [Algorithm::MlDsa65, Algorithm::Ed25519] {
        assert_eq!(keys.native_generate(algorithm).err(), Some(Status::UnsupportedOperation));
        assert_eq!(keys.native_public(algorithm, &key.reference).err(), Some(Status::UnsupportedOperation));
        assert_eq!(keys.native_sign(algorithm, &key.reference, b"m").err(), Some(Status::UnsupportedOperation));
    }

    // A well-formed blob of another kind (a sealed DEK under a root) is not a signing key.
    let root = ks.create_root(1).unwrap();
    let sealed = ks.seal(&root.id, b"", &random_dek()).unwrap();
    assert_eq!(keys.native_sign(P256, &sealed, b"m").err(), Some(Status::InvalidKey));

    // A key generated by another TPM (another owner seed, so another SRK) does not load here.
    let other_tpm = Swtpm::start();
    let foreign = native(&open(&other_tpm)).native_generate(P256).unwrap();
    assert_eq!(keys.native_public(P256, &foreign.reference).err(), Some(Status::InvalidKey));
    assert_eq!(keys.native_sign(P256, &foreign.reference, b"m").err(), Some(Status::InvalidKey));

    // None of that disturbed the connection or the key.
    sign_and_verify(&ks, &key, b"still fine");
}

#[test]
fn root_rotation_does_not_affect_native_keys() {
    let tpm = Swtpm::start();
    let ks = open(&tpm);
    let key = native(&ks).native_generate(P256).unwrap();
    let first = ks.create_root(1).unwrap();
    let second = ks.create_root(2).unwrap();
    sign_and_verify(&ks, &key, b"during the rotation");
    ks.destroy_root(&first.id).unwrap();
    assert_eq!(ks.roots().unwrap(), vec![second]);
    sign_and_verify(&ks, &key, b"after the rotation");
    ks.destroy_root(&second.id).unwrap();
    assert!(ks.roots().unwrap().is_empty());
    assert_eq!(native(&ks).native_public(P256, &key.reference).unwrap(), key.public);
    sign_and_verify(&ks, &key, b"with no root at all");
}

#[test]
fn a_killed_tpm_fails_native_signing_fast_and_the_same_keystore_recovers() {
    let mut tpm = Swtpm::start();
    let ks = open(&tpm);
    let key = native(&ks).native_generate(P256).unwrap();
    sign_and_verify(&ks, &key, b"before");

    tpm.kill();
    let started = Instant::now();
    assert_eq!(native(&ks).native_sign(P256, &key.reference, b"m").err(), Some(Status::KeystoreUnavailable));
    assert_eq!(native(&ks).native_sign(P256, &key.reference, b"m").err(), Some(Status::KeystoreUnavailable));
    assert_eq!(native(&ks).native_generate(P256).err(), Some(Status::KeystoreUnavailable));
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());

    tpm.restart();
    sign_and_verify(&ks, &key, b"after the restart");
    assert_eq!(native(&ks).native_public(P256, &key.reference).unwrap(), key.public);
}

#[test]
fn fifty_native_signatures_leak_no_transient_handles() {
    let tpm = Swtpm::start();
    {
        let ks = open(&tpm);
        let key = native(&ks).native_generate(P256).unwrap();
        let mut tampered = key.reference.clone();
        *tampered.last_mut().unwrap() ^= 1;
        const ROUNDS: u32 = 50;
        let mut sign_time = Duration::ZERO;
        for round in 0..ROUNDS {
            let message = round.to_be_bytes();
            let started = Instant::now();
            let signature = native(&ks).native_sign(P256, &key.reference, &message).unwrap();
            sign_time += started.elapsed();
            ecdsa_p256::verify(&key.public, &message, &signature).unwrap();
            // A failed load must not leak either.
            assert_eq!(native(&ks).native_sign(P256, &tampered, &message).err(), Some(Status::InvalidKey));
        }
        // libtpms holds 3 transient objects: a leak per round would have failed by round 3.
        eprintln!("tpm keystore (swtpm): native ECDSA P-256 sign {:?} on average", sign_time / ROUNDS);
        // Dropped here: swtpm serves one connection at a time.
    }
    // Dropping the keystore flushed the SRK it kept loaded.
    let transient = tpm2_tool(&tpm, &["tpm2_getcap", "handles-transient"]);
    assert!(transient.trim().is_empty(), "left loaded: {transient}");
}
