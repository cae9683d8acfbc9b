//! Known-answer tests of pqgate-core against the published vectors: NIST ACVP for
//! ML-KEM (FIPS 203) and ML-DSA (FIPS 204), and the X-Wing draft's vectors.
//!
//! One test target with one module per suite: every integration-test file is linked as
//! its own binary, and with the workspace's LTO release profile each link costs about a
//! minute, so the suites share one binary. Files, origins, the `PQGATE_VECTORS` variable
//! and the groups that cannot run are described in `tests/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../support/mod.rs"]
mod support;

mod ml_dsa_keygen;
mod ml_dsa_siggen;
mod ml_dsa_sigver;
mod ml_kem;
mod x_wing;
