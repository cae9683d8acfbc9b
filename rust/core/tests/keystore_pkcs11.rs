//! The PKCS#11 keystore against a real SoftHSM2 token (Debian packages softhsm2 and opensc).
//!
//! Each test initialises its own token (see `support/softhsm.rs`); the tests run one at a time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "support/softhsm.rs"]
mod softhsm;

use cryptoki::context::Pkcs11;
use cryptoki::error::RvError;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeInfo, AttributeType, ObjectClass};
use cryptoki::session::Session;
use pqgate_core::Status;
use pqgate_core::algorithm::Algorithm;
use pqgate_core::keystore::pkcs11::{Pkcs11Config, Pkcs11Keystore};
use pqgate_core::keystore::{Backend, DEK_LEN, NativeKeys, RootInfo, RootKeys};
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

// --- Native key pairs (ECDSA P-256, Ed25519) generated and used inside the token ---

fn native(keystore: &Pkcs11Keystore) -> &dyn NativeKeys {
    keystore.native_keys().expect("a PKCS#11 keystore holds native keys")
}

fn verify(algorithm: Algorithm, public: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Status> {
    match algorithm {
        Algorithm::EcdsaP256 => pqgate_core::ecdsa_p256::verify(public, message, signature),
        Algorithm::Ed25519 => pqgate_core::ed25519::verify(public, message, signature),
        other => panic!("{other:?} is not a native algorithm"),
    }
}

/// The other native algorithm (for a reference used with the wrong one).
fn other(algorithm: Algorithm) -> Algorithm {
    if algorithm == Algorithm::EcdsaP256 { Algorithm::Ed25519 } else { Algorithm::EcdsaP256 }
}

/// The block pkcs11-tool prints for the object with `id` (its header line and indented lines).
fn object_block<'a>(listing: &'a str, id: &str) -> Vec<&'a str> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in listing.lines() {
        match blocks.last_mut() {
            Some(block) if line.starts_with(' ') => block.push(line),
            _ => blocks.push(vec![line]),
        }
    }
    let wanted = format!("ID:         {id}");
    let mut found = blocks.into_iter().filter(|b| b.iter().any(|l| l.trim() == wanted));
    let block = found.next().unwrap_or_else(|| panic!("no object with ID {id} in:\n{listing}"));
    assert!(found.next().is_none(), "two objects with ID {id} in:\n{listing}");
    block
}

/// The comma-separated values of `field` (e.g. `Access`) in an object block.
fn field<'a>(block: &[&'a str], field: &str) -> Vec<&'a str> {
    let prefix = format!("{field}:");
    let line = block.iter().find_map(|l| l.trim().strip_prefix(prefix.as_str()));
    line.unwrap_or_else(|| panic!("no {field} in {block:?}")).split(',').map(str::trim).collect()
}

#[test]
fn native_keys_sign_verify_and_persist_in_the_token() {
    let hsm = SoftHsm::new();
    let mut keys = Vec::new();
    {
        let keystore = open(&hsm);
        let native = native(&keystore);
        assert_eq!(native.native_algorithms(), [Algorithm::EcdsaP256, Algorithm::Ed25519]);
        for &algorithm in native.native_algorithms() {
            let key = native.native_generate(algorithm).unwrap();
            assert_eq!(key.reference.len(), 16, "{algorithm:?}");
            match algorithm {
                Algorithm::EcdsaP256 => {
                    assert_eq!(key.public.len(), 65);
                    assert_eq!(key.public[0], 0x04);
                    assert!(pqgate_core::ecdsa_p256::public_key_is_valid(&key.public));
                }
                _ => {
                    assert_eq!(key.public.len(), 32);
                    assert!(pqgate_core::ed25519::public_key_is_valid(&key.public));
                }
            }
            let message = b"pqgate native key test message";
            let signature = native.native_sign(algorithm, &key.reference, message).unwrap();
            assert_eq!(signature.len(), 64, "{algorithm:?}");
            verify(algorithm, &key.public, message, &signature).unwrap();
            assert_eq!(verify(algorithm, &key.public, b"another message", &signature), Err(Status::VerificationFailed));
            // ECDSA draws a fresh nonce per signature; Ed25519 is deterministic.
            let again = native.native_sign(algorithm, &key.reference, message).unwrap();
            assert_eq!(again == signature, algorithm == Algorithm::Ed25519, "{algorithm:?}");
            verify(algorithm, &key.public, message, &again).unwrap();
            // The empty message and one larger than any single buffer the token might assume.
            for message in [Vec::new(), vec![0xa5; 100_000]] {
                let signature = native.native_sign(algorithm, &key.reference, &message).unwrap();
                verify(algorithm, &key.public, &message, &signature).unwrap();
            }
            assert_eq!(native.native_public(algorithm, &key.reference).unwrap(), key.public);
            keys.push((algorithm, key));
        }
        let second = native.native_generate(Algorithm::EcdsaP256).unwrap();
        assert_ne!(second.reference, keys[0].1.reference);
        assert_ne!(second.public, keys[0].1.public);
    } // the last keystore is dropped: session closed, module finalised

    let keystore = open(&hsm);
    let native = native(&keystore);
    for (algorithm, key) in &keys {
        assert_eq!(native.native_public(*algorithm, &key.reference).unwrap(), key.public, "{algorithm:?}");
        let signature = native.native_sign(*algorithm, &key.reference, b"after reopening").unwrap();
        verify(*algorithm, &key.public, b"after reopening", &signature).unwrap();
        // A reference is found only with the algorithm it was generated for.
        assert_eq!(native.native_public(other(*algorithm), &key.reference).err(), Some(Status::InvalidKey));
        assert_eq!(native.native_sign(other(*algorithm), &key.reference, b"m").err(), Some(Status::InvalidKey));
    }
}

#[test]
fn native_private_key_is_sensitive_and_never_extractable() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let native = native(&keystore);
    let keys: Vec<_> = native.native_algorithms().iter().map(|&a| (a, native.native_generate(a).unwrap())).collect();
    let (ok, private) = pkcs11_tool(&hsm, &["--list-objects", "--type", "privkey"]);
    assert!(ok, "{private}");
    let (ok, public) = pkcs11_tool(&hsm, &["--list-objects", "--type", "pubkey"]);
    assert!(ok, "{public}");
    for (algorithm, key) in &keys {
        let id = hex::encode(&key.reference);
        let block = object_block(&private, &id);
        let kind = if *algorithm == Algorithm::EcdsaP256 { "EC" } else { "EC_EDWARDS" };
        assert!(block[0].starts_with(&format!("Private Key Object; {kind}")), "{block:?}");
        assert!(block.iter().any(|l| l.trim() == format!("label:      pqgate-key/{id}")), "{block:?}");
        assert_eq!(field(&block, "Usage"), ["sign"], "{block:?}");
        let access = field(&block, "Access");
        for wanted in ["sensitive", "always sensitive", "never extractable", "local"] {
            assert!(access.contains(&wanted), "{wanted} missing in {access:?}");
        }
        assert!(!access.contains(&"extractable"), "{access:?}");

        let block = object_block(&public, &id);
        assert!(block[0].starts_with(&format!("Public Key Object; {kind}")), "{block:?}");
        assert_eq!(field(&block, "Usage"), ["verify"], "{block:?}");

        // pkcs11-tool 0.23 refuses every private key itself ("sorry, reading private keys not
        // (yet) supported", exit status 0), so this only shows that no bytes come out; the
        // probe below asks the token.
        let out_file = hsm.dir().join(format!("{}-{id}.bin", hsm.label()));
        let out_arg = out_file.to_str().unwrap();
        let (_, read) = pkcs11_tool(&hsm, &["--read-object", "--type", "privkey", "--id", &id, "-o", out_arg]);
        assert!(std::fs::metadata(&out_file).map_or(true, |m| m.len() == 0), "key bytes were written: {read}");
    }

    // Ask the token itself, through a session of our own (the keystore, still open, keeps the
    // module initialised and the user logged in). A control key pair that is extractable shows
    // that both probes can tell the difference.
    let probe = probe_session(&hsm);
    let control_template = [
        Attribute::Token(false),
        Attribute::Sensitive(false),
        Attribute::Extractable(true),
        Attribute::Sign(true),
        Attribute::Id(b"control".to_vec()),
    ];
    let p256 = Attribute::EcParams(vec![0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
    let (_, control) = probe.generate_key_pair(&Mechanism::EccKeyPairGen, &[p256], &control_template).unwrap();
    let wrapping_template =
        [Attribute::Token(false), Attribute::ValueLen(32.into()), Attribute::Wrap(true), Attribute::Unwrap(false)];
    let wrapping = probe.generate_key(&Mechanism::AesKeyGen, &wrapping_template).unwrap();
    let value = |key| probe.get_attribute_info(key, &[AttributeType::Value]).unwrap();
    assert!(matches!(value(control)[..], [AttributeInfo::Available(32)]), "{:?}", value(control));
    // A wrapped PKCS#8 key: at least the 32-byte scalar and the 8-byte integrity block.
    assert!(probe.wrap_key(&Mechanism::AesKeyWrapPad, wrapping, control).unwrap().len() >= 40);
    for (algorithm, key) in &keys {
        let found =
            probe.find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(key.reference.clone())]);
        let [private] = found.unwrap()[..] else { panic!("one private key per reference ({algorithm:?})") };
        assert!(matches!(value(private)[..], [AttributeInfo::Sensitive]), "{algorithm:?}: {:?}", value(private));
        assert!(
            matches!(
                probe.wrap_key(&Mechanism::AesKeyWrapPad, wrapping, private),
                Err(cryptoki::error::Error::Pkcs11(RvError::KeyUnextractable, _))
            ),
            "{algorithm:?}"
        );
    }
}

/// A session of the test's own on the fixture's token, for probing objects the keystore made.
fn probe_session(hsm: &SoftHsm) -> Session {
    let ctx = Pkcs11::new(MODULE).unwrap();
    let slots = ctx.get_slots_with_token().unwrap();
    let slot = slots.into_iter().find(|slot| ctx.get_token_info(*slot).unwrap().label().trim() == hsm.label());
    ctx.open_rw_session(slot.unwrap()).unwrap()
}

#[test]
fn native_keys_reject_unknown_references_and_algorithms() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let native = native(&keystore);
    for &algorithm in native.native_algorithms() {
        let key = native.native_generate(algorithm).unwrap();
        let mut unknown = [0u8; 16];
        pqgate_core::rng::fill(&mut unknown).unwrap();
        for reference in [&unknown[..], &key.reference[..5], &[], &[key.reference.as_slice(), &[0]].concat()] {
            assert_eq!(native.native_public(algorithm, reference).err(), Some(Status::InvalidKey), "{reference:?}");
            assert_eq!(native.native_sign(algorithm, reference, b"m").err(), Some(Status::InvalidKey), "{reference:?}");
            assert_eq!(native.native_destroy(algorithm, reference).err(), Some(Status::InvalidKey), "{reference:?}");
        }
        // The failures above left the key and the session usable.
        let signature = native.native_sign(algorithm, &key.reference, b"still here").unwrap();
        verify(algorithm, &key.public, b"still here", &signature).unwrap();
    }
    for algorithm in [Algorithm::MlDsa65, Algorithm::X25519, Algorithm::MlKem768] {
        assert_eq!(native.native_generate(algorithm).err(), Some(Status::UnsupportedOperation), "{algorithm:?}");
        assert_eq!(native.native_sign(algorithm, &[0; 16], b"m").err(), Some(Status::UnsupportedOperation));
    }
}

#[test]
fn native_destroy_removes_the_key_and_leaves_roots_alone() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let native = native(&keystore);
    let root = keystore.create_root(1).unwrap();
    let keys: Vec<_> = native.native_algorithms().iter().map(|&a| (a, native.native_generate(a).unwrap())).collect();
    let kept = native.native_generate(Algorithm::EcdsaP256).unwrap();
    // Native keys are not roots, and roots are not native keys.
    assert_eq!(keystore.roots().unwrap(), vec![root]);
    assert_eq!(native.native_public(Algorithm::EcdsaP256, &root.id).err(), Some(Status::InvalidKey));

    for (algorithm, key) in &keys {
        native.native_destroy(*algorithm, &key.reference).unwrap();
        assert_eq!(native.native_sign(*algorithm, &key.reference, b"m").err(), Some(Status::InvalidKey));
        assert_eq!(native.native_public(*algorithm, &key.reference).err(), Some(Status::InvalidKey));
        assert_eq!(native.native_destroy(*algorithm, &key.reference).err(), Some(Status::InvalidKey));
        let (ok, listing) = pkcs11_tool(&hsm, &["--list-objects"]);
        assert!(ok && !listing.contains(&hex::encode(&key.reference)), "{listing}");
    }
    // The other key and the root still work.
    let signature = native.native_sign(Algorithm::EcdsaP256, &kept.reference, b"m").unwrap();
    pqgate_core::ecdsa_p256::verify(&kept.public, b"m", &signature).unwrap();
    assert_eq!(keystore.roots().unwrap(), vec![root]);
    let dek = dek();
    let sealed = keystore.seal(&root.id, b"aad", &dek).unwrap();
    assert_eq!(keystore.unseal(&root.id, b"aad", &sealed).unwrap().expose(), dek);
}

#[test]
fn native_sign_reconnects_after_the_module_is_finalised_underneath() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let native = native(&keystore);
    let key = native.native_generate(Algorithm::Ed25519).unwrap();
    cryptoki::context::Pkcs11::new(MODULE).unwrap().finalize().unwrap();
    assert_eq!(native.native_sign(Algorithm::Ed25519, &key.reference, b"m").err(), Some(Status::KeystoreUnavailable));
    let signature = native.native_sign(Algorithm::Ed25519, &key.reference, b"m").unwrap();
    pqgate_core::ed25519::verify(&key.public, b"m", &signature).unwrap();
}

#[test]
fn a_removed_token_folder_is_an_outage_not_a_missing_key_and_recovers() {
    let hsm = SoftHsm::new();
    let keystore = open(&hsm);
    let native = native(&keystore);
    let root = keystore.create_root(1).unwrap();
    let dek = dek();
    let sealed = keystore.seal(&root.id, b"aad", &dek).unwrap();
    let key = native.native_generate(Algorithm::Ed25519).unwrap();
    // "Unplug" the token: SoftHSM keeps each token in a folder of the token directory (this
    // test's token is the only one). The open session stays open and its searches find nothing.
    let tokens = hsm.dir().join("tokens");
    let folders: Vec<PathBuf> = std::fs::read_dir(&tokens).unwrap().map(|e| e.unwrap().path()).collect();
    let [plugged] = folders.as_slice() else { panic!("expected one token folder, found {folders:?}") };
    let unplugged = hsm.dir().join("unplugged");
    std::fs::rename(plugged, &unplugged).unwrap();
    let unavailable = Some(Status::KeystoreUnavailable);
    assert_eq!(native.native_sign(Algorithm::Ed25519, &key.reference, b"m").err(), unavailable);
    assert_eq!(keystore.unseal(&root.id, b"aad", &sealed).err(), unavailable);
    assert_eq!(keystore.roots().err(), unavailable);
    assert_eq!(keystore.ping().err(), unavailable);
    std::fs::rename(&unplugged, plugged).unwrap();
    // Back: no restart, no new root, every key works.
    keystore.ping().unwrap();
    assert_eq!(keystore.roots().unwrap(), vec![root]);
    assert_eq!(keystore.unseal(&root.id, b"aad", &sealed).unwrap().expose(), dek);
    let signature = native.native_sign(Algorithm::Ed25519, &key.reference, b"m").unwrap();
    pqgate_core::ed25519::verify(&key.public, b"m", &signature).unwrap();
    // A key that really is not there is still a missing key.
    assert_eq!(native.native_sign(Algorithm::Ed25519, &[7; 16], b"m").err(), Some(Status::InvalidKey));
}
