//! The device-sync exports driven as a C caller would: round trips, short buffers that
//! report the required size and stay untouched, NULL pointers, and refusals that write
//! nothing.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

mod support;

use pqgate::sync;
use support::*;

const SHARES_INSUFFICIENT: i32 = -400;
const SHARES_INCONSISTENT: i32 = -401;
const SHARE_CORRUPT: i32 = -402;
const SHARE_MALFORMED: i32 = -403;

/// Runs an export into a `cap`-byte buffer pre-filled with 0xAA; returns `(rc, out_len, out)`.
fn run(cap: u32, f: impl FnOnce(*mut u8, u32, *mut u32) -> i32) -> (i32, u32, Vec<u8>) {
    let mut out = vec![0xAAu8; cap as usize];
    let mut out_len = 0u32;
    let rc = f(out.as_mut_ptr(), cap, &mut out_len);
    (rc, out_len, out)
}

fn seal(recipient: u64, aad: &[u8], plaintext: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: inputs valid for their lengths; `run` passes a valid buffer and length.
    run(cap, |out, cap, out_len| unsafe {
        sync::pq_seal(recipient, aad.as_ptr(), len(aad), plaintext.as_ptr(), len(plaintext), out, cap, out_len)
    })
}

fn open(key: u64, aad: &[u8], sealed: &[u8], cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: as `seal`.
    run(cap, |out, cap, out_len| unsafe {
        sync::pq_seal_open(key, aad.as_ptr(), len(aad), sealed.as_ptr(), len(sealed), out, cap, out_len)
    })
}

fn combine(shares: &[u8], share_len: u32, cap: u32) -> (i32, u32, Vec<u8>) {
    // SAFETY: as `seal`.
    run(cap, |out, cap, out_len| unsafe {
        sync::pq_shamir_combine(shares.as_ptr(), len(shares), share_len, out, cap, out_len)
    })
}

#[test]
fn a_sealed_box_round_trips_and_short_buffers_report_the_size() {
    let sk = generate(X_WING);
    let needed = 7 + 1120 + 5 + 16;
    let (rc, required, out) = seal(sk, b"aad", b"hello", 100);
    assert_eq!((rc, required), (BUFFER_TOO_SMALL, needed));
    assert!(out.iter().all(|b| *b == 0xAA), "nothing written on failure");
    let (rc, written, sealed) = seal(sk, b"aad", b"hello", 2048);
    assert_eq!((rc, written), (OK, needed));
    let sealed = &sealed[..written as usize];
    let (rc, required, _) = open(sk, b"aad", sealed, 4);
    assert_eq!((rc, required), (BUFFER_TOO_SMALL, 5));
    let (rc, written, out) = open(sk, b"aad", sealed, 64);
    assert_eq!((rc, &out[..written as usize]), (OK, &b"hello"[..]));
    let (rc, _, out) = open(sk, b"aaD", sealed, 64);
    assert_eq!(rc, DECRYPTION_FAILED);
    assert!(out.iter().all(|b| *b == 0xAA));
    // NULL with a length, and a NULL out_len.
    // SAFETY: deliberately NULL pointers with non-zero lengths; the export must refuse them.
    let rc = unsafe { sync::pq_seal(sk, null(), 3, b"x".as_ptr(), 1, null_mut(), 0, &mut 0) };
    assert_eq!(rc, NULL_POINTER);
    let mut buf = [0u8; 64];
    // SAFETY: as above.
    let rc = unsafe {
        sync::pq_seal_open(
            sk,
            b"".as_ptr(),
            0,
            sealed.as_ptr(),
            len(sealed),
            buf.as_mut_ptr(),
            64,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(rc, NULL_POINTER);
    assert_eq!(free(sk), OK);
}

#[test]
fn a_sealed_private_key_reports_its_size_and_refuses_public_keys() {
    let recipient = generate(ML_KEM_768);
    let key = generate(ML_DSA_65);
    let needed = 7 + 1088 + 32 + 16;
    // SAFETY: buffers valid for the lengths passed.
    let (rc, len, _) = run(10, |out, cap, out_len| unsafe {
        sync::pq_seal_private_key(key, recipient, b"".as_ptr(), 0, out, cap, out_len)
    });
    assert_eq!((rc, len), (BUFFER_TOO_SMALL, needed));
    // SAFETY: as above.
    let (rc, len, _) = run(needed, |out, cap, out_len| unsafe {
        sync::pq_seal_private_key(key, recipient, b"".as_ptr(), 0, out, cap, out_len)
    });
    assert_eq!((rc, len), (OK, needed));
    let public = import_public(ML_KEM_768, &export_public(recipient)).unwrap();
    // SAFETY: as above.
    let (rc, _, _) = run(needed, |out, cap, out_len| unsafe {
        sync::pq_seal_private_key(public, recipient, b"".as_ptr(), 0, out, cap, out_len)
    });
    assert_eq!(rc, WRONG_HANDLE_KIND);
    for handle in [recipient, key, public] {
        assert_eq!(free(handle), OK);
    }
}

#[test]
fn shamir_split_checks_arguments_then_buffer_and_combine_reports_each_refusal() {
    let secret = b"thirty-two bytes of recovery key";
    let split = |cap: u32, t: u32, n: u32| {
        run(cap, |out, cap, out_len| {
            // SAFETY: buffers valid for the lengths passed.
            unsafe { sync::pq_shamir_split(secret.as_ptr(), 32, t, n, out, cap, out_len) }
        })
    };
    let (rc, len, untouched) = split(10, 3, 5);
    assert_eq!((rc, len, untouched), (BUFFER_TOO_SMALL, 5 * 67, vec![0xAA; 10]));
    assert_eq!(split(0, 1, 5).0, INVALID_ARGUMENT);
    assert_eq!(split(0, 3, 256).0, INVALID_ARGUMENT);
    let (rc, len, joined) = split(5 * 67, 3, 5);
    assert_eq!((rc, len), (OK, 5 * 67));
    let (rc, len, out) = combine(&joined[..3 * 67], 67, 32);
    assert_eq!((rc, len, out.as_slice()), (OK, 32, &secret[..]));
    assert_eq!(combine(&joined[..3 * 67], 67, 31).0, BUFFER_TOO_SMALL);
    assert_eq!(combine(&joined[..3 * 67], 67, 31).1, 32);
    assert_eq!(combine(&joined[..2 * 67], 67, 32).0, SHARES_INSUFFICIENT);
    assert_eq!(combine(&[], 67, 32).0, SHARES_INSUFFICIENT);
    assert_eq!(combine(&[joined[..67].to_vec(), joined[..67].to_vec()].concat(), 67, 32).0, SHARES_INCONSISTENT);
    let mut corrupt = joined[..3 * 67].to_vec();
    corrupt[40] ^= 1;
    let (rc, _, out) = combine(&corrupt, 67, 32);
    assert_eq!(rc, SHARE_CORRUPT);
    assert!(out.iter().all(|b| *b == 0xAA));
    assert_eq!(combine(&joined[..3 * 67], 0, 32).0, SHARE_MALFORMED);
    assert_eq!(combine(&joined[..3 * 67], 66, 32).0, SHARE_MALFORMED);
}

#[test]
fn password_derive_writes_exactly_the_requested_length() {
    let derive = |salt: &[u8], out: &mut [u8]| {
        // SAFETY: buffers valid for the lengths passed.
        unsafe {
            sync::pq_password_derive(b"pw".as_ptr(), 2, salt.as_ptr(), len(salt), 64, 1, 1, out.as_mut_ptr(), len(out))
        }
    };
    let mut a = [0xAAu8; 40];
    assert_eq!(derive(&[1; 16], &mut a[..32]), OK);
    assert_eq!(a[32..], [0xAA; 8], "nothing past out_len");
    let mut b = [0u8; 32];
    assert_eq!(derive(&[1; 16], &mut b), OK);
    assert_eq!(a[..32], b);
    let mut c = [0xAAu8; 32];
    assert_eq!(derive(&[1; 15], &mut c), INVALID_ARGUMENT);
    assert_eq!(c, [0xAA; 32]);
    // SAFETY: NULL output with a non-zero length must be refused.
    let rc = unsafe { sync::pq_password_derive(b"pw".as_ptr(), 2, [1u8; 16].as_ptr(), 16, 64, 1, 1, null_mut(), 32) };
    assert_eq!(rc, NULL_POINTER);
}
