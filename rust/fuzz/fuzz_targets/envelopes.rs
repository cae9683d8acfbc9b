//! Wrapped-key envelopes: unwrap, re-wrap and parse arbitrary (mostly near-valid) envelopes
//! with arbitrary bindings, and the other keystore exports, on the software keystore.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqgate::keys;
use pqgate_fuzz::{abi, calls, env, reader::Reader};

fuzz_target!(|data: &[u8]| {
    let baseline = env::baseline_handles();
    let mut r = Reader::new(data);
    let mut key = 0u64;
    // SAFETY: `key` is a local.
    let made = unsafe { keys::pq_key_generate(r.algorithm(), &mut key) } == abi::OK;
    for _ in 0..3 {
        calls::with_keystore(&mut r, env::keystore(), key);
    }
    if made {
        assert_eq!(keys::pq_key_free(key), abi::OK);
    }
    assert_eq!(abi::live_handles(), baseline, "a handle leaked");
});
