//! Every handle-taking export with forged, stale, wrong-kind and live handles: a bad
//! handle must be an error code, never undefined behaviour.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqgate::keys;
use pqgate_fuzz::{abi, calls, env, reader::Reader};

fuzz_target!(|data: &[u8]| {
    let baseline = env::baseline_handles();
    let mut r = Reader::new(data);
    let mut live = 0u64;
    // SAFETY: `live` is a local.
    if abi::check_scalar("generate", unsafe { keys::pq_key_generate(r.algorithm(), &mut live) }) != abi::OK {
        live = 0;
    }
    let mut stale = 0u64;
    // SAFETY: `stale` is a local.
    if unsafe { keys::pq_key_generate(abi::ALGORITHMS[0], &mut stale) } == abi::OK {
        assert_eq!(keys::pq_key_free(stale), abi::OK);
    }
    let pick = |r: &mut Reader| match r.u8() % 6 {
        0 => r.u64(),
        1 => live,
        2 => stale,
        3 => env::keystore(),
        4 => live ^ r.u64(),
        _ => env::keystore() ^ (1u64 << (r.u8() % 64)),
    };
    for _ in 0..3 {
        let (key, other) = (pick(&mut r), pick(&mut r));
        calls::with_key(&mut r, key, other);
    }
    if live != 0 {
        assert_eq!(keys::pq_key_free(live), abi::OK);
    }
    assert_eq!(abi::live_handles(), baseline, "a handle leaked");
});
