//! The one boundary helper every export goes through, and the only place raw pointers
//! become slices.
//!
//! Rules (docs/ARCHITECTURE.md, "The C ABI"): `(any pointer, 0)` is an empty input and never becomes a
//! slice built from NULL; NULL with a non-zero length is `NullPointer`; outputs are
//! written only on success, except that `BufferTooSmall` reports the required size in
//! `*out_len`; panics never unwind into the caller. Every call is counted here, by export and
//! status, with its time (`pqgate_core::counters`, read through `pq_native_stats`).

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use pqgate_core::counters::{self, Op};
use pqgate_core::{PqResult, Status};

/// Largest input the boundary accepts (64 MiB): bounds the work one call can demand.
pub const MAX_INPUT_LEN: u32 = 64 << 20;

/// Runs the body of export `op`: maps `Ok` to `0`, errors to their negative code and a panic
/// to [`Status::Panic`], so no panic ever crosses into the host runtime; counts the call
/// under `op` and its status, with the time it took ([`crate::clock`], coarse monotonic).
pub fn call(op: Op, body: impl FnOnce() -> PqResult<()>) -> i32 {
    install_panic_hook();
    let _inside = InsideBoundary::enter();
    let start = crate::clock::now_ns();
    let status = match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => Status::Ok,
        Ok(Err(status)) => status,
        Err(_) => Status::Panic,
    };
    counters::record(op, status, crate::clock::now_ns().wrapping_sub(start));
    status.code()
}

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Marks the current thread as running an export, so the panic hook knows the panic
/// started in pqgate code (whose payload could carry key bytes) and not in the host's.
struct InsideBoundary;

impl InsideBoundary {
    fn enter() -> Self {
        DEPTH.with(|d| d.set(d.get().saturating_add(1)));
        Self
    }
}

impl Drop for InsideBoundary {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Panics inside an export print no payload (it could carry bytes of a key into a log);
/// panics elsewhere (a Rust test harness linking the rlib) keep the previous hook.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                eprintln!("pqgate: internal panic caught at the C boundary (payload withheld)");
            } else {
                previous(info);
            }
        }));
    });
}

/// A caller's input buffer.
///
/// # Safety
/// When `len > 0` and `ptr` is non-NULL, `ptr` must be valid for reads of `len` bytes for
/// the duration of the call and not be written concurrently.
///
/// # Errors
/// [`Status::NullPointer`], [`Status::InputTooLarge`].
pub unsafe fn input<'a>(ptr: *const u8, len: u32) -> PqResult<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Status::NullPointer);
    }
    if len > MAX_INPUT_LEN {
        return Err(Status::InputTooLarge);
    }
    // SAFETY: non-NULL, non-zero length, and the caller guarantees `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len as usize) })
}

/// An optional input: `(any pointer, 0)` is `None`.
///
/// # Safety
/// As [`input`].
///
/// # Errors
/// As [`input`].
pub unsafe fn optional_input<'a>(ptr: *const u8, len: u32) -> PqResult<Option<&'a [u8]>> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { input(ptr, len) }?;
    Ok((!bytes.is_empty()).then_some(bytes))
}

/// A caller's output buffer `(out, out_cap, out_len)`, validated before any work is done.
pub struct Output {
    ptr: *mut u8,
    cap: u32,
    len: *mut u32,
}

impl Output {
    /// Validates the pointers; `(NULL, 0)` is allowed and asks for the required size.
    ///
    /// # Safety
    /// `len` must be valid for a `u32` write; when `cap > 0`, `ptr` must be valid for writes
    /// of `cap` bytes. Both for the duration of the call.
    ///
    /// # Errors
    /// [`Status::NullPointer`].
    pub unsafe fn new(ptr: *mut u8, cap: u32, len: *mut u32) -> PqResult<Self> {
        if len.is_null() || (ptr.is_null() && cap > 0) {
            return Err(Status::NullPointer);
        }
        Ok(Self { ptr, cap, len })
    }

    /// Whether `bytes` fits; if not, reports the required size and returns `BufferTooSmall`.
    fn reserve(&self, needed: usize) -> PqResult<u32> {
        let needed = u32::try_from(needed).map_err(|_| Status::Internal)?;
        if needed > self.cap {
            // SAFETY: `len` was checked non-NULL in `new`; unaligned in case the caller's
            // buffer is a byte view.
            unsafe { self.len.write_unaligned(needed) };
            return Err(Status::BufferTooSmall);
        }
        Ok(needed)
    }

    /// Fails with `BufferTooSmall` (reporting `needed`) unless the buffer holds `needed`
    /// bytes: for outputs whose exact size is known only after an irreversible step.
    ///
    /// # Errors
    /// [`Status::BufferTooSmall`].
    pub fn require(&self, needed: u32) -> PqResult<()> {
        self.reserve(needed as usize).map(drop)
    }

    /// Copies `bytes` out and sets `*out_len`.
    ///
    /// # Errors
    /// [`Status::BufferTooSmall`] (with the required size reported).
    pub fn write(self, bytes: &[u8]) -> PqResult<()> {
        write_all([(self, bytes)])
    }

    /// An output of known size `needed` written straight into the caller's buffer: `fill`
    /// gets its first `needed` bytes, then `*out_len` is set. Only when the buffer holds
    /// `needed` bytes and overlaps none of `inputs` (a caller may alias input and output, which
    /// a `&mut` slice must not); otherwise `copied` runs instead and writes through
    /// [`Output::write`] as every other export does, with its validation order, size reports
    /// and memmove semantics. `needed` is `None` when the inputs already fail validation.
    ///
    /// # Errors
    /// `fill`'s or `copied`'s.
    pub fn write_in_place_or(
        self,
        needed: Option<usize>,
        inputs: &[&[u8]],
        fill: impl FnOnce(&mut [u8]) -> PqResult<()>,
        copied: impl FnOnce(Self) -> PqResult<()>,
    ) -> PqResult<()> {
        let Some(needed) = needed.filter(|&n| n > 0 && n <= self.cap as usize && !self.overlaps(n, inputs)) else {
            return copied(self);
        };
        let len = u32::try_from(needed).map_err(|_| Status::Internal)?;
        // SAFETY: `needed <= cap` and `needed > 0`, so `ptr` is non-NULL (`new`) and valid for
        // `needed` writes for the duration of the call; no input slice overlaps it, so this is
        // the only live reference to those bytes.
        let buffer = unsafe { std::slice::from_raw_parts_mut(self.ptr, needed) };
        fill(buffer)?;
        // SAFETY: checked non-NULL in `Output::new`.
        unsafe { self.len.write_unaligned(len) };
        Ok(())
    }

    /// Whether the first `needed` bytes of the buffer share an address with any of `inputs`.
    fn overlaps(&self, needed: usize, inputs: &[&[u8]]) -> bool {
        let start = self.ptr as usize;
        let end = start.saturating_add(needed);
        inputs.iter().any(|input| {
            let (from, to) = (input.as_ptr() as usize, (input.as_ptr() as usize).saturating_add(input.len()));
            !input.is_empty() && from < end && start < to
        })
    }
}

/// Writes several outputs, all or none: every buffer is checked before the first byte is
/// written, so a too-small second buffer leaves the first untouched.
///
/// # Errors
/// [`Status::BufferTooSmall`], reporting the required size of every buffer that is short.
pub fn write_all<const N: usize>(outputs: [(Output, &[u8]); N]) -> PqResult<()> {
    let mut short = false;
    for (out, bytes) in &outputs {
        short |= out.reserve(bytes.len()).is_err();
    }
    if short {
        return Err(Status::BufferTooSmall);
    }
    for (out, bytes) in outputs {
        if !bytes.is_empty() {
            // SAFETY: `reserve` proved `bytes.len() <= cap`, so `ptr` is non-NULL and valid
            // for that many writes. `copy` (memmove) tolerates a caller that aliased input
            // and output; inputs are no longer read at this point.
            unsafe { std::ptr::copy(bytes.as_ptr(), out.ptr, bytes.len()) };
        }
        // SAFETY: checked non-NULL in `Output::new`; the length fits (`reserve`).
        unsafe { out.len.write_unaligned(u32::try_from(bytes.len()).map_err(|_| Status::Internal)?) };
    }
    Ok(())
}

/// A caller's fixed-length output `(out, out_len)`: the export produces exactly `out_len`
/// bytes (HKDF, Argon2id), validated before any work is done and written only on success.
pub struct ExactOutput {
    ptr: *mut u8,
    len: u32,
}

impl ExactOutput {
    /// # Safety
    /// When `len > 0`, `ptr` must be valid for writes of `len` bytes during the call.
    ///
    /// # Errors
    /// [`Status::NullPointer`] for NULL with a non-zero length.
    pub unsafe fn new(ptr: *mut u8, len: u32) -> PqResult<Self> {
        if ptr.is_null() && len > 0 { Err(Status::NullPointer) } else { Ok(Self { ptr, len }) }
    }

    /// The number of bytes the caller asked for.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the caller asked for nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Copies `bytes`, which must be exactly the requested length.
    ///
    /// # Errors
    /// [`Status::Internal`] if the length differs (a bug in the export, never a partial write).
    pub fn write(self, bytes: &[u8]) -> PqResult<()> {
        if bytes.len() != self.len() {
            return Err(Status::Internal);
        }
        if !bytes.is_empty() {
            // SAFETY: `bytes.len() == len > 0`, so `ptr` is non-NULL (checked in `new`) and
            // valid for that many writes per the caller's contract; `copy` tolerates aliasing.
            unsafe { std::ptr::copy(bytes.as_ptr(), self.ptr, bytes.len()) };
        }
        Ok(())
    }
}

/// A caller's scalar out-parameter, validated before any work is done (so an operation
/// that creates a handle never creates one it cannot hand back).
pub struct Scalar<T: Copy>(*mut T);

impl<T: Copy> Scalar<T> {
    /// # Safety
    /// `ptr` must be valid for a write of `T` (alignment not required) during the call.
    ///
    /// # Errors
    /// [`Status::NullPointer`].
    pub unsafe fn new(ptr: *mut T) -> PqResult<Self> {
        if ptr.is_null() { Err(Status::NullPointer) } else { Ok(Self(ptr)) }
    }

    /// Stores the value.
    pub fn set(self, value: T) {
        // SAFETY: non-NULL (checked in `new`) and writable per the caller's contract.
        unsafe { self.0.write_unaligned(value) };
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_does_not_unwind() {
        assert_eq!(call(Op::Hkdf, || panic!("secret bytes must not be printed")), Status::Panic.code());
        assert_eq!(call(Op::Hkdf, || Err(Status::InvalidLength)), Status::InvalidLength.code());
        assert_eq!(call(Op::Hkdf, || Ok(())), 0);
    }

    #[test]
    fn every_call_is_counted_under_its_op_and_status_with_its_time() {
        // Op::ShamirSplit is called by no other unit test of this crate: differences are exact.
        let count = |status| counters::calls(Op::ShamirSplit, status);
        let (ok, bad, panicked, nanos) = (
            count(Status::Ok),
            count(Status::InvalidArgument),
            count(Status::Panic),
            counters::nanoseconds(Op::ShamirSplit),
        );
        call(Op::ShamirSplit, || Ok(()));
        call(Op::ShamirSplit, || Err(Status::InvalidArgument));
        call(Op::ShamirSplit, || {
            // At least one tick of the coarse clock whatever the kernel's HZ (100 to 1000).
            std::thread::sleep(std::time::Duration::from_millis(12));
            Err(Status::InvalidArgument)
        });
        call(Op::ShamirSplit, || panic!("counted too"));
        assert_eq!(count(Status::Ok) - ok, 1);
        assert_eq!(count(Status::InvalidArgument) - bad, 2);
        assert_eq!(count(Status::Panic) - panicked, 1);
        assert!(counters::nanoseconds(Op::ShamirSplit) - nanos >= 10_000_000, "the sleep is timed");
    }
}
