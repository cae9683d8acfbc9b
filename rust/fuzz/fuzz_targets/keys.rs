//! Keys from arbitrary seeds and private/public key bytes for any algorithm number, used
//! through every key export, then freed and used again (a stale handle) and freed twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqgate::keys;
use pqgate_fuzz::{abi, calls, env, reader::Reader};

fuzz_target!(|data: &[u8]| {
    let baseline = env::baseline_handles();
    let mut r = Reader::new(data);
    let (how, algorithm, material) = (r.u8(), r.algorithm(), r.input());
    let mut handle = 0u64;
    // SAFETY: `material` valid for its length; `handle` is a local.
    let rc = unsafe {
        match how % 3 {
            0 => keys::pq_key_from_seed(algorithm, material.ptr(), material.len(), &mut handle),
            1 => keys::pq_key_import_private(algorithm, material.ptr(), material.len(), &mut handle),
            _ => keys::pq_key_import_public(algorithm, material.ptr(), material.len(), &mut handle),
        }
    };
    if abi::check_scalar("create", rc) != abi::OK {
        assert_eq!(handle, 0, "a handle was written on failure");
        return;
    }
    for _ in 0..3 {
        calls::with_key(&mut r, handle, env::keystore());
    }
    assert_eq!(keys::pq_key_free(handle), abi::OK);
    calls::with_key(&mut r, handle, env::keystore());
    assert_ne!(keys::pq_key_free(handle), abi::OK, "double free succeeded");
    assert_eq!(abi::live_handles(), baseline, "a handle leaked");
});
