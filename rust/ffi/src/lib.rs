//! The pqgate C ABI: opaque `u64` key handles and caller-owned buffers over `pqgate-core`.
//!
//! This crate is the only place with `unsafe` code, and all of it is pointer handling in
//! [`boundary`]. Every export has the shape
//! `int32_t pq_<noun>_<verb>(..., uint8_t *out, uint32_t out_cap, uint32_t *out_len)`,
//! returns `0` or a negative stable status (see `PqStatus` in `include/pqgate.h`), writes
//! outputs only on success, and never hands out memory the caller must free.
//! Private key bytes never leave through this ABI.

pub mod boundary;
pub mod kem;
pub mod keys;
pub mod keystore;
pub mod meta;
pub mod primitives;
pub mod signature;
pub mod sync;

pub use boundary::MAX_INPUT_LEN;
