//! The pqgate C ABI: opaque `u64` key handles and caller-owned buffers over `pqgate-core`.
//!
//! This crate is the only place with `unsafe` code (docs/ARCHITECTURE.md, "The C ABI").
//! Raw pointers become slices and output writers only in [`boundary`]; the export modules
//! are `unsafe extern "C"` functions whose `unsafe` blocks only forward the caller's pointer
//! contract to those constructors, each under a `// SAFETY:` comment. The one other `unsafe`
//! call is `clock`'s read of the coarse monotonic clock, which times calls for the counters. Every export has the shape
//! `int32_t pq_<noun>_<verb>(..., uint8_t *out, uint32_t out_cap, uint32_t *out_len)`,
//! returns `0` or a negative stable status (see `PqStatus` in `include/pqgate.h`), writes
//! outputs only on success, and never hands out memory the caller must free.
//! Private key bytes never leave through this ABI.

pub mod boundary;
mod clock;
pub mod hpke;
pub mod kem;
pub mod keys;
pub mod keystore;
pub mod meta;
pub mod primitives;
pub mod signature;
pub mod symmetric;
pub mod sync;

pub use boundary::MAX_INPUT_LEN;
