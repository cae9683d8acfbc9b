//! Library-level exports: ABI version, status messages, self-test, algorithm sizes, live
//! handles and the operation counters.

use pqgate_core::counters::{self, Op};
use pqgate_core::{PqResult, Status, api, self_test};

use crate::boundary::{Output, Scalar, call};

/// The ABI version; the binding refuses to load a library whose version differs.
#[unsafe(no_mangle)]
pub extern "C" fn pq_abi_version() -> u32 {
    pqgate_core::ABI_VERSION
}

/// Copies the message of status `code` (UTF-8, no terminator) into `out`.
///
/// Returns `INVALID_ARGUMENT` for a code that is not a status.
///
/// # Safety
/// `out` valid for `out_cap` bytes of writes; `out_len` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_status_message(code: i32, out: *mut u8, out_cap: u32, out_len: *mut u32) -> i32 {
    call(Op::StatusMessage, || {
        // SAFETY: forwarded caller contract.
        let out = unsafe { Output::new(out, out_cap, out_len) }?;
        let status = Status::from_code(code).ok_or(Status::InvalidArgument)?;
        out.write(status.message().as_bytes())
    })
}

/// Runs the power-on self-tests (once per process; later calls return the cached result).
/// `0` when they passed, `SELF_TEST_FAILED` otherwise, after which every cryptographic
/// export refuses to work.
#[unsafe(no_mangle)]
pub extern "C" fn pq_self_test() -> i32 {
    call(Op::SelfTest, self_test::ensure)
}

/// Writes the 7 sizes of `algorithm` as `u32`s, in this order: public key, private key,
/// seed, ciphertext, shared secret, signature, encapsulation randomness (`0` = not
/// applicable). `out_cap` and `*out_len` count `u32` elements.
///
/// # Safety
/// `out` valid for `out_cap` `u32` writes (alignment not required); `out_len` valid for a
/// `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_algorithm_sizes(algorithm: u32, out: *mut u32, out_cap: u32, out_len: *mut u32) -> i32 {
    call(Op::AlgorithmSizes, || {
        // SAFETY: the element count is validated like a byte buffer of `out_cap * 4` bytes.
        let out_len = unsafe { Scalar::new(out_len) }?;
        if out.is_null() && out_cap > 0 {
            return Err(Status::NullPointer);
        }
        let s = api::algorithm_sizes(algorithm)?;
        let values = [
            s.public_key,
            s.private_key,
            s.seed,
            s.ciphertext,
            s.shared_secret,
            s.signature,
            s.encapsulation_randomness,
        ];
        let count = u32::try_from(values.len()).map_err(|_| Status::Internal)?;
        if out_cap < count {
            out_len.set(count);
            return Err(Status::BufferTooSmall);
        }
        for (i, value) in values.into_iter().enumerate() {
            // SAFETY: `i < count <= out_cap` and `out` is non-NULL (cap > 0).
            unsafe { out.add(i).write_unaligned(value) };
        }
        out_len.set(count);
        Ok(())
    })
}

/// Number of live handles, keys and keystores together (leak checks, the live-handle gauge).
///
/// # Safety
/// `out` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_live_handle_count(out: *mut u32) -> i32 {
    call(Op::LiveHandleCount, || {
        // SAFETY: forwarded caller contract.
        let out = unsafe { Scalar::new(out) }?;
        out.set(u32::try_from(pqgate_core::handles::live_count()).unwrap_or(u32::MAX));
        Ok(())
    })
}

/// Version of the `pq_native_stats` table layout. Appending ops or statuses keeps it (the
/// table states its own dimensions); any other change to the layout bumps it.
pub const PQ_NATIVE_STATS_LAYOUT: u64 = 1;

/// Copies the operation counters (calls of every export by status, and the time spent in it)
/// into `out` as a table of `u64` little-endian words, layout `PQ_NATIVE_STATS_LAYOUT`:
///
/// - word 0: the layout version; word 1: `R`, the number of op rows; word 2: `C`, the number
///   of status columns;
/// - words `3 .. 3 + C`: the status of each column, as the magnitude of its `PqStatus` code
///   (`0` = `PQ_STATUS_OK`, `1` = `PQ_STATUS_NULL_POINTER`, …);
/// - then `R` rows of `2 + C` words: the op (`PqOp`), the nanoseconds spent in it, and its
///   calls that returned each column's status.
///
/// Time is read from the coarse monotonic clock (`CLOCK_MONOTONIC_COARSE` on Linux, a few
/// nanoseconds per read): one call adds the whole clock ticks it spans (a tick is 1–10 ms,
/// depending on the kernel), usually none, so the sum is an unbiased estimate of the time
/// spent over many calls, not a per-call latency. Summed over threads.
///
/// The table is `8 * (3 + C + R * (2 + C))` bytes (15,104 with 50 ops and 35 statuses); a
/// short buffer gets `BUFFER_TOO_SMALL` and that size. Counters start at zero when the library
/// is loaded, only grow (wrapping after 2^64), and are read one by one without a lock: a call
/// running meanwhile may show in its count before its time. This call counts itself after
/// copying. `pq_abi_version` is not counted (it never enters the boundary).
///
/// # Safety
/// `out` valid for `out_cap` bytes of writes; `out_len` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_native_stats(out: *mut u8, out_cap: u32, out_len: *mut u32) -> i32 {
    call(Op::NativeStats, || {
        // SAFETY: forwarded caller contract.
        let out = unsafe { Output::new(out, out_cap, out_len) }?;
        out.write(&stats_table()?)
    })
}

/// The table `pq_native_stats` documents, encoded.
fn stats_table() -> PqResult<Vec<u8>> {
    let count = |n: usize| u64::try_from(n).map_err(|_| Status::Internal);
    let mut words = vec![PQ_NATIVE_STATS_LAYOUT, count(Op::ALL.len())?, count(Status::ALL.len())?];
    words.extend(Status::ALL.iter().map(|s| u64::from(s.code().unsigned_abs())));
    for op in Op::ALL {
        words.extend([u64::from(op.number()), counters::nanoseconds(op)]);
        words.extend(Status::ALL.iter().map(|s| counters::calls(op, *s)));
    }
    Ok(words.iter().flat_map(|w| w.to_le_bytes()).collect())
}
