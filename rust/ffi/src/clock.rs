//! The clock the operation counters time calls with: the coarse monotonic clock.
//!
//! `Instant::now()` cost 35 ns per read on the benchmark machine (two per call made AES-GCM
//! over 1 KiB 3 % slower through the binding, bench/RESULTS.md); `CLOCK_MONOTONIC_COARSE` costs
//! about 6 ns (a vDSO read of the last tick, no TSC read). Its resolution is the kernel tick
//! (4 ms here), so one call adds a whole number of ticks, usually zero; a call of length `d`
//! straddles a tick with probability `d / tick`, so the sum over many calls is an unbiased
//! estimate of their total time. Other platforms use `Instant`.

/// Nanoseconds on the coarse monotonic clock (an arbitrary origin): only differences count.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn now_ns() -> u64 {
    /// `struct timespec` on 64-bit Linux (glibc and musl): `time_t` and `long` are 64 bits.
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    const CLOCK_MONOTONIC_COARSE: i32 = 6;
    unsafe extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    let mut time = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `time` is a valid, writable `struct timespec`; the clock id exists since Linux
    // 2.6.32. On failure `time` stays zero, which only makes one call count no time.
    unsafe { clock_gettime(CLOCK_MONOTONIC_COARSE, &mut time) };
    u64::try_from(time.sec).unwrap_or(0).wrapping_mul(1_000_000_000).wrapping_add(u64::try_from(time.nsec).unwrap_or(0))
}

/// Nanoseconds since the first call (an arbitrary origin): only differences count.
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn now_ns() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    u64::try_from(ORIGIN.get_or_init(Instant::now).elapsed().as_nanos()).unwrap_or(u64::MAX)
}
