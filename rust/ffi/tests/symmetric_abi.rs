//! The symmetric named-key exports driven as a C caller would: AEAD round trips with a
//! handle, tampering and wrong aad refused, short buffers that report the size and stay
//! untouched, MAC compute and constant-time verify, wrong-kind handles, no public half.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

mod support;

use pqgate::{keys, symmetric};
use support::*;

const AES_KEY: u32 = 32;
const CHACHA_KEY: u32 = 33;
const HMAC_SHA256: u32 = 48;
const HMAC_SHA512: u32 = 49;
const HMAC_SHA3_256: u32 = 50;
const SECRET_KEY_KIND: u32 = 7;
const MAC_KEY_KIND: u32 = 8;

fn run(cap: u32, f: impl FnOnce(*mut u8, u32, *mut u32) -> i32) -> (i32, u32, Vec<u8>) {
    let mut out = vec![0xAAu8; cap as usize];
    let mut out_len = 0u32;
    let rc = f(out.as_mut_ptr(), cap, &mut out_len);
    (rc, out_len, out)
}

fn encrypt(key: u64, aad: &[u8], plaintext: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: inputs valid for their lengths; `run` passes a valid buffer and length.
    run(cap, |out, cap, out_len| unsafe {
        symmetric::pq_sym_encrypt(key, aad.as_ptr(), len(aad), plaintext.as_ptr(), len(plaintext), out, cap, out_len)
    })
}

fn decrypt(key: u64, aad: &[u8], sealed: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: as `encrypt`.
    run(cap, |out, cap, out_len| unsafe {
        symmetric::pq_sym_decrypt(key, aad.as_ptr(), len(aad), sealed.as_ptr(), len(sealed), out, cap, out_len)
    })
}

fn mac(key: u64, data: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: as `encrypt`.
    run(cap, |out, cap, out_len| unsafe { symmetric::pq_mac_compute(key, data.as_ptr(), len(data), out, cap, out_len) })
}

fn mac_verify(key: u64, data: &[u8], tag: &[u8]) -> i32 {
    // SAFETY: inputs valid for their lengths.
    unsafe { symmetric::pq_mac_verify(key, data.as_ptr(), len(data), tag.as_ptr(), len(tag)) }
}

fn info(handle: u64) -> (u32, u32) {
    let (mut kind, mut algorithm) = (0u32, 0u32);
    // SAFETY: locals.
    assert_eq!(unsafe { keys::pq_key_info(handle, &mut kind, &mut algorithm) }, OK);
    (kind, algorithm)
}

#[test]
fn aead_keys_round_trip_and_refuse_tampering() {
    for algorithm in [AES_KEY, CHACHA_KEY] {
        assert_eq!(sizes(algorithm), [0, 32, 32, 0, 0, 0, 0]);
        let key = generate(algorithm);
        let other = generate(algorithm);
        assert_eq!(info(key), (SECRET_KEY_KIND, algorithm));
        let (rc, n, sealed) = encrypt(key, b"aad", b"attack at dawn", 64);
        assert_eq!((rc, n), (OK, 14 + 28));
        let sealed = &sealed[..n as usize];
        let (rc, n, opened) = decrypt(key, b"aad", sealed, 64);
        assert_eq!((rc, &opened[..n as usize]), (OK, b"attack at dawn".as_slice()));
        // Two encryptions of one message differ (fresh nonce).
        assert_ne!(encrypt(key, b"aad", b"attack at dawn", 64).2[..42], sealed[..]);
        assert_eq!(decrypt(key, b"aax", sealed, 64).0, DECRYPTION_FAILED);
        assert_eq!(decrypt(other, b"aad", sealed, 64).0, DECRYPTION_FAILED);
        for i in 0..sealed.len() {
            let mut bad = sealed.to_vec();
            bad[i] ^= 0x01;
            let (rc, _, out) = decrypt(key, b"aad", &bad, 64);
            assert_eq!(rc, DECRYPTION_FAILED, "byte {i}");
            assert!(out.iter().all(|b| *b == 0xAA), "nothing written on failure");
        }
        assert_eq!(decrypt(key, b"aad", &sealed[..27], 64).0, INVALID_LENGTH);
        // A short buffer reports the size and is left alone.
        let (rc, n, out) = encrypt(key, b"", b"abc", 8);
        assert_eq!((rc, n), (BUFFER_TOO_SMALL, 31));
        assert!(out.iter().all(|b| *b == 0xAA));
        // No public half, and the handle is not a MAC, KEM or signing key.
        let mut pk = vec![0u8; 64];
        let mut pk_len = 0u32;
        // SAFETY: buffer valid for its capacity.
        let rc = unsafe { keys::pq_key_export_public(key, pk.as_mut_ptr(), 64, &mut pk_len) };
        assert_eq!(rc, UNSUPPORTED_OPERATION);
        assert_eq!(import_public(algorithm, &[]).err(), Some(UNSUPPORTED_OPERATION));
        assert_eq!(mac(key, b"x", 64).0, WRONG_HANDLE_KIND);
        for handle in [key, other] {
            assert_eq!(free(handle), OK);
        }
        assert_eq!(encrypt(key, b"", b"x", 64).0, STALE_HANDLE);
    }
}

#[test]
fn mac_keys_compute_and_verify() {
    for (algorithm, tag_len) in [(HMAC_SHA256, 32), (HMAC_SHA512, 64), (HMAC_SHA3_256, 32)] {
        let key = generate(algorithm);
        assert_eq!(info(key), (MAC_KEY_KIND, algorithm));
        assert_eq!(sizes(algorithm)[5], tag_len);
        let (rc, n, tag) = mac(key, b"data", 64);
        assert_eq!((rc, n), (OK, tag_len));
        let tag = &tag[..n as usize];
        assert_eq!(mac_verify(key, b"data", tag), OK);
        assert_eq!(mac_verify(key, b"datA", tag), VERIFICATION_FAILED);
        assert_eq!(mac_verify(key, b"data", &tag[..16]), VERIFICATION_FAILED);
        let mut bad = tag.to_vec();
        bad[0] ^= 0x80;
        assert_eq!(mac_verify(key, b"data", &bad), VERIFICATION_FAILED);
        let (rc, n, out) = mac(key, b"data", 16);
        assert_eq!((rc, n), (BUFFER_TOO_SMALL, tag_len));
        assert!(out.iter().all(|b| *b == 0xAA));
        assert_eq!(encrypt(key, b"", b"x", 64).0, WRONG_HANDLE_KIND);
        assert_eq!(free(key), OK);
    }
    let signer = generate(ED25519);
    assert_eq!(mac_verify(signer, b"", &[0; 32]), WRONG_HANDLE_KIND);
    assert_eq!(free(signer), OK);
}

#[test]
fn null_inputs_are_refused() {
    let key = generate(AES_KEY);
    // SAFETY: NULL with a non-zero length must be refused, never read.
    let rc = unsafe { symmetric::pq_sym_encrypt(key, null(), 4, null(), 0, null_mut(), 0, std::ptr::null_mut()) };
    assert_eq!(rc, NULL_POINTER);
    assert_eq!(free(key), OK);
}
