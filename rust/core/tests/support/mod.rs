//! Shared helpers for the vector suites: where the vectors are, how their JSON reads,
//! and how each suite counts what it ran.
//!
//! Lives outside `tests/vectors/` so that other integration tests can include it too
//! (`#[path = "../support/mod.rs"] mod support;`); each user needs only part of it.
#![allow(dead_code)]

pub mod acvp;
pub mod ml_dsa;
pub mod tally;

use pqgate_core::algorithm::{Algorithm, HashAlgorithm};
use serde::{Deserialize, Deserializer};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The one environment variable naming the vectors folder.
pub const VECTORS_ENV: &str = "PQGATE_VECTORS";

/// The repository root (`rust/core/../..`); the default vectors folder and relative
/// `PQGATE_VECTORS` values are resolved against it, so the answer does not depend on the
/// directory cargo runs the test binary from.
fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Drops `.` and folds `dir/..` so that messages show a readable path (lexically: the
/// folder may not exist, so it cannot be canonicalized).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `$PQGATE_VECTORS`, or `<repo>/../shared/vectors` when it is unset or empty.
pub fn vectors_root() -> PathBuf {
    match std::env::var_os(VECTORS_ENV) {
        Some(dir) if !dir.is_empty() => repo_root().join(dir),
        _ => repo_root().join("../shared/vectors"),
    }
}

/// The folder of one suite (`relative` inside the vectors root).
///
/// A missing folder fails the test under `CI=true`, so CI can never pass by skipping.
/// Elsewhere it prints `SKIPPED vector suite <suite>: …` and returns `None`.
pub fn suite_dir(suite: &str, relative: &str) -> Option<PathBuf> {
    let dir = vectors_root().join(relative);
    let shown = dir.canonicalize().unwrap_or_else(|_| tidy(&dir));
    if dir.is_dir() {
        return Some(shown);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "vector suite {suite}: folder not found at {} (CI=true, so this fails; set {VECTORS_ENV})",
        shown.display()
    );
    report(format_args!("SKIPPED vector suite {suite}: folder not found at {} (set {VECTORS_ENV})", shown.display()));
    None
}

/// Prints one line to stderr even while the test harness captures output.
///
/// `eprintln!` goes through libtest's capture and is shown only for failing tests, but a
/// skipped suite or a suite's case count must be visible on every run, so this writes to
/// the stderr handle directly.
pub fn report(line: std::fmt::Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    // A closed stderr must not fail a vector test; the assertions carry the verdict.
    let _ = writeln!(stderr, "{line}");
}

/// Reads and parses one JSON file; a missing or malformed file inside a present folder
/// is a broken vector set and fails the test.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

/// Bytes given as hex in the vector files (ACVP upper case, X-Wing lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hex(pub Vec<u8>);

impl<'de> Deserialize<'de> for Hex {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        hex::decode(&text).map(Hex).map_err(serde::de::Error::custom)
    }
}

impl std::ops::Deref for Hex {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// `Ok` if `actual == expected`; otherwise a short message naming where they differ
/// (dumping kilobytes of hex helps nobody).
pub fn same_bytes(what: &str, actual: &[u8], expected: &[u8]) -> Result<(), String> {
    if actual == expected {
        return Ok(());
    }
    let at = actual.iter().zip(expected).position(|(a, e)| a != e).unwrap_or(actual.len().min(expected.len()));
    let window = |bytes: &[u8]| hex::encode(bytes.get(at..bytes.len().min(at + 8)).unwrap_or_default());
    Err(format!(
        "{what} differs: length {} vs expected {}, first difference at byte {at} ({}… vs {}…)",
        actual.len(),
        expected.len(),
        window(actual),
        window(expected)
    ))
}

/// The pqgate algorithm for an ACVP `parameterSet`.
pub fn parameter_set(name: &str) -> Algorithm {
    match name {
        "ML-KEM-512" => Algorithm::MlKem512,
        "ML-KEM-768" => Algorithm::MlKem768,
        "ML-KEM-1024" => Algorithm::MlKem1024,
        "ML-DSA-44" => Algorithm::MlDsa44,
        "ML-DSA-65" => Algorithm::MlDsa65,
        "ML-DSA-87" => Algorithm::MlDsa87,
        other => panic!("unknown ACVP parameterSet {other:?}"),
    }
}

/// The pqgate hash for an ACVP `hashAlg` (HashML-DSA pre-hash, FIPS 204 §5.4).
pub fn hash_algorithm(name: &str) -> HashAlgorithm {
    match name {
        "SHA2-224" => HashAlgorithm::Sha224,
        "SHA2-256" => HashAlgorithm::Sha256,
        "SHA2-384" => HashAlgorithm::Sha384,
        "SHA2-512" => HashAlgorithm::Sha512,
        "SHA2-512/224" => HashAlgorithm::Sha512_224,
        "SHA2-512/256" => HashAlgorithm::Sha512_256,
        "SHA3-224" => HashAlgorithm::Sha3_224,
        "SHA3-256" => HashAlgorithm::Sha3_256,
        "SHA3-384" => HashAlgorithm::Sha3_384,
        "SHA3-512" => HashAlgorithm::Sha3_512,
        "SHAKE-128" => HashAlgorithm::Shake128,
        "SHAKE-256" => HashAlgorithm::Shake256,
        other => panic!("unknown ACVP hashAlg {other:?}"),
    }
}
