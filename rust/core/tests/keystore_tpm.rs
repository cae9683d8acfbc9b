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
use pqgate_core::keystore::tpm::{TpmConfig, TpmKeystore};
use pqgate_core::keystore::{Backend, DEK_LEN, RootId, RootInfo, RootKeys};
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
