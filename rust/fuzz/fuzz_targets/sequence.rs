//! Structured: random sequences of create / use / free over every algorithm and the
//! software keystore (see `pqgate_fuzz::sequence`); no handle may outlive its sequence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqgate_fuzz::sequence::{Op, Pool, run};
use pqgate_fuzz::{abi, env};

fuzz_target!(|ops: Vec<Op>| {
    let baseline = env::baseline_handles();
    let mut pool = Pool::default();
    for op in ops.iter().take(64) {
        run(op, &mut pool, env::keystore());
    }
    pool.release();
    assert_eq!(abi::live_handles(), baseline, "a handle leaked");
});
