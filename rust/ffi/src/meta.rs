//! Library-level exports: ABI version, status messages, self-test, algorithm sizes.

use pqgate_core::{Status, api, self_test};

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
    call(|| {
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
    call(self_test::ensure)
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
    call(|| {
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

/// Number of live key handles (for leak checks in tests and benchmarks).
///
/// # Safety
/// `out` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_live_handle_count(out: *mut u32) -> i32 {
    call(|| {
        // SAFETY: forwarded caller contract.
        let out = unsafe { Scalar::new(out) }?;
        out.set(u32::try_from(pqgate_core::handles::live_count()).unwrap_or(u32::MAX));
        Ok(())
    })
}
