//! The PKCS#11 keystore against a real SoftHSM2 token (Debian packages softhsm2 and opensc).
//!
//! Each test initialises its own token (see `support/softhsm.rs`); the tests run one at a time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "support/softhsm.rs"]
mod softhsm;

use pqgate_core::Status;
use pqgate_core::keystore::pkcs11::{Pkcs11Config, Pkcs11Keystore};
use pqgate_core::keystore::{Backend, DEK_LEN, RootInfo, RootKeys};
use softhsm::{MODULE, SoftHsm, USER_PIN};
use std::path::PathBuf;
use std::process::Command;

fn dek() -> [u8; DEK_LEN] {
    let mut dek = [0u8; DEK_LEN];
    pqgate_core::rng::fill(&mut dek).unwrap();
    dek
}

fn open(hsm: &SoftHsm) -> Pkcs11Keystore {
    Pkcs11Keystore::open(hsm.config(USER_PIN)).unwrap()
}

fn sorted(mut roots: Vec<RootInfo>) -> Vec<RootInfo> {
    roots.sort_by_key(|r| r.sequence);
    roots
}

/// Runs pkcs11-tool on the fixture's token; a missing tool fails the test.
fn pkcs11_tool(hsm: &SoftHsm, args: &[&str]) -> (bool, String) {
    let common = ["--module", MODULE, "--token-label", hsm.label(), "--login", "--pin", USER_PIN];
    let out = Command::new("pkcs11-tool")
        .args(common)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("cannot run pkcs11-tool ({err}): install the Debian package opensc"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn open_rejects_wrong_pin_unknown_token_and_bad_module() {
    let hsm = SoftHsm::new();
    let secret_pin = "not-the-pin-8311";
    let wrong = hsm.config(secret_pin);
    assert!(!format!("{wrong:?}").contains(secret_pin), "Debug must not show the PIN");
    assert_eq!(Pkcs11Keystore::open(wrong).err(), Some(Status::KeystoreAuthFailed));

    let unknown = Pkcs11Config { token_label: "no-such-token".into(), ..hsm.config(USER_PIN) };
    assert_eq!(Pkcs11Keystore::open(unknown).err(), Some(Status::KeystoreConfig));

    let missing = Pkcs11Config { module: PathBuf::from("/nonexistent/libpkcs11.so"), ..hsm.config(USER_PIN) };
    assert_eq!(Pkcs11Keystore::open(missing).err(), Some(Status::KeystoreConfig));
    // A file that exists but is not a shared library.
    let not_a_library = Pkcs11Config { module: hsm.dir().join("softhsm2.conf"), ..hsm.config(USER_PIN) };
    assert_eq!(Pkcs11Keystore::open(not_a_library).err(), Some(Status::KeystoreConfig));

    // The right PIN still works: the failures above left nothing behind.
    let keystore = open(&hsm);
    keystore.ping().unwrap();
    assert_eq!(keystore.backend(), Backend::Pkcs11);
    assert!(keystore.roots().unwrap().is_empty());
    assert!(!format!("{keystore:?}").contains(&format!("{:?}", USER_PIN.as_bytes())));
}

#[test]
fn roots_seal_unseal_and_destroy() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let a = keystore.create_root(1).unwrap();
    let b = keystore.create_root(2).unwrap();
    assert_eq!((a.sequence, b.sequence), (1, 2));
    assert_ne!(a.id, b.id);
    assert_eq!(sorted(keystore.roots().unwrap()), vec![a, b]);

    let dek = dek();
    let aad = b"key-id|v1|ml-dsa-65|owner";
    let sealed = keystore.seal(&a.id, aad, &dek).unwrap();
    assert_eq!(sealed.len(), 12 + DEK_LEN + 16);
    assert!(!sealed.windows(DEK_LEN).any(|w| w == dek), "the DEK must not appear in the sealed form");
    assert_ne!(keystore.seal(&a.id, aad, &dek).unwrap(), sealed, "a fresh IV per seal");
    assert_eq!(keystore.unseal(&a.id, aad, &sealed).unwrap().expose(), dek);

    assert_eq!(keystore.unseal(&a.id, b"other aad", &sealed).err(), Some(Status::UnwrapFailed));
    for bit in [0, 12 * 8 + 5, sealed.len() * 8 - 1] {
        let mut flipped = sealed.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(keystore.unseal(&a.id, aad, &flipped).err(), Some(Status::UnwrapFailed), "bit {bit}");
    }
    assert_eq!(keystore.unseal(&a.id, aad, &sealed[..sealed.len() - 1]).err(), Some(Status::UnwrapFailed));
    assert_eq!(keystore.unseal(&a.id, aad, &[sealed.as_slice(), &[0]].concat()).err(), Some(Status::UnwrapFailed));
    assert_eq!(keystore.unseal(&b.id, aad, &sealed).err(), Some(Status::UnwrapFailed));
    assert_eq!(keystore.seal(&a.id, aad, &dek[..16]).err(), Some(Status::InvalidLength));
    // The failures above left the session usable.
    assert_eq!(keystore.unseal(&a.id, aad, &sealed).unwrap().expose(), dek);

    keystore.destroy_root(&a.id).unwrap();
    assert_eq!(keystore.unseal(&a.id, aad, &sealed).err(), Some(Status::RootKeyNotFound));
    assert_eq!(keystore.seal(&a.id, aad, &dek).err(), Some(Status::RootKeyNotFound));
    assert_eq!(keystore.destroy_root(&a.id).err(), Some(Status::RootKeyNotFound));
    assert_eq!(keystore.roots().unwrap(), vec![b]);
}

#[test]
fn roots_and_sealed_deks_survive_closing_the_token() {
    let hsm = SoftHsm::new();
    let dek = dek();
    let (root, sealed) = {
        let keystore = open(&hsm);
        let root = keystore.create_root(7).unwrap();
        (root, keystore.seal(&root.id, b"aad", &dek).unwrap())
    }; // the last keystore is dropped: session closed, module finalised

    let keystore = open(&hsm);
    assert_eq!(keystore.roots().unwrap(), vec![root]);
    assert_eq!(keystore.unseal(&root.id, b"aad", &sealed).unwrap().expose(), dek);
}

#[test]
fn root_key_is_sensitive_and_never_extractable() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let root = keystore.create_root(3).unwrap();
    let attrs = keystore.root_attributes(&root.id).unwrap();
    assert!(attrs.sensitive && attrs.always_sensitive, "{attrs:?}");
    assert!(!attrs.extractable && attrs.never_extractable, "{attrs:?}");

    let label = format!("pqgate-root/0000000003/{}", hex::encode(root.id));
    let (ok, listing) = pkcs11_tool(&hsm, &["--list-objects", "--type", "secrkey"]);
    assert!(ok, "{listing}");
    assert!(listing.contains("Secret Key Object; AES length 32"), "{listing}");
    assert!(listing.contains(&format!("label:      {label}")), "{listing}");
    assert!(listing.contains(&format!("ID:         {}", hex::encode(root.id))), "{listing}");
    let usage = listing.lines().find(|l| l.trim_start().starts_with("Usage:")).unwrap();
    assert_eq!(usage.trim(), "Usage:      encrypt, decrypt", "{listing}");
    let access = listing.lines().find(|l| l.trim_start().starts_with("Access:")).unwrap();
    let flags: Vec<&str> = access.trim().trim_start_matches("Access:").split(',').map(str::trim).collect();
    for wanted in ["sensitive", "always sensitive", "never extractable", "local"] {
        assert!(flags.contains(&wanted), "{wanted} missing in {access:?}");
    }
    assert!(!flags.contains(&"extractable"), "{access:?}");

    let out_file = hsm.dir().join(format!("{}-value.bin", hsm.label()));
    let out_arg = out_file.to_str().unwrap();
    let (ok, read) = pkcs11_tool(&hsm, &["--read-object", "--type", "secrkey", "--label", &label, "-o", out_arg]);
    assert!(!ok, "reading the key value must fail: {read}");
    assert!(read.contains("CKR_ATTRIBUTE_SENSITIVE"), "{read}");
    assert!(std::fs::metadata(&out_file).map_or(true, |m| m.len() == 0), "key bytes were written");
}

#[test]
fn concurrent_seal_unseal_on_one_keystore() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let root = keystore.create_root(1).unwrap();
    std::thread::scope(|scope| {
        for thread in 0u8..4 {
            let (keystore, root) = (&keystore, &root);
            scope.spawn(move || {
                for round in 0u8..20 {
                    let (dek, aad) = (dek(), [thread, round]);
                    let sealed = keystore.seal(&root.id, &aad, &dek).unwrap();
                    assert_eq!(keystore.unseal(&root.id, &aad, &sealed).unwrap().expose(), dek);
                }
            });
        }
    });
}

#[test]
fn reconnects_after_the_module_is_finalised_underneath() {
    let mut hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let root = keystore.create_root(1).unwrap();
    let dek = dek();
    let sealed = keystore.seal(&root.id, b"aad", &dek).unwrap();

    // Another user of the module in this process calls C_Finalize: every session is gone.
    cryptoki::context::Pkcs11::new(MODULE).unwrap().finalize().unwrap();
    assert_eq!(keystore.unseal(&root.id, b"aad", &sealed).err(), Some(Status::KeystoreUnavailable));
    // The next calls reconnect and log in again.
    keystore.ping().unwrap();
    assert_eq!(keystore.unseal(&root.id, b"aad", &sealed).unwrap().expose(), dek);

    // Again, and this time the token is gone too: reconnecting fails, and says "retry later"
    // rather than "bad configuration" (which is what open reports for a missing token).
    cryptoki::context::Pkcs11::new(MODULE).unwrap().finalize().unwrap();
    assert_eq!(keystore.ping().err(), Some(Status::KeystoreUnavailable));
    hsm.delete_token();
    assert_eq!(keystore.ping().err(), Some(Status::KeystoreUnavailable));
    assert_eq!(keystore.roots().err(), Some(Status::KeystoreUnavailable));
}
