//! The HPKE exports driven as a C caller would: seal to a public handle and open with the
//! private one for every KEM and AEAD, short buffers that report the size and stay
//! untouched, refusals that write nothing, wrong handle kinds and unknown AEADs.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

mod support;

use std::ptr;

use pqgate::{hpke, keys};
use support::*;

const CHACHA20_POLY1305: u32 = 2;

fn run(cap: u32, f: impl FnOnce(*mut u8, u32, *mut u32) -> i32) -> (i32, u32, Vec<u8>) {
    let mut out = vec![0xAAu8; cap as usize];
    let mut out_len = 0u32;
    let rc = f(out.as_mut_ptr(), cap, &mut out_len);
    (rc, out_len, out)
}

fn seal(recipient: u64, aead: u32, info: &[u8], aad: &[u8], pt: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: inputs valid for their lengths; `run` passes a valid buffer and length.
    run(cap, |out, cap, out_len| unsafe {
        hpke::pq_hpke_seal(
            recipient,
            aead,
            info.as_ptr(),
            len(info),
            aad.as_ptr(),
            len(aad),
            pt.as_ptr(),
            len(pt),
            out,
            cap,
            out_len,
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn open(key: u64, aead: u32, enc: &[u8], info: &[u8], aad: &[u8], ct: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: as `seal`.
    run(cap, |out, cap, out_len| unsafe {
        hpke::pq_hpke_open(
            key,
            aead,
            enc.as_ptr(),
            len(enc),
            info.as_ptr(),
            len(info),
            aad.as_ptr(),
            len(aad),
            ct.as_ptr(),
            len(ct),
            out,
            cap,
            out_len,
        )
    })
}

fn public_handle(sk: u64, algorithm: u32) -> u64 {
    let mut pk = vec![0u8; 4096];
    let mut n = 0u32;
    // SAFETY: buffers valid for their lengths.
    assert_eq!(unsafe { keys::pq_key_export_public(sk, pk.as_mut_ptr(), len(&pk), &mut n) }, OK);
    let mut handle = 0u64;
    // SAFETY: as above; `handle` is a valid u64.
    assert_eq!(unsafe { keys::pq_key_import_public(algorithm, pk.as_ptr(), n, &mut handle) }, OK);
    handle
}

#[test]
fn every_kem_and_aead_round_trips_and_short_buffers_report_the_size() {
    for (algorithm, enc_len) in [(ML_KEM_512, 768u32), (ML_KEM_768, 1088), (ML_KEM_1024, 1568), (X_WING, 1120)] {
        let sk = generate(algorithm);
        let pk = public_handle(sk, algorithm);
        for aead in [AES_256_GCM, CHACHA20_POLY1305] {
            let needed = enc_len + 5 + 16;
            let (rc, required, out) = seal(pk, aead, b"info", b"aad", b"hello", 100);
            assert_eq!((rc, required), (BUFFER_TOO_SMALL, needed));
            assert!(out.iter().all(|b| *b == 0xAA), "nothing written on failure");
            let (rc, written, sealed) = seal(pk, aead, b"info", b"aad", b"hello", 4096);
            assert_eq!((rc, written), (OK, needed));
            let (enc, ct) = sealed[..written as usize].split_at(enc_len as usize);
            let (rc, required, _) = open(sk, aead, enc, b"info", b"aad", ct, 2);
            assert_eq!((rc, required), (BUFFER_TOO_SMALL, 5));
            let (rc, written, out) = open(sk, aead, enc, b"info", b"aad", ct, 64);
            assert_eq!((rc, &out[..written as usize]), (OK, &b"hello"[..]));
            for (info, aad) in [(&b"infO"[..], &b"aad"[..]), (b"info", b"aaD"), (b"", b"")] {
                let (rc, _, out) = open(sk, aead, enc, info, aad, ct, 64);
                assert_eq!(rc, DECRYPTION_FAILED);
                assert!(out.iter().all(|b| *b == 0xAA));
            }
            assert_eq!(open(sk, aead, &enc[1..], b"info", b"aad", ct, 64).0, INVALID_LENGTH);
            assert_eq!(open(sk, aead, enc, b"info", b"aad", &ct[..15], 64).0, INVALID_LENGTH);
            // A public handle cannot open; unknown AEAD numbers are refused.
            assert_eq!(open(pk, aead, enc, b"info", b"aad", ct, 64).0, WRONG_HANDLE_KIND);
        }
        assert_eq!(seal(pk, 3, b"", b"", b"m", 4096).0, UNKNOWN_ALGORITHM);
        assert_eq!(open(sk, 0, &[0; 1], b"", b"", &[0; 16], 64).0, UNKNOWN_ALGORITHM);
        assert_eq!(keys::pq_key_free(pk), OK);
        assert_eq!(keys::pq_key_free(sk), OK);
    }
    let signer = generate(ED25519);
    assert_eq!(seal(signer, AES_256_GCM, b"", b"", b"m", 4096).0, WRONG_HANDLE_KIND);
    assert_eq!(open(signer, AES_256_GCM, &[0; 32], b"", b"", &[0; 16], 64).0, WRONG_HANDLE_KIND);
    assert_eq!(keys::pq_key_free(signer), OK);
}

#[allow(clippy::too_many_arguments)]
fn open_key(key: u64, aead: u32, enc: &[u8], info: &[u8], ct: &[u8], algorithm: u32, handle: *mut u64) -> i32 {
    // SAFETY: inputs valid for their lengths; `handle` is the caller's (possibly NULL) pointer.
    unsafe {
        hpke::pq_hpke_open_key(
            key,
            aead,
            enc.as_ptr(),
            len(enc),
            info.as_ptr(),
            len(info),
            [].as_ptr(),
            0,
            ct.as_ptr(),
            len(ct),
            algorithm,
            handle,
        )
    }
}

#[test]
fn open_key_writes_a_new_handle_only_on_success() {
    let recipient = generate(X_WING);
    let seed = [5u8; 32];
    let (rc, written, sealed) = seal(recipient, AES_256_GCM, b"bind", b"", &seed, 4096);
    assert_eq!(rc, OK);
    let (enc, ct) = sealed[..written as usize].split_at(1120);
    let mut handle = 0xAAAA_u64;
    assert_eq!(open_key(recipient, AES_256_GCM, enc, b"bind", ct, ED25519, ptr::null_mut()), NULL_POINTER);
    assert_eq!(open_key(recipient, AES_256_GCM, enc, b"other", ct, ED25519, &mut handle), DECRYPTION_FAILED);
    assert_eq!(open_key(recipient, AES_256_GCM, enc, b"bind", ct, ML_KEM_1024, &mut handle), INVALID_LENGTH);
    assert_eq!(open_key(recipient, AES_256_GCM, enc, b"bind", ct, 999, &mut handle), UNKNOWN_ALGORITHM);
    assert_eq!(handle, 0xAAAA, "nothing written on failure");
    assert_eq!(open_key(recipient, AES_256_GCM, enc, b"bind", ct, ED25519, &mut handle), OK);
    let expected = {
        let mut h = 0u64;
        // SAFETY: `seed` valid for its length; `h` a valid u64.
        assert_eq!(unsafe { keys::pq_key_from_seed(ED25519, seed.as_ptr(), len(&seed), &mut h) }, OK);
        h
    };
    let export = |h: u64| {
        let mut out = vec![0u8; 64];
        let mut n = 0u32;
        // SAFETY: buffers valid for their lengths.
        assert_eq!(unsafe { keys::pq_key_export_public(h, out.as_mut_ptr(), len(&out), &mut n) }, OK);
        out.truncate(n as usize);
        out
    };
    assert_eq!(export(handle), export(expected));
    for h in [handle, expected, recipient] {
        assert_eq!(keys::pq_key_free(h), OK);
    }
}
