//! Argument shapes a C caller can pass, and the ABI contract checked after every call:
//! a known status, never `PANIC`, outputs written only on success, `*out_len` holding the
//! required size on `BUFFER_TOO_SMALL`. Output buffers are allocated at exactly their
//! capacity, so a write past `out_cap` is a heap overflow that AddressSanitizer reports.

use std::ptr::{self, NonNull};

use pqgate::meta;

pub const OK: i32 = 0;
pub const BUFFER_TOO_SMALL: i32 = -3;
pub const PANIC: i32 = -900;

/// Every algorithm number (`PqAlgorithm`).
pub const ALGORITHMS: [u32; 15] = [1, 2, 3, 4, 5, 16, 17, 18, 19, 20, 32, 33, 48, 49, 50];
/// Hash numbers accepted by `pq_hash` and the pre-hashed signatures, plus one unknown.
pub const HASHES: [u32; 9] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/// Written into untouched outputs so a write on failure is visible.
const FILL: u8 = 0xA5;
/// Preset in `*out_len`, so an export that leaves it alone is visible.
pub const SENTINEL: u32 = 0xDEAD_BEEF;

/// An input buffer: a slice, NULL with its length (`NULL_POINTER` unless empty), or a
/// dangling non-NULL pointer with length 0 (what Bun passes for an empty array).
pub struct In {
    bytes: Vec<u8>,
    shape: InShape,
}

enum InShape {
    Slice,
    Null,
    Dangling,
}

impl In {
    pub fn new(shape: u8, bytes: Vec<u8>) -> Self {
        let shape = match shape % 16 {
            14 => InShape::Null,
            15 => InShape::Dangling,
            _ => InShape::Slice,
        };
        Self { bytes, shape }
    }

    pub fn slice(bytes: &[u8]) -> Self {
        Self { bytes: bytes.to_vec(), shape: InShape::Slice }
    }

    pub fn ptr(&self) -> *const u8 {
        match self.shape {
            InShape::Slice if !self.bytes.is_empty() => self.bytes.as_ptr(),
            InShape::Slice | InShape::Dangling => NonNull::dangling().as_ptr(),
            InShape::Null => ptr::null(),
        }
    }

    pub fn len(&self) -> u32 {
        match self.shape {
            InShape::Dangling => 0,
            _ => u32::try_from(self.bytes.len()).unwrap_or(0),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A caller-allocated output buffer and its `*out_len`.
pub struct Out {
    buf: Vec<u8>,
    null: bool,
    /// The `out_cap` a NULL buffer claims (which must fail unless 0).
    null_cap: u32,
    pub len: u32,
}

impl Out {
    /// `cap` bytes, all `FILL`.
    pub fn new(cap: usize) -> Self {
        Self { buf: vec![FILL; cap], null: false, null_cap: 0, len: SENTINEL }
    }

    /// Shape 0..=9: 9000 bytes; 10..=12: `cap` bytes; 13: empty; 14: NULL, cap 0; 15: NULL, `cap`.
    pub fn shaped(shape: u8, cap: usize) -> Self {
        match shape % 16 {
            10..=12 => Self::new(cap),
            13 => Self::new(0),
            14 => Self { null: true, ..Self::new(0) },
            15 => Self { null: true, null_cap: u32::try_from(cap).unwrap_or(0), ..Self::new(0) },
            _ => Self::new(9000),
        }
    }

    pub fn ptr(&mut self) -> *mut u8 {
        if self.null { ptr::null_mut() } else { self.buf.as_mut_ptr() }
    }

    /// The capacity passed as `out_cap` (a NULL buffer may claim one, which must fail).
    pub fn cap(&self) -> u32 {
        if self.null {
            return self.null_cap;
        }
        u32::try_from(self.buf.len()).unwrap_or(0)
    }

    /// Call arguments `(out, out_cap, out_len)`: resets `*out_len` to the sentinel first.
    pub fn args(&mut self) -> (*mut u8, u32, *mut u32) {
        let cap = self.cap();
        self.len = SENTINEL;
        (self.ptr(), cap, &mut self.len)
    }

    /// The written bytes after a successful call.
    pub fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len as usize).unwrap_or(&[])
    }

    fn untouched(&self) -> bool {
        self.buf.iter().all(|b| *b == FILL)
    }
}

/// Checks one call's status and outputs against the ABI contract; panics (a libFuzzer
/// crash) on a violation.
pub fn check(op: &str, rc: i32, outs: &[&Out]) -> i32 {
    assert_ne!(rc, PANIC, "{op}: a panic reached the boundary");
    assert!(rc <= 0 && known_status(rc), "{op}: unknown status {rc}");
    for out in outs {
        match rc {
            // An export that does not use this buffer leaves it alone.
            OK => assert!(out.len == SENTINEL || out.len <= out.cap(), "{op}: out_len {} > cap {}", out.len, out.cap()),
            BUFFER_TOO_SMALL => assert!(out.untouched(), "{op}: wrote into a buffer it called too small"),
            _ => assert!(out.len == SENTINEL && out.untouched(), "{op}: wrote an output on failure {rc}"),
        }
    }
    if rc == BUFFER_TOO_SMALL {
        let reported = outs.iter().any(|o| o.len != SENTINEL && o.len > o.cap());
        assert!(reported, "{op}: BUFFER_TOO_SMALL without a larger required size");
    }
    rc
}

/// Checks a call whose only outputs are scalars (`*handle`, `*kind`, ...).
pub fn check_scalar(op: &str, rc: i32) -> i32 {
    check(op, rc, &[])
}

fn known_status(code: i32) -> bool {
    let mut out = [0u8; 256];
    let mut len = 0u32;
    // SAFETY: `out` holds 256 bytes; `len` is a valid u32.
    code == OK || unsafe { meta::pq_status_message(code, out.as_mut_ptr(), 256, &mut len) } == OK
}

/// Live handles right now (keys and keystores).
pub fn live_handles() -> u32 {
    let mut count = 0u32;
    // SAFETY: `count` is a valid u32.
    assert_eq!(unsafe { meta::pq_live_handle_count(&mut count) }, OK);
    count
}
