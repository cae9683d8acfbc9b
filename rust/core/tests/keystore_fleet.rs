//! The TPM fleet keystore against real `swtpm` simulators (one per node).
//!
//! ```sh
//! cargo test --release -p pqgate-core --test keystore_fleet
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "support/swtpm.rs"]
mod swtpm;

use pqgate_core::Status;
use pqgate_core::algorithm::Algorithm;
use pqgate_core::key;
use pqgate_core::keystore::binding::KeyBinding;
use pqgate_core::keystore::fleet::FleetKeystore;
use pqgate_core::keystore::store::Keystore;
use pqgate_core::keystore::tpm::TpmConfig;
use pqgate_core::keystore::{Backend, DEK_LEN, RootKeys};
use swtpm::Swtpm;

fn open(tpm: &Swtpm) -> FleetKeystore {
    FleetKeystore::open(TpmConfig { tcti: tpm.tcti() }).expect("open the fleet keystore")
}

const DEK: [u8; DEK_LEN] = [7; DEK_LEN];

#[test]
fn seal_unseal_round_trip_unknown_kek_and_restart() {
    let tpm = Swtpm::start();
    let fleet = open(&tpm);
    assert_eq!(fleet.backend(), Backend::TpmFleet);
    // No KEK loaded: not a member, nothing may be wrapped.
    assert_eq!(fleet.roots().err(), Some(Status::KeystoreUnavailable));
    assert_eq!(fleet.ping().err(), Some(Status::KeystoreUnavailable));
    assert_eq!(fleet.create_root(1).err(), Some(Status::UnsupportedOperation));

    let kek = fleet.create_kek(1).unwrap();
    assert_eq!(fleet.create_kek(1).err(), Some(Status::InvalidArgument), "one KEK per sequence");
    let sealed = fleet.seal(&kek.id, b"aad", &DEK).unwrap();
    assert_eq!(fleet.unseal(&kek.id, b"aad", &sealed).unwrap().expose(), DEK);
    assert_eq!(fleet.unseal(&kek.id, b"other", &sealed).err(), Some(Status::UnwrapFailed));
    assert_eq!(fleet.seal(&[9; 16], b"aad", &DEK).err(), Some(Status::RootKeyNotFound));
    assert_eq!(fleet.unseal(&[9; 16], b"aad", &sealed).err(), Some(Status::RootKeyNotFound));

    // At rest: a TPM-sealed blob; a fresh process on the same TPM loads it back.
    let blob = fleet.seal_kek(&kek.id).unwrap();
    assert!(!blob.windows(DEK_LEN).any(|w| w == DEK));
    let again = open(&tpm);
    assert_eq!(again.load_kek(&blob).unwrap(), kek);
    assert_eq!(again.unseal(&kek.id, b"aad", &sealed).unwrap().expose(), DEK);
    assert_eq!(again.seal_kek(&[1; 16]).err(), Some(Status::RootKeyNotFound));

    // Retired: forgotten in memory.
    again.destroy_root(&kek.id).unwrap();
    assert_eq!(again.unseal(&kek.id, b"aad", &sealed).err(), Some(Status::RootKeyNotFound));
    assert_eq!(again.destroy_root(&kek.id).err(), Some(Status::RootKeyNotFound));
}

#[test]
fn tampered_or_foreign_sealed_blob_is_an_invalid_key() {
    let (tpm_a, tpm_b) = (Swtpm::start(), Swtpm::start());
    let (a, b) = (open(&tpm_a), open(&tpm_b));
    let kek = a.create_kek(1).unwrap();
    let blob = a.seal_kek(&kek.id).unwrap();
    let last = blob.len() - 1;
    for i in [3, blob.len() / 2, last] {
        let mut bad = blob.clone();
        bad[i] ^= 1;
        assert_eq!(a.load_kek(&bad).err(), Some(Status::InvalidKey), "bit flipped at {i}");
    }
    assert_eq!(a.load_kek(&blob[..blob.len() - 1]).err(), Some(Status::InvalidKey));
    assert_eq!(a.load_kek(b"junk").err(), Some(Status::InvalidKey));
    // Another node's TPM cannot open it.
    assert_eq!(b.load_kek(&blob).err(), Some(Status::InvalidKey));
    // A transfer seed blob is not a KEK.
    let transfer = a.transfer_key().unwrap();
    assert_eq!(a.load_kek(&transfer[1216..]).err(), Some(Status::InvalidKey));
}

#[test]
fn transfer_to_a_joining_node_and_wrong_key_or_context_fails() {
    let (tpm_a, tpm_b, tpm_c) = (Swtpm::start(), Swtpm::start(), Swtpm::start());
    let (a, b, c) = (open(&tpm_a), open(&tpm_b), open(&tpm_c));
    let kek = a.create_kek(3).unwrap();
    let transfer_b = b.transfer_key().unwrap();
    let (public_b, seed_b) = transfer_b.split_at(1216);
    let transfer_c = c.transfer_key().unwrap();
    let (_, seed_c) = transfer_c.split_at(1216);
    let ciphertext = a.export_kek(&kek.id, public_b, b"fleet|node-b|kek").unwrap();

    // The wrong node's key (even with its own TPM), or another context, opens nothing.
    assert_eq!(c.import_kek(seed_c, &ciphertext, b"fleet|node-b|kek").err(), Some(Status::DecryptionFailed));
    assert_eq!(b.import_kek(seed_b, &ciphertext, b"fleet|node-c|kek").err(), Some(Status::DecryptionFailed));
    // Node b's sealed seed does not load on node c's TPM.
    assert_eq!(c.import_kek(seed_b, &ciphertext, b"fleet|node-b|kek").err(), Some(Status::InvalidKey));
    let mut tampered = ciphertext.clone();
    *tampered.last_mut().unwrap() ^= 1;
    assert_eq!(b.import_kek(seed_b, &tampered, b"fleet|node-b|kek").err(), Some(Status::DecryptionFailed));
    assert_eq!(b.roots().err(), Some(Status::KeystoreUnavailable), "nothing loaded by the failures");

    assert_eq!(b.import_kek(seed_b, &ciphertext, b"fleet|node-b|kek").unwrap(), kek);
    // An envelope wrapped on node a opens on node b, and b re-seals the KEK under its own TPM.
    let store_a = Keystore::new(Box::new(a));
    let store_b = Keystore::new(Box::new(b));
    let key = key::generate(Algorithm::MlDsa65).unwrap();
    let binding = KeyBinding { key_id: b"k1", version: 1, owner: b"", algorithm: Algorithm::MlDsa65 };
    let envelope = store_a.wrap(&key, &binding).unwrap();
    let opened = store_b.unwrap(&envelope, &binding).unwrap();
    assert_eq!(opened.public, key.public);
    let blob_b = store_b.fleet().unwrap().seal_kek(&kek.id).unwrap();
    assert_eq!(store_a.fleet().unwrap().load_kek(&blob_b).err(), Some(Status::InvalidKey));
    assert_eq!(c.export_kek(&kek.id, public_b, b"x").err(), Some(Status::RootKeyNotFound));
}
