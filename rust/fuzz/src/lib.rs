//! Shared driving code for the libFuzzer targets in `fuzz_targets/`: every target calls the
//! `extern "C"` exports exactly as the TypeScript binding does (raw pointers, lengths as
//! `u32`, caller-allocated buffers) and checks the ABI contract on every return.
#![allow(clippy::missing_safety_doc)]

pub mod abi;
pub mod calls;
pub mod env;
pub mod reader;
pub mod sequence;
