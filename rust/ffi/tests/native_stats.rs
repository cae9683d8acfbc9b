//! `pq_native_stats`: the counters table's layout, a success and a failure counted under
//! their export and status, and every export counted under its own op. Its own test binary,
//! because the counters are process-wide.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

mod support;

use std::path::PathBuf;
use std::ptr;

use pqgate::{meta, signature};
use pqgate_core::Status;
use pqgate_core::counters::Op;
use support::*;

/// A table word as an index.
fn index(word: u64) -> usize {
    usize::try_from(word).unwrap()
}

/// The table as `u64` words.
fn table() -> Vec<u64> {
    let mut out = vec![0u8; 1 << 16];
    let mut len = 0u32;
    // SAFETY: `out` holds `out.len()` bytes; `len` is a valid u32.
    let rc = unsafe { meta::pq_native_stats(out.as_mut_ptr(), support::len(&out), &mut len) };
    assert_eq!(rc, OK);
    out[..len as usize].chunks_exact(8).map(|w| u64::from_le_bytes(w.try_into().unwrap())).collect()
}

/// Calls of export `op` that returned `status`, and its nanoseconds, read from `words`.
fn row(words: &[u64], op: Op, status: i32) -> (u64, u64) {
    let (ops, statuses) = (index(words[1]), index(words[2]));
    let column = words[3..3 + statuses].iter().position(|c| *c == u64::from(status.unsigned_abs())).unwrap();
    let rows = &words[3 + statuses..];
    let r =
        (0..ops).map(|i| &rows[i * (2 + statuses)..(i + 1) * (2 + statuses)]).find(|r| r[0] == u64::from(op.number()));
    let r = r.unwrap();
    (r[2 + column], r[1])
}

#[test]
fn the_table_states_its_layout_and_has_one_row_per_op_and_one_column_per_status() {
    let words = table();
    assert_eq!(words[0], meta::PQ_NATIVE_STATS_LAYOUT);
    let (ops, statuses) = (index(words[1]), index(words[2]));
    assert_eq!((ops, statuses), (Op::ALL.len(), Status::ALL.len()));
    assert_eq!(words.len(), 3 + statuses + ops * (2 + statuses));
    let mut columns: Vec<u64> = words[3..3 + statuses].to_vec();
    let mut expected: Vec<u64> = Status::ALL.iter().map(|s| u64::from(s.code().unsigned_abs())).collect();
    columns.sort_unstable();
    expected.sort_unstable();
    assert_eq!(columns, expected);
    let numbers: Vec<u64> = (0..ops).map(|i| words[3 + statuses + i * (2 + statuses)]).collect();
    assert_eq!(numbers, (1..=ops as u64).collect::<Vec<_>>());
}

#[test]
fn a_short_buffer_gets_the_size_and_null_is_refused() {
    let needed = u32::try_from(8 * (3 + Status::ALL.len() + Op::ALL.len() * (2 + Status::ALL.len()))).unwrap();
    let mut out = [0xAAu8; 64];
    let mut len = 0u32;
    // SAFETY: `out` holds 64 bytes; `len` is a valid u32.
    let rc = unsafe { meta::pq_native_stats(out.as_mut_ptr(), 64, &mut len) };
    assert_eq!((rc, len), (BUFFER_TOO_SMALL, needed));
    assert_eq!(out, [0xAA; 64], "nothing written on failure");
    // SAFETY: NULL with a zero capacity asks for the size; NULL `out_len` must be refused.
    unsafe {
        assert_eq!(meta::pq_native_stats(ptr::null_mut(), 0, &mut len), BUFFER_TOO_SMALL);
        assert_eq!(meta::pq_native_stats(out.as_mut_ptr(), 64, ptr::null_mut()), NULL_POINTER);
    }
    assert_eq!(row(&table(), Op::NativeStats, NULL_POINTER).0, 1);
}

#[test]
fn a_signature_and_a_failed_verification_are_counted_under_their_status() {
    let key = generate(ED25519);
    let public = import_public(ED25519, &export_public(key)).unwrap();
    let before = table();
    let mut forged = vec![0u8; 64];
    let mut forged_len = 0u32;
    // SAFETY: every buffer is a valid slice with its length; NULL with length 0 is empty.
    let rc = unsafe {
        signature::pq_sig_sign(
            key,
            b"counted".as_ptr(),
            7,
            null(),
            0,
            null(),
            0,
            forged.as_mut_ptr(),
            64,
            &mut forged_len,
        )
    };
    assert_eq!((rc, forged_len), (OK, 64));
    forged[0] ^= 1;
    // SAFETY: every buffer is a valid slice with its length.
    let rc = unsafe { signature::pq_sig_verify(public, b"counted".as_ptr(), 7, null(), 0, forged.as_ptr(), 64) };
    assert_eq!(rc, VERIFICATION_FAILED);
    let after = table();
    let delta = |op, status| row(&after, op, status).0 - row(&before, op, status).0;
    assert_eq!(delta(Op::SigSign, OK), 1);
    assert_eq!(delta(Op::SigVerify, VERIFICATION_FAILED), 1);
    assert_eq!(delta(Op::SigVerify, OK), 0);
    // Time is on the coarse clock: one call adds whole ticks, usually none (boundary.rs tests it).
    assert!(row(&after, Op::SigSign, OK).1 >= row(&before, Op::SigSign, OK).1);
    free(key);
    free(public);
}

/// `snake_case` of an op's name: `KemEncapsulateDeterministic` → `kem_encapsulate_deterministic`.
fn snake(op: Op) -> String {
    let mut out = String::new();
    for (i, c) in format!("{op:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn every_export_counts_its_calls_under_its_own_op() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut counted = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let exports: Vec<(usize, &str)> = text
            .match_indices("extern \"C\" fn pq_")
            .map(|(at, m)| {
                let name = &text[at + m.len() - 3..];
                (at, &name[..name.find('(').unwrap()])
            })
            .collect();
        for (i, (at, name)) in exports.iter().enumerate() {
            let end = exports.get(i + 1).map_or(text.len(), |(next, _)| *next);
            let body = &text[*at..end];
            if *name == "pq_abi_version" {
                assert!(!body.contains("call("), "pq_abi_version is documented as uncounted");
                continue;
            }
            let op = body.split("call(Op::").nth(1).unwrap_or_else(|| panic!("{name} does not call the boundary"));
            let op = &op[..op.find(',').unwrap()];
            let expected = Op::ALL.iter().find(|o| format!("{o:?}") == op).unwrap_or_else(|| panic!("{op}"));
            assert_eq!(format!("pq_{}", snake(*expected)), *name, "{name} is counted as Op::{op}");
            counted.push(*expected);
        }
    }
    counted.sort_by_key(|o| o.number());
    assert_eq!(counted, Op::ALL, "every op is the op of exactly one export");
}
