//! A SoftHSM2 token per test, for the PKCS#11 keystore tests.
//!
//! All tests of a binary share one token directory (one `SOFTHSM2_CONF`, set once); each test
//! initialises its own token with `softhsm2-util` and deletes it when the fixture drops.
//!
//! SoftHSM reads the token directory at `C_Initialize` and does not see a token that
//! `softhsm2-util` creates while the module is initialised in this process. The keystore
//! finalises the module when its last keystore is dropped, so the tests run one at a time: the
//! fixture holds a process-wide lock, and a test drops its keystores before its fixture.
#![allow(dead_code)]

use pqgate_core::keystore::pkcs11::Pkcs11Config;
use pqgate_core::secret::SecretBytes;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::{env, fs, process};

/// The SoftHSM2 module (Debian package softhsm2).
pub const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
/// The user PIN of every test token.
pub const USER_PIN: &str = "1234";
const SO_PIN: &str = "5678";
const DIR_PREFIX: &str = "pqgate-softhsm-";

static SERIAL: Mutex<()> = Mutex::new(());
static DIR: OnceLock<PathBuf> = OnceLock::new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A freshly initialised token; deleted on drop.
pub struct SoftHsm {
    label: String,
    deleted: bool,
    _serial: MutexGuard<'static, ()>,
}

impl SoftHsm {
    /// Initialises a new token with a unique label (waiting for the running test to finish).
    pub fn new() -> Self {
        // A failed test poisons the lock; the next test is still independent of it.
        let serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
        DIR.get_or_init(setup);
        let label = format!("pqgate-{}-{}", process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let out = util(&["--init-token", "--free", "--label", &label, "--pin", USER_PIN, "--so-pin", SO_PIN]);
        assert!(out.status.success(), "softhsm2-util --init-token failed: {}", String::from_utf8_lossy(&out.stderr));
        Self { label, deleted: false, _serial: serial }
    }

    /// The token label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// A keystore configuration for this token with `pin`.
    pub fn config(&self, pin: &str) -> Pkcs11Config {
        Pkcs11Config {
            module: PathBuf::from(MODULE),
            token_label: self.label.clone(),
            pin: SecretBytes::from_slice(pin.as_bytes()),
        }
    }

    /// The shared directory (holds `softhsm2.conf` and `tokens/`).
    pub fn dir(&self) -> &'static Path {
        DIR.get().map_or(Path::new("/nonexistent"), PathBuf::as_path)
    }
}

impl Drop for SoftHsm {
    fn drop(&mut self) {
        if !self.deleted {
            self.delete_token();
        }
    }
}

impl SoftHsm {
    /// Deletes the token now (as if it were removed); the fixture still holds the test lock.
    pub fn delete_token(&mut self) {
        self.deleted = true;
        let out = util(&["--delete-token", "--token", &self.label]);
        if !out.status.success() {
            eprintln!("softhsm2-util --delete-token {}: {}", self.label, String::from_utf8_lossy(&out.stderr));
        }
    }
}

/// Runs `softhsm2-util`; a missing tool fails the test (it must not pass by skipping).
fn util(args: &[&str]) -> Output {
    match Command::new("softhsm2-util").args(args).output() {
        Ok(out) => out,
        Err(err) => panic!("cannot run softhsm2-util ({err}): install the Debian package softhsm2"),
    }
}

/// Creates this process's token directory and points `SOFTHSM2_CONF` at it.
fn setup() -> PathBuf {
    assert!(Path::new(MODULE).exists(), "{MODULE} not found: install the Debian package softhsm2");
    sweep_stale();
    let dir = env::temp_dir().join(format!("{DIR_PREFIX}{}", process::id()));
    let _ = fs::remove_dir_all(&dir);
    let tokens = dir.join("tokens");
    fs::create_dir_all(&tokens).unwrap();
    let conf = dir.join("softhsm2.conf");
    let text = format!("directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n", tokens.display());
    fs::write(&conf, text).unwrap();
    // SAFETY: the caller holds SERIAL, which every test takes before anything else, so no other
    // thread of this process is in PKCS#11 code (the only code reading the environment
    // outside std, whose own readers take the lock `set_var` takes).
    unsafe { env::set_var("SOFTHSM2_CONF", &conf) };
    dir
}

/// Removes the directories of earlier test processes that are gone (the last fixture of a
/// process cannot know it is the last, so each run cleans up after the previous ones).
fn sweep_stale() {
    let Ok(entries) = fs::read_dir(env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else { continue };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
