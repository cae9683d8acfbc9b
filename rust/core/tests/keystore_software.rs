//! The software keystore and the envelope format, through the same API the C ABI exports:
//! round trips for every algorithm, tampering, rebinding, foreign roots, root rotation
//! (including an interrupted one), file permissions and passphrase mode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use pqgate_core::Status;
use pqgate_core::algorithm::{Algorithm, Family};
use pqgate_core::api::{self, keystore as ks};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const OWNER: &[u8] = b"tenant-a";

fn open(dir: &Path) -> u64 {
    ks::keystore_open_software(dir.as_os_str().as_encoded_bytes(), b"").unwrap()
}

fn root_files(dir: &Path) -> Vec<std::path::PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "key"))
        .collect()
}

#[test]
fn every_algorithm_round_trips_through_an_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    for algorithm in Algorithm::ALL.into_iter().filter(|a| a.in_software()) {
        let key = api::key_generate(algorithm as u32).unwrap();
        let envelope = ks::key_wrap(store, key, b"key-1", 3, OWNER).unwrap();
        let back = ks::key_unwrap(store, algorithm as u32, &envelope, b"key-1", 3, OWNER).unwrap();
        match algorithm.family() {
            Family::Aead => {
                let sealed = api::sym_encrypt(key, b"aad", b"message").unwrap();
                assert_eq!(api::sym_decrypt(back, b"aad", &sealed).unwrap().expose(), b"message");
            }
            Family::Mac => {
                assert_eq!(api::mac_compute(back, b"m").unwrap(), api::mac_compute(key, b"m").unwrap());
            }
            _ => {
                assert_eq!(api::key_export_public(back).unwrap(), api::key_export_public(key).unwrap(), "{algorithm:?}")
            }
        }
        assert_eq!(api::key_info(back).unwrap(), api::key_info(key).unwrap());
        api::key_free(key).unwrap();
        api::key_free(back).unwrap();
    }
    ks::keystore_close(store).unwrap();
}

#[test]
fn public_keys_cannot_be_wrapped_and_handles_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let key = api::key_generate(Algorithm::MlDsa65 as u32).unwrap();
    let public = api::key_import_public(Algorithm::MlDsa65 as u32, &api::key_export_public(key).unwrap()).unwrap();
    assert_eq!(ks::key_wrap(store, public, b"k", 1, OWNER).err(), Some(Status::WrongHandleKind));
    assert_eq!(ks::key_wrap(key, key, b"k", 1, OWNER).err(), Some(Status::WrongHandleKind));
    assert_eq!(api::key_free(store).err(), Some(Status::WrongHandleKind));
    assert_eq!(ks::key_wrap(store, key, b"", 1, OWNER).err(), Some(Status::InvalidArgument));
    ks::keystore_close(store).unwrap();
    assert_eq!(ks::keystore_close(store).err(), Some(Status::StaleHandle));
    assert_eq!(ks::key_wrap(store, key, b"k", 1, OWNER).err(), Some(Status::StaleHandle));
    api::key_free(key).unwrap();
    api::key_free(public).unwrap();
}

#[test]
fn tampered_rebound_and_foreign_envelopes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let (store, other) = (open(dir.path()), open(other_dir.path()));
    let mlkem = Algorithm::MlKem768 as u32;
    let key = api::key_generate(mlkem).unwrap();
    let envelope = ks::key_wrap(store, key, b"key-a", 1, OWNER).unwrap();

    // Every single-bit flip is refused; which status depends on the field it lands in.
    for byte in 0..envelope.len() {
        let mut tampered = envelope.clone();
        tampered[byte] ^= 0x10;
        let status = ks::key_unwrap(store, mlkem, &tampered, b"key-a", 1, OWNER).err();
        assert!(
            matches!(status, Some(Status::UnwrapFailed | Status::EnvelopeMalformed | Status::RootKeyNotFound)),
            "flip in byte {byte}: {status:?}"
        );
    }
    assert_eq!(
        ks::key_unwrap(store, mlkem, &envelope[..envelope.len() - 1], b"key-a", 1, OWNER).err(),
        Some(Status::UnwrapFailed)
    );
    assert_eq!(
        ks::key_unwrap(store, mlkem, &envelope[..10], b"key-a", 1, OWNER).err(),
        Some(Status::EnvelopeMalformed)
    );

    // Moved to another key id, version, owner or algorithm.
    assert_eq!(ks::key_unwrap(store, mlkem, &envelope, b"key-b", 1, OWNER).err(), Some(Status::UnwrapFailed));
    assert_eq!(ks::key_unwrap(store, mlkem, &envelope, b"key-a", 2, OWNER).err(), Some(Status::UnwrapFailed));
    assert_eq!(ks::key_unwrap(store, mlkem, &envelope, b"key-a", 1, b"tenant-b").err(), Some(Status::UnwrapFailed));
    let xwing = Algorithm::XWing as u32;
    assert_eq!(ks::key_unwrap(store, xwing, &envelope, b"key-a", 1, OWNER).err(), Some(Status::UnwrapFailed));

    // Two envelopes swapped between keys.
    let key_b = api::key_generate(mlkem).unwrap();
    let envelope_b = ks::key_wrap(store, key_b, b"key-b", 1, OWNER).unwrap();
    assert_eq!(ks::key_unwrap(store, mlkem, &envelope_b, b"key-a", 1, OWNER).err(), Some(Status::UnwrapFailed));

    // Sealed by another keystore's root (one that has roots of its own: an empty keystore
    // reports itself unavailable instead, see `an_empty_keystore_reports_itself_unavailable`).
    ks::keystore_root_current(other).unwrap();
    assert_eq!(ks::key_unwrap(other, mlkem, &envelope, b"key-a", 1, OWNER).err(), Some(Status::RootKeyNotFound));

    // And the genuine one still opens.
    let back = ks::key_unwrap(store, mlkem, &envelope, b"key-a", 1, OWNER).unwrap();
    for handle in [key, key_b, back] {
        api::key_free(handle).unwrap();
    }
    ks::keystore_close(store).unwrap();
    ks::keystore_close(other).unwrap();
}

#[test]
fn root_rotation_rewraps_everything_and_survives_an_interruption() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let alg = Algorithm::MlDsa44 as u32;
    let keys: Vec<u64> = (0..3).map(|_| api::key_generate(alg).unwrap()).collect();
    let ids: Vec<Vec<u8>> = (0..3).map(|i| format!("key-{i}").into_bytes()).collect();
    let mut envelopes: Vec<Vec<u8>> =
        keys.iter().zip(&ids).map(|(k, id)| ks::key_wrap(store, *k, id, 1, OWNER).unwrap()).collect();
    let first = ks::keystore_root_current(store).unwrap();
    assert_eq!(first.sequence, 1);
    assert_eq!(ks::keystore_root_retire(store, &first.id).err(), Some(Status::RootKeyInUse));

    let second = ks::keystore_root_rotate(store).unwrap();
    assert_eq!(second.sequence, 2);
    assert_eq!(ks::keystore_root_current(store).unwrap(), second);
    // Re-wrap one envelope, then "crash": the process forgets everything but the files.
    envelopes[0] = ks::key_rewrap(store, alg, &envelopes[0], &ids[0], 1, OWNER).unwrap();
    ks::keystore_close(store).unwrap();

    let store = open(dir.path());
    assert_eq!(ks::keystore_root_current(store).unwrap(), second, "the newest root is current after restart");
    for (envelope, id) in envelopes.iter_mut().zip(&ids) {
        let again = ks::key_rewrap(store, alg, envelope, id, 1, OWNER).unwrap();
        assert_eq!(ks::envelope_root_id(&again).unwrap(), second.id);
        // Idempotent: a second run changes nothing.
        assert_eq!(ks::key_rewrap(store, alg, &again, id, 1, OWNER).unwrap(), again);
        *envelope = again;
    }
    let old_envelope = ks::key_wrap(store, keys[0], b"stale", 1, OWNER).unwrap(); // under `second`
    ks::keystore_root_retire(store, &first.id).unwrap();
    assert_eq!(ks::keystore_roots(store).unwrap().len(), ks::ROOT_RECORD_LEN);
    assert_eq!(ks::keystore_root_retire(store, &first.id).err(), Some(Status::RootKeyNotFound));
    for ((envelope, id), key) in envelopes.iter().zip(&ids).zip(&keys) {
        let back = ks::key_unwrap(store, alg, envelope, id, 1, OWNER).unwrap();
        assert_eq!(api::key_export_public(back).unwrap(), api::key_export_public(*key).unwrap());
        api::key_free(back).unwrap();
    }
    assert!(ks::key_unwrap(store, alg, &old_envelope, b"stale", 1, OWNER).is_ok_and(|h| api::key_free(h).is_ok()));
    for key in keys {
        api::key_free(key).unwrap();
    }
    ks::keystore_close(store).unwrap();
}

#[test]
fn an_envelope_of_a_retired_root_names_a_missing_root() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let key = api::key_generate(Algorithm::Ed25519 as u32).unwrap();
    let envelope = ks::key_wrap(store, key, b"k", 1, OWNER).unwrap();
    let first = ks::envelope_root_id(&envelope).unwrap();
    ks::keystore_root_rotate(store).unwrap();
    ks::keystore_root_retire(store, &first).unwrap();
    let alg = Algorithm::Ed25519 as u32;
    assert_eq!(ks::key_unwrap(store, alg, &envelope, b"k", 1, OWNER).err(), Some(Status::RootKeyNotFound));
    api::key_free(key).unwrap();
    ks::keystore_close(store).unwrap();
}

#[test]
fn group_or_world_readable_root_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    ks::keystore_root_current(store).unwrap();
    ks::keystore_close(store).unwrap();
    let files = root_files(dir.path());
    assert_eq!(files.len(), 1);
    assert_eq!(fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777, 0o600);
    fs::set_permissions(&files[0], fs::Permissions::from_mode(0o644)).unwrap();
    let path = dir.path().as_os_str().as_encoded_bytes();
    assert_eq!(ks::keystore_open_software(path, b"").err(), Some(Status::KeystoreConfig));
    fs::set_permissions(&files[0], fs::Permissions::from_mode(0o600)).unwrap();
    ks::keystore_close(ks::keystore_open_software(path, b"").unwrap()).unwrap();
    assert_eq!(ks::keystore_open_software(b"", b"").err(), Some(Status::KeystoreConfig));
}

#[test]
fn missing_parent_folders_are_created_owner_only_and_a_file_is_not_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("data/keystore");
    ks::keystore_close(open(&nested)).unwrap();
    assert_eq!(fs::metadata(&nested).unwrap().permissions().mode() & 0o777, 0o700);
    let file = dir.path().join("plain-file");
    fs::write(&file, b"x").unwrap();
    let path = file.as_os_str().as_encoded_bytes();
    assert_eq!(ks::keystore_open_software(path, b"").err(), Some(Status::KeystoreConfig));
}

#[test]
fn passphrase_mode_derives_the_root_and_refuses_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().as_os_str().as_encoded_bytes();
    let store = ks::keystore_open_software(path, b"correct horse battery staple").unwrap();
    let seed = [0x5au8; 32];
    let key = api::key_from_seed(Algorithm::MlDsa65 as u32, &seed).unwrap();
    let envelope = ks::key_wrap(store, key, b"k", 1, OWNER).unwrap();
    ks::keystore_close(store).unwrap();

    assert_eq!(ks::keystore_open_software(path, b"wrong").err(), Some(Status::KeystoreAuthFailed));
    assert_eq!(
        ks::keystore_open_software(path, b"").err(),
        Some(Status::KeystoreConfig),
        "a key-file open of passphrase roots"
    );
    let store = ks::keystore_open_software(path, b"correct horse battery staple").unwrap();
    let back = ks::key_unwrap(store, Algorithm::MlDsa65 as u32, &envelope, b"k", 1, OWNER).unwrap();
    assert_eq!(api::key_export_public(back).unwrap(), api::key_export_public(key).unwrap());

    // Neither the envelope nor the root file holds the seed or the passphrase in the clear.
    let root_file = fs::read(&root_files(dir.path())[0]).unwrap();
    for haystack in [&envelope, &root_file] {
        assert!(!haystack.windows(seed.len()).any(|w| w == seed));
        assert!(!haystack.windows(8).any(|w| w == b"correct "));
    }
    for handle in [key, back] {
        api::key_free(handle).unwrap();
    }
    ks::keystore_close(store).unwrap();
}

#[test]
fn an_empty_keystore_reports_itself_unavailable() {
    // A device without any root cannot be the one that sealed an envelope: a removed or
    // reset token. That is an outage (retry later), not a retired root.
    let dir = tempfile::tempdir().unwrap();
    let empty_dir = tempfile::tempdir().unwrap();
    let (store, empty) = (open(dir.path()), open(empty_dir.path()));
    let key = api::key_generate(Algorithm::X25519 as u32).unwrap();
    let envelope = ks::key_wrap(store, key, b"k", 1, OWNER).unwrap();
    let alg = Algorithm::X25519 as u32;
    assert_eq!(ks::key_unwrap(empty, alg, &envelope, b"k", 1, OWNER).err(), Some(Status::KeystoreUnavailable));
    api::key_free(key).unwrap();
    ks::keystore_close(store).unwrap();
    ks::keystore_close(empty).unwrap();
}
