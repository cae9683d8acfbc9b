//! Process-wide fixtures: one software keystore in a fresh temporary directory (key-file
//! mode: no Argon2id per open, so iterations stay fast). `scripts/fuzz.sh` points `TMPDIR`
//! at a directory it removes afterwards.

use std::path::PathBuf;
use std::sync::OnceLock;

use pqgate::keystore;

use crate::abi::{OK, live_handles};

/// The shared keystore's handle.
pub fn keystore() -> u64 {
    static KEYSTORE: OnceLock<u64> = OnceLock::new();
    *KEYSTORE.get_or_init(|| open_software(&temp_dir("keystore")))
}

/// Live handles once the shared keystore is open: each iteration must end at this count.
pub fn baseline_handles() -> u32 {
    static BASELINE: OnceLock<u32> = OnceLock::new();
    keystore();
    *BASELINE.get_or_init(live_handles)
}

/// A fresh directory under `TMPDIR`, unique to this process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pqgate-fuzz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Opens a key-file software keystore at `dir`.
pub fn open_software(dir: &std::path::Path) -> u64 {
    let dir = dir.as_os_str().as_encoded_bytes();
    let mut handle = 0u64;
    let len = u32::try_from(dir.len()).unwrap_or(0);
    // SAFETY: `dir` valid for `len` reads; an empty passphrase is (dangling, 0); `handle` is a u64.
    let rc = unsafe {
        keystore::pq_keystore_open_software(dir.as_ptr(), len, std::ptr::NonNull::dangling().as_ptr(), 0, &mut handle)
    };
    assert_eq!(rc, OK, "opening the software keystore");
    handle
}
