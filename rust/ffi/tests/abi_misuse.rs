//! Boundary misuse, driven exactly as a C caller would: NULL pointers, empty and short
//! buffers, wrong sizes, stale/forged/wrong-kind handles, huge lengths. Every case must
//! return its specific negative status, write nothing, and never crash.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

mod support;

use pqgate::{kem, keys, meta, primitives, signature};
use support::*;

fn sign(handle: u64, msg: &[u8], ctx: &[u8], rnd: &[u8]) -> Result<Vec<u8>, i32> {
    let mut out = vec![0u8; 8192];
    let mut out_len = 0u32;
    // SAFETY: every buffer is valid for the length passed with it.
    let rc = unsafe {
        signature::pq_sig_sign(
            handle,
            msg.as_ptr(),
            len(msg),
            ctx.as_ptr(),
            len(ctx),
            rnd.as_ptr(),
            len(rnd),
            out.as_mut_ptr(),
            8192,
            &mut out_len,
        )
    };
    out.truncate(out_len as usize);
    if rc == OK { Ok(out) } else { Err(rc) }
}

fn verify(handle: u64, msg: &[u8], ctx: &[u8], sig: &[u8]) -> i32 {
    // SAFETY: every buffer is valid for the length passed with it.
    unsafe { signature::pq_sig_verify(handle, msg.as_ptr(), len(msg), ctx.as_ptr(), len(ctx), sig.as_ptr(), len(sig)) }
}

fn encapsulate(handle: u64) -> Result<(Vec<u8>, Vec<u8>), i32> {
    let (mut ct, mut ss) = (vec![0u8; 2048], vec![0u8; 64]);
    let (mut ct_len, mut ss_len) = (0u32, 0u32);
    // SAFETY: buffers valid for the capacities passed.
    let rc = unsafe {
        kem::pq_kem_encapsulate(handle, ct.as_mut_ptr(), 2048, &mut ct_len, ss.as_mut_ptr(), 64, &mut ss_len)
    };
    ct.truncate(ct_len as usize);
    ss.truncate(ss_len as usize);
    if rc == OK { Ok((ct, ss)) } else { Err(rc) }
}

fn decapsulate(handle: u64, ct: &[u8]) -> Result<Vec<u8>, i32> {
    let mut ss = vec![0u8; 64];
    let mut ss_len = 0u32;
    // SAFETY: buffers valid for the lengths passed.
    let rc = unsafe { kem::pq_kem_decapsulate(handle, ct.as_ptr(), len(ct), ss.as_mut_ptr(), 64, &mut ss_len) };
    ss.truncate(ss_len as usize);
    if rc == OK { Ok(ss) } else { Err(rc) }
}

#[test]
fn every_kem_round_trips_through_an_imported_public_key() {
    for alg in KEMS {
        let sk = generate(alg);
        let pk = import_public(alg, &export_public(sk)).expect("exported public key imports");
        let (ct, ss) = encapsulate(pk).expect("encapsulates");
        let s = sizes(alg);
        assert_eq!((len(&ct), len(&ss)), (s[3], s[4]));
        assert_eq!(decapsulate(sk, &ct).expect("decapsulates"), ss);
        assert_eq!(decapsulate(pk, &ct), Err(WRONG_HANDLE_KIND), "a public key cannot decapsulate");
        assert_eq!(decapsulate(sk, &ct[1..]), Err(INVALID_LENGTH));
        let mut tampered = ct.clone();
        tampered[0] ^= 1;
        let rejected = decapsulate(sk, &tampered).expect("implicit rejection returns a secret");
        assert_ne!(rejected, ss, "a tampered ciphertext must not yield the shared secret");
        assert_eq!((free(pk), free(sk)), (OK, OK));
    }
}

#[test]
fn deterministic_encapsulation_repeats_and_checks_its_randomness_length() {
    for alg in KEMS {
        let sk = generate(alg);
        let randomness = vec![7u8; sizes(alg)[6] as usize];
        let run = |m: &[u8]| {
            let (mut ct, mut ss) = (vec![0u8; 2048], [0u8; 32]);
            let (mut ct_len, mut ss_len) = (0u32, 0u32);
            // SAFETY: buffers valid for the lengths passed.
            let rc = unsafe {
                kem::pq_kem_encapsulate_deterministic(
                    sk,
                    m.as_ptr(),
                    len(m),
                    ct.as_mut_ptr(),
                    2048,
                    &mut ct_len,
                    ss.as_mut_ptr(),
                    32,
                    &mut ss_len,
                )
            };
            ct.truncate(ct_len as usize);
            (rc, ct, ss)
        };
        let (a, b) = (run(&randomness), run(&randomness));
        assert_eq!(a.0, OK);
        assert_eq!(a, b, "same randomness, same encapsulation");
        assert_eq!(decapsulate(sk, &a.1).expect("decapsulates"), a.2.to_vec());
        assert_eq!(run(&randomness[1..]).0, INVALID_LENGTH);
        assert_eq!(free(sk), OK);
    }
}

#[test]
fn every_signer_signs_and_verifies_with_context_rules() {
    for alg in SIGNERS {
        let sk = generate(alg);
        let pk = import_public(alg, &export_public(sk)).expect("imports");
        let ctx: &[u8] = if alg == ED25519 { b"" } else { b"pqgate test" };
        let sig = sign(sk, b"message", ctx, &[]).expect("signs");
        assert_eq!(len(&sig), sizes(alg)[5]);
        assert_eq!(verify(pk, b"message", ctx, &sig), OK);
        assert_eq!(verify(sk, b"message", ctx, &sig), OK, "a signing key verifies too");
        assert_eq!(verify(pk, b"messagf", ctx, &sig), VERIFICATION_FAILED);
        assert_eq!(verify(pk, b"message", ctx, &sig[1..]), INVALID_LENGTH);
        let mut bad = sig.clone();
        bad[10] ^= 0x40;
        assert_eq!(verify(pk, b"message", ctx, &bad), VERIFICATION_FAILED);
        assert_eq!(sign(pk, b"message", ctx, &[]), Err(WRONG_HANDLE_KIND));
        if alg == ED25519 {
            assert_eq!(sign(sk, b"m", b"ctx", &[]), Err(INVALID_ARGUMENT), "Ed25519 has no context");
            assert_eq!(sign(sk, b"m", b"", &[0; 32]), Err(INVALID_ARGUMENT), "Ed25519 takes no rnd");
        } else {
            assert_eq!(verify(pk, b"message", b"other", &sig), VERIFICATION_FAILED, "context is bound");
            assert_eq!(sign(sk, b"m", &[0; 256], &[]), Err(CONTEXT_TOO_LONG));
            assert!(sign(sk, b"m", &[0; 255], &[]).is_ok(), "255-byte context is allowed");
            let zeros = [0u8; 32];
            assert_eq!(sign(sk, b"m", b"", &zeros), sign(sk, b"m", b"", &zeros), "deterministic variant");
            assert_ne!(sign(sk, b"m", b"", &[]), sign(sk, b"m", b"", &[]), "hedged by default");
            assert_eq!(sign(sk, b"m", b"", &[0; 31]), Err(INVALID_LENGTH));
        }
        assert_eq!((free(pk), free(sk)), (OK, OK));
    }
}

#[test]
fn x25519_agrees_and_refuses_low_order_points() {
    let (a, b) = (generate(X25519), generate(X25519));
    let agree = |h: u64, peer: &[u8]| {
        let mut out = [0u8; 32];
        let mut out_len = 0u32;
        // SAFETY: buffers valid for the lengths passed.
        let rc = unsafe { kem::pq_x25519_agree(h, peer.as_ptr(), len(peer), out.as_mut_ptr(), 32, &mut out_len) };
        (rc, out)
    };
    let (ab, ba) = (agree(a, &export_public(b)), agree(b, &export_public(a)));
    assert_eq!(ab.0, OK);
    assert_eq!(ab, ba);
    assert_eq!(agree(a, &[0u8; 32]).0, NON_CONTRIBUTORY);
    assert_eq!(agree(a, &[9u8; 31]).0, INVALID_LENGTH);
    assert_eq!(encapsulate(a), Err(WRONG_HANDLE_KIND));
    assert_eq!((free(a), free(b)), (OK, OK));
}

#[test]
fn null_with_a_non_zero_length_is_refused_everywhere() {
    let sk = generate(ML_DSA_44);
    let mut out = [0u8; 8];
    let mut out_len = 0u32;
    let mut handle = 0u64;
    // SAFETY: each call passes NULL only where the ABI must detect it.
    unsafe {
        let sig_out = &mut [0u8; 4096];
        let rc = signature::pq_sig_sign(sk, null(), 5, null(), 0, null(), 0, sig_out.as_mut_ptr(), 4096, &mut out_len);
        assert_eq!(rc, NULL_POINTER);
        assert_eq!(signature::pq_sig_verify(sk, null(), 1, null(), 0, null(), 0), NULL_POINTER);
        assert_eq!(keys::pq_key_import_public(ML_KEM_768, null(), 1184, &mut handle), NULL_POINTER);
        assert_eq!(keys::pq_key_from_seed(ML_KEM_768, null(), 64, &mut handle), NULL_POINTER);
        assert_eq!(keys::pq_key_generate(ML_KEM_768, std::ptr::null_mut()), NULL_POINTER);
        assert_eq!(keys::pq_key_export_public(sk, null_mut(), 8, &mut out_len), NULL_POINTER);
        assert_eq!(keys::pq_key_export_public(sk, out.as_mut_ptr(), 8, std::ptr::null_mut()), NULL_POINTER);
        assert_eq!(keys::pq_key_info(sk, std::ptr::null_mut(), &mut out_len), NULL_POINTER);
        assert_eq!(primitives::pq_random_bytes(null_mut(), 16), NULL_POINTER);
        assert_eq!(primitives::pq_hash(SHA256, null(), 3, out.as_mut_ptr(), 8, &mut out_len), NULL_POINTER);
        assert_eq!(meta::pq_status_message(0, null_mut(), 8, &mut out_len), NULL_POINTER);
    }
    assert_eq!(handle, 0, "no handle is written on failure");
    assert_eq!(out, [0u8; 8], "no output is written on failure");
    assert_eq!(free(sk), OK);
}

#[test]
fn null_with_zero_length_is_an_empty_input() {
    let sk = generate(ML_DSA_65);
    let mut sig = vec![0u8; 4096];
    let mut sig_len = 0u32;
    let mut digest = [0u8; 32];
    let mut digest_len = 0u32;
    // SAFETY: (NULL, 0) pairs are valid empty inputs; outputs are valid for their capacity.
    unsafe {
        let rc = signature::pq_sig_sign(sk, null(), 0, null(), 0, null(), 0, sig.as_mut_ptr(), 4096, &mut sig_len);
        assert_eq!(rc, OK);
        assert_eq!(signature::pq_sig_verify(sk, null(), 0, null(), 0, sig.as_ptr(), sig_len), OK);
        assert_eq!(primitives::pq_hash(SHA256, null(), 0, digest.as_mut_ptr(), 32, &mut digest_len), OK);
        assert_eq!(primitives::pq_random_bytes(null_mut(), 0), OK);
    }
    // SHA-256 of the empty string (FIPS 180-4 example).
    assert_eq!(hex(&digest), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(free(sk), OK);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_short_output_buffer_reports_the_required_size_and_stays_untouched() {
    let sk = generate(ML_KEM_768);
    let mut out = [0xAAu8; 16];
    let mut out_len = 0u32;
    // SAFETY: `out` is valid for 16 bytes.
    let rc = unsafe { keys::pq_key_export_public(sk, out.as_mut_ptr(), 16, &mut out_len) };
    assert_eq!((rc, out_len), (BUFFER_TOO_SMALL, 1184));
    assert_eq!(out, [0xAAu8; 16]);
    // SAFETY: (NULL, 0) asks for the size only.
    let rc = unsafe { keys::pq_key_export_public(sk, null_mut(), 0, &mut out_len) };
    assert_eq!((rc, out_len), (BUFFER_TOO_SMALL, 1184));

    // Two outputs: a short shared-secret buffer leaves the ciphertext buffer untouched too.
    let (mut ct, mut ss) = (vec![0xAAu8; 1088], [0xAAu8; 31]);
    let (mut ct_len, mut ss_len) = (0u32, 0u32);
    // SAFETY: buffers valid for the capacities passed.
    let rc =
        unsafe { kem::pq_kem_encapsulate(sk, ct.as_mut_ptr(), 1088, &mut ct_len, ss.as_mut_ptr(), 31, &mut ss_len) };
    assert_eq!((rc, ss_len), (BUFFER_TOO_SMALL, 32));
    assert!(ct.iter().all(|b| *b == 0xAA) && ss.iter().all(|b| *b == 0xAA));

    let mut sizes_out = [0u32; 3];
    // SAFETY: room for 3 u32s.
    let rc = unsafe { meta::pq_algorithm_sizes(ML_DSA_65, sizes_out.as_mut_ptr(), 3, &mut out_len) };
    assert_eq!((rc, out_len, sizes_out), (BUFFER_TOO_SMALL, 7, [0; 3]));
    assert_eq!(free(sk), OK);
}

#[test]
fn wrong_size_keys_and_seeds_are_refused() {
    for alg in KEMS.into_iter().chain(SIGNERS).chain([X25519]) {
        let s = sizes(alg);
        let mut handle = 0u64;
        for (wrong_pk, wrong_seed) in [(s[0] - 1, s[2] - 1), (s[0] + 1, s[2] + 1)] {
            assert_eq!(import_public(alg, &vec![1u8; wrong_pk as usize]), Err(INVALID_LENGTH), "alg {alg}");
            let seed = vec![1u8; wrong_seed as usize];
            // SAFETY: `seed` valid for its length.
            let rc = unsafe { keys::pq_key_from_seed(alg, seed.as_ptr(), len(&seed), &mut handle) };
            assert_eq!(rc, INVALID_LENGTH, "alg {alg}");
            // SAFETY: as above.
            let rc = unsafe { keys::pq_key_import_private(alg, seed.as_ptr(), len(&seed), &mut handle) };
            assert_eq!(rc, INVALID_LENGTH, "alg {alg}");
        }
        assert_eq!(handle, 0);
    }
    // FIPS 203 §7.2: a coefficient >= q in an encapsulation key is refused.
    assert_eq!(import_public(ML_KEM_768, &[0xFFu8; 1184]), Err(INVALID_KEY));
}

#[test]
fn stale_double_freed_forged_and_wrong_kind_handles_are_refused() {
    let sk = generate(ML_DSA_44);
    let kem_sk = generate(ML_KEM_512);
    assert_eq!(sign(kem_sk, b"m", b"", &[]), Err(WRONG_HANDLE_KIND));
    assert_eq!(decapsulate(sk, &[0u8; 768]), Err(WRONG_HANDLE_KIND));
    assert_eq!(free(sk), OK);
    assert_eq!(sign(sk, b"m", b"", &[]), Err(STALE_HANDLE));
    assert_eq!(free(sk), STALE_HANDLE, "double free is an error, not a crash");
    let reused = generate(ML_DSA_44); // likely reuses the slot with a new generation
    assert_eq!(sign(sk, b"m", b"", &[]), Err(STALE_HANDLE), "the old handle stays stale");
    assert!(sign(reused, b"m", b"", &[]).is_ok());
    for forged in [0, u64::MAX, 1, 0x0300_0001_ffff_fff0, reused ^ (0xFF << 56), reused + (1 << 32)] {
        assert_eq!(sign(forged, b"m", b"", &[]), Err(INVALID_HANDLE), "forged {forged:#x}");
        assert_eq!(free(forged), INVALID_HANDLE, "forged {forged:#x}");
    }
    let (mut kind, mut alg) = (0u32, 0u32);
    // SAFETY: out-parameters are valid u32s.
    assert_eq!(unsafe { keys::pq_key_info(reused, &mut kind, &mut alg) }, OK);
    assert_eq!((kind, alg), (3, ML_DSA_44));
    assert_eq!((free(reused), free(kem_sk)), (OK, OK));
}

#[test]
fn huge_lengths_are_refused_without_reading() {
    let sk = generate(ED25519);
    let byte = [0u8; 1];
    let mut handle = 0u64;
    let mut out_len = 0u32;
    // SAFETY: the lengths lie, but the boundary must refuse them before building a slice.
    unsafe {
        assert_eq!(signature::pq_sig_verify(sk, byte.as_ptr(), u32::MAX, null(), 0, byte.as_ptr(), 1), INPUT_TOO_LARGE);
        assert_eq!(keys::pq_key_import_public(ED25519, byte.as_ptr(), MAX_INPUT + 1, &mut handle), INPUT_TOO_LARGE);
        assert_eq!(primitives::pq_random_bytes(null_mut().wrapping_add(1), u32::MAX), INPUT_TOO_LARGE);
        let mut out = [0u8; 32];
        let rc = primitives::pq_hash(SHA256, byte.as_ptr(), u32::MAX, out.as_mut_ptr(), 32, &mut out_len);
        assert_eq!(rc, INPUT_TOO_LARGE);
        let rc = primitives::pq_hkdf(SHA256, byte.as_ptr(), 1, null(), 0, null(), 0, out.as_mut_ptr(), u32::MAX);
        assert_eq!(rc, INVALID_LENGTH, "HKDF output is bounded by 255 hash lengths");
    }
    assert_eq!(free(sk), OK);
}

const MAX_INPUT: u32 = pqgate::MAX_INPUT_LEN;

#[test]
fn unknown_algorithms_are_refused() {
    let mut handle = 0u64;
    let mut out = [0u32; 7];
    let mut out_len = 0u32;
    for alg in [0, 6, 15, 21, u32::MAX] {
        // SAFETY: valid out-parameters.
        unsafe {
            assert_eq!(keys::pq_key_generate(alg, &mut handle), UNKNOWN_ALGORITHM);
            assert_eq!(meta::pq_algorithm_sizes(alg, out.as_mut_ptr(), 7, &mut out_len), UNKNOWN_ALGORITHM);
        }
    }
    let mut digest = [0u8; 64];
    // SAFETY: valid buffers.
    let rc = unsafe { primitives::pq_hash(99, null(), 0, digest.as_mut_ptr(), 64, &mut out_len) };
    assert_eq!(rc, UNKNOWN_ALGORITHM);
}

#[test]
fn every_status_has_a_message_and_unknown_codes_are_refused() {
    for code in [
        0, -1, -2, -3, -4, -5, -6, -7, -8, -100, -101, -102, -103, -200, -201, -202, -203, -204, -205, -206, -207,
        -300, -301, -302, -303, -304, -305, -306, -307, -900, -901,
    ] {
        let mut out = [0u8; 128];
        let mut out_len = 0u32;
        // SAFETY: valid buffers.
        assert_eq!(unsafe { meta::pq_status_message(code, out.as_mut_ptr(), 128, &mut out_len) }, OK);
        let message = std::str::from_utf8(&out[..out_len as usize]).expect("UTF-8");
        assert!(!message.is_empty(), "code {code}");
    }
    let mut out_len = 0u32;
    // SAFETY: (NULL, 0) output.
    assert_eq!(unsafe { meta::pq_status_message(-42, null_mut(), 0, &mut out_len) }, INVALID_ARGUMENT);
    assert_eq!(meta::pq_self_test(), OK);
    assert_eq!(meta::pq_abi_version(), 1);
}

#[test]
fn aead_round_trips_and_refuses_tampering() {
    for alg in [AES_256_GCM, CHACHA20_POLY1305] {
        let key = [0x42u8; 32];
        let seal = |key: &[u8], aad: &[u8], pt: &[u8]| {
            let mut out = vec![0u8; pt.len() + 28];
            let mut out_len = 0u32;
            // SAFETY: valid buffers.
            let rc = unsafe {
                primitives::pq_aead_seal(
                    alg,
                    key.as_ptr(),
                    len(key),
                    aad.as_ptr(),
                    len(aad),
                    pt.as_ptr(),
                    len(pt),
                    out.as_mut_ptr(),
                    len(&out),
                    &mut out_len,
                )
            };
            (rc, out)
        };
        let open = |key: &[u8], aad: &[u8], sealed: &[u8]| {
            let mut out = vec![0u8; sealed.len()];
            let mut out_len = 0u32;
            // SAFETY: valid buffers.
            let rc = unsafe {
                primitives::pq_aead_open(
                    alg,
                    key.as_ptr(),
                    len(key),
                    aad.as_ptr(),
                    len(aad),
                    sealed.as_ptr(),
                    len(sealed),
                    out.as_mut_ptr(),
                    len(&out),
                    &mut out_len,
                )
            };
            out.truncate(out_len as usize);
            (rc, out)
        };
        let (rc, sealed) = seal(&key, b"aad", b"plaintext");
        assert_eq!(rc, OK);
        assert_eq!(open(&key, b"aad", &sealed), (OK, b"plaintext".to_vec()));
        assert_eq!(open(&key, b"aae", &sealed).0, DECRYPTION_FAILED);
        let mut tampered = sealed.clone();
        tampered[14] ^= 1;
        assert_eq!(open(&key, b"aad", &tampered).0, DECRYPTION_FAILED);
        assert_eq!(open(&[0x43u8; 32], b"aad", &sealed).0, DECRYPTION_FAILED);
        assert_eq!(open(&key, b"aad", &sealed[..27]).0, INVALID_LENGTH, "shorter than nonce + tag");
        assert_eq!(seal(&key[..16], b"", b"x").0, INVALID_LENGTH);
        let (rc, empty) = seal(&key, b"", b"");
        assert_eq!((rc, open(&key, b"", &empty)), (OK, (OK, Vec::new())));
    }
}

/// `pq_aead_seal`/`pq_aead_open` write straight into a caller buffer that fits and overlaps no
/// input, and copy out of their own allocation otherwise: both paths give results the other
/// opens, including a caller that passes one buffer as input and output, and a too-large
/// buffer keeps its tail.
#[test]
fn aead_in_place_and_aliased_buffers_agree() {
    let seal = |alg: u32, key: &[u8], pt: *const u8, pt_len: u32, io: *mut u8, cap: u32, out_len: &mut u32| {
        // SAFETY: every pointer below is valid for its length for the call; `io` may alias the
        // input, which the C contract allows.
        unsafe {
            primitives::pq_aead_seal(alg, key.as_ptr(), len(key), b"aad".as_ptr(), 3, pt, pt_len, io, cap, out_len)
        }
    };
    let open = |alg: u32, key: &[u8], sealed: *const u8, sealed_len: u32, io: *mut u8, cap: u32, out_len: &mut u32| {
        // SAFETY: as `seal`.
        unsafe {
            primitives::pq_aead_open(
                alg,
                key.as_ptr(),
                len(key),
                b"aad".as_ptr(),
                3,
                sealed,
                sealed_len,
                io,
                cap,
                out_len,
            )
        }
    };
    for alg in [AES_256_GCM, CHACHA20_POLY1305] {
        let key = [0x42u8; 32];
        let message: Vec<u8> = (0..(1u32 << 20) + 5).map(|i| (i % 251) as u8).collect();
        let n = len(&message);
        // In place, into a buffer larger than needed: the tail is not touched.
        let mut sealed = vec![0xAAu8; message.len() + 28 + 7];
        let mut sealed_len = 0u32;
        assert_eq!(seal(alg, &key, message.as_ptr(), n, sealed.as_mut_ptr(), len(&sealed), &mut sealed_len), OK);
        assert_eq!(sealed_len, n + 28);
        assert!(sealed[sealed_len as usize..].iter().all(|b| *b == 0xAA));
        assert_ne!(&sealed[12..12 + message.len()], message.as_slice(), "encrypted, not copied");
        let mut opened = vec![0u8; message.len()];
        let mut opened_len = 0u32;
        assert_eq!(open(alg, &key, sealed.as_ptr(), sealed_len, opened.as_mut_ptr(), n, &mut opened_len), OK);
        assert_eq!((opened_len, &opened), (n, &message));
        // Aliased: the message sits at the start of the output buffer (sealed over itself).
        let mut io = message.clone();
        io.resize(message.len() + 28, 0);
        let mut io_len = 0u32;
        assert_eq!(seal(alg, &key, io.as_ptr(), n, io.as_mut_ptr(), len(&io), &mut io_len), OK);
        assert_eq!(io_len, n + 28);
        // … and opened over itself, then checked against the in-place result's plaintext.
        let mut back_len = 0u32;
        assert_eq!(open(alg, &key, io.as_ptr(), io_len, io.as_mut_ptr(), io_len, &mut back_len), OK);
        assert_eq!((back_len, &io[..message.len()]), (n, message.as_slice()));
        // A forged tag on the in-place path leaves the caller's buffer as it was.
        let mut forged = sealed[..sealed_len as usize].to_vec();
        *forged.last_mut().expect("tag") ^= 1;
        let mut untouched = vec![0x55u8; message.len()];
        assert_eq!(
            open(alg, &key, forged.as_ptr(), len(&forged), untouched.as_mut_ptr(), n, &mut opened_len),
            DECRYPTION_FAILED
        );
        assert!(untouched.iter().all(|b| *b == 0x55), "no unverified plaintext released");
    }
}

#[test]
fn hkdf_matches_rfc_5869_test_case_1() {
    let ikm = [0x0bu8; 22];
    let salt: Vec<u8> = (0u8..=12).collect();
    let info: Vec<u8> = (0xf0u8..=0xf9).collect();
    let mut okm = [0u8; 42];
    // SAFETY: valid buffers.
    let rc = unsafe {
        primitives::pq_hkdf(SHA256, ikm.as_ptr(), 22, salt.as_ptr(), 13, info.as_ptr(), 10, okm.as_mut_ptr(), 42)
    };
    assert_eq!(rc, OK);
    assert_eq!(hex(&okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    // SAFETY: valid buffers; SHA3-256 HKDF is supported, SHA-512 is not.
    unsafe {
        assert_eq!(primitives::pq_hkdf(SHA3_256, ikm.as_ptr(), 22, null(), 0, null(), 0, okm.as_mut_ptr(), 42), OK);
        assert_eq!(
            primitives::pq_hkdf(3, ikm.as_ptr(), 22, null(), 0, null(), 0, okm.as_mut_ptr(), 42),
            UNSUPPORTED_OPERATION
        );
    }
}
