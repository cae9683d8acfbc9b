//! pqgate-core: the cryptographic core of pqgate, in safe Rust.
//!
//! Private keys live in [`handles`], addressed by opaque `u64` handles; [`api`] is the
//! operation set the C ABI (`pqgate-ffi`) exports one-to-one. Primitives come from
//! libcrux (ML-KEM, ML-DSA), RustCrypto (X-Wing, AEAD, HKDF, SHA-2/3, Argon2) and dalek
//! (X25519, Ed25519); this crate composes and guards them. The one exception is GF(2^8)
//! arithmetic for Shamir sharing ([`gf256`]), for lack of a maintained constant-time crate.
//!
//! The core knows no C types, with one deliberate exception: the numbered vocabulary of the
//! ABI ([`Status`], [`algorithm::Algorithm`], [`algorithm::HashAlgorithm`],
//! [`algorithm::AeadAlgorithm`], [`key::KeyKind`], [`keystore::Backend`], [`keystore::Protection`],
//! [`counters::Op`])
//! is declared here with `#[repr]` and stable discriminants, because these enums *are* the
//! core's own vocabulary; `pqgate-ffi`'s cbindgen emits them into the header as they are.
//! A second copy in the ffi crate would be one more table to keep in step
//! (docs/ARCHITECTURE.md, "The C ABI").
#![forbid(unsafe_code)]

pub mod aead;
pub mod algorithm;
pub mod api;
pub mod counters;
pub mod digest;
pub mod ecdsa_p256;
pub mod ed25519;
pub mod gf256;
pub mod handles;
pub mod hex;
pub mod hpke;
pub mod kdf;
pub mod kem;
pub mod key;
pub mod keystore;
pub mod mac;
pub mod ml_dsa;
pub mod ml_dsa_mu;
pub mod ml_kem;
pub mod password;
pub mod rng;
pub mod sealed_box;
pub mod secret;
pub mod self_test;
pub mod shamir;
pub mod signature;
pub mod status;
pub mod x25519;
pub mod x_wing;

pub use status::{PqResult, Status};

/// Version of the C ABI; bumped on any incompatible change to an export.
pub const ABI_VERSION: u32 = 1;
