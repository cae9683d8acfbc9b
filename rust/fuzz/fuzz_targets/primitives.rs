//! Every export that takes no handle (hash, HKDF, AEAD, random, status messages, sizes,
//! Shamir, Argon2id, envelope parsing, self-test) with arbitrary bytes, lengths and buffers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqgate_fuzz::{calls, reader::Reader};

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    for _ in 0..4 {
        calls::stateless(&mut r);
        if r.is_empty() {
            break;
        }
    }
});
