//! Handle accounting in its own test binary (the live count is process-wide, so no other
//! test may run beside it): failed calls never leak a handle, frees are counted.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

mod support;

use pqgate::{keys, meta};
use support::*;

fn live() -> u32 {
    let mut count = 0u32;
    // SAFETY: valid out-parameter.
    assert_eq!(unsafe { meta::pq_live_handle_count(&mut count) }, OK);
    count
}

#[test]
fn failed_calls_leak_no_handles_and_frees_are_counted() {
    let before = live();
    // SAFETY: a NULL handle out-parameter must be refused before any key is created.
    assert_eq!(unsafe { keys::pq_key_generate(ML_DSA_65, std::ptr::null_mut()) }, NULL_POINTER);
    assert_eq!(import_public(ML_KEM_768, &[0xFF; 1184]), Err(INVALID_KEY));
    assert_eq!(live(), before);
    let handles: Vec<u64> = (0..100).map(|i| generate(KEMS[i % 4])).collect();
    assert_eq!(live(), before + 100);
    for h in handles {
        assert_eq!(free(h), OK);
    }
    assert_eq!(live(), before);
}
