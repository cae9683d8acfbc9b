//! Stable status codes shared by the core and the C ABI.
//!
//! Numbers are part of the ABI: never renumber, only append. Ranges group the
//! cause so callers can map them without a table (e.g. HTTP 4xx vs 5xx):
//! argument `-1..=-99`, handle `-100..=-199`, crypto `-200..=-299`,
//! keystore `-300..=-399`, recovery (secret sharing) `-400..=-499`, internal `-900..=-999`.

use core::fmt;

/// Outcome of every core operation and every exported C function.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A pointer was NULL while its length was non-zero.
    NullPointer = -1,
    /// A key, ciphertext, signature, seed, nonce or digest has the wrong length.
    InvalidLength = -2,
    /// The output buffer is too small; the required size was written to `*out_len`.
    BufferTooSmall = -3,
    /// The algorithm identifier is unknown.
    UnknownAlgorithm = -4,
    /// An ML-DSA context string is longer than 255 bytes (FIPS 204 §5.2).
    ContextTooLong = -5,
    /// An argument is outside its documented domain.
    InvalidArgument = -6,
    /// The key's algorithm does not support this operation.
    UnsupportedOperation = -7,
    /// An input is larger than the boundary accepts (`MAX_INPUT_LEN`).
    InputTooLarge = -8,
    /// The handle was never issued by this library (forged or corrupted).
    InvalidHandle = -100,
    /// The handle was freed (stale or double free).
    StaleHandle = -101,
    /// The handle refers to a different kind of object than the operation needs.
    WrongHandleKind = -102,
    /// Too many live handles.
    HandleTableFull = -103,
    /// The signature does not verify.
    VerificationFailed = -200,
    /// AEAD authentication failed: wrong key, nonce, associated data, or tampered data.
    DecryptionFailed = -201,
    /// Key material failed validation (FIPS 203 §7.2/§7.3 checks, non-canonical encodings).
    InvalidKey = -202,
    /// A freshly generated key failed its pairwise-consistency check.
    PairwiseConsistencyFailed = -203,
    /// The operating system's random number generator failed.
    RandomnessUnavailable = -204,
    /// A power-on self-test failed; the library refuses all cryptographic operations.
    SelfTestFailed = -205,
    /// X25519 produced the all-zero shared secret (low-order peer point, RFC 7748 §6.1).
    NonContributory = -206,
    /// Signing failed inside the algorithm (not expected for valid keys).
    SigningFailed = -207,
    /// The keystore device (TPM, token, key file) cannot be reached right now; retry later.
    KeystoreUnavailable = -300,
    /// The keystore configuration is invalid (missing module or token, insecure key file).
    KeystoreConfig = -301,
    /// The keystore refused the credentials (PIN or passphrase).
    KeystoreAuthFailed = -302,
    /// The root key an envelope names is not in the keystore (retired, or another keystore).
    RootKeyNotFound = -303,
    /// A wrapped key is not a well-formed envelope (truncated, unknown format version).
    EnvelopeMalformed = -304,
    /// A wrapped key failed authentication: tampered, or bound to another key, version,
    /// algorithm or owner.
    UnwrapFailed = -305,
    /// The current root key cannot be retired.
    RootKeyInUse = -306,
    /// The keystore device rejected an operation.
    KeystoreDeviceError = -307,
    /// Fewer shares than the split's threshold were given.
    SharesInsufficient = -400,
    /// The shares come from different splits (set id, threshold or length differ) or repeat an index.
    SharesInconsistent = -401,
    /// The shares combined to a secret whose checksum does not match: at least one share is corrupted.
    ShareCorrupt = -402,
    /// A share is not a well-formed v1 share (length, version, threshold or index out of range).
    ShareMalformed = -403,
    /// A Rust panic was caught at the boundary; the operation had no effect.
    Panic = -900,
    /// An internal invariant was violated.
    Internal = -901,
}

impl Status {
    /// Every status, in numeric order; used by the message table and its tests.
    pub const ALL: [Status; 35] = [
        Status::Internal,
        Status::Panic,
        Status::ShareMalformed,
        Status::ShareCorrupt,
        Status::SharesInconsistent,
        Status::SharesInsufficient,
        Status::KeystoreDeviceError,
        Status::RootKeyInUse,
        Status::UnwrapFailed,
        Status::EnvelopeMalformed,
        Status::RootKeyNotFound,
        Status::KeystoreAuthFailed,
        Status::KeystoreConfig,
        Status::KeystoreUnavailable,
        Status::SigningFailed,
        Status::NonContributory,
        Status::SelfTestFailed,
        Status::RandomnessUnavailable,
        Status::PairwiseConsistencyFailed,
        Status::InvalidKey,
        Status::DecryptionFailed,
        Status::VerificationFailed,
        Status::HandleTableFull,
        Status::WrongHandleKind,
        Status::StaleHandle,
        Status::InvalidHandle,
        Status::InputTooLarge,
        Status::UnsupportedOperation,
        Status::InvalidArgument,
        Status::ContextTooLong,
        Status::UnknownAlgorithm,
        Status::BufferTooSmall,
        Status::InvalidLength,
        Status::NullPointer,
        Status::Ok,
    ];

    /// The stable numeric code.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// The status for a numeric code, if it is one.
    pub fn from_code(code: i32) -> Option<Status> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// A short, stable, secret-free English message.
    pub const fn message(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NullPointer => "null pointer with non-zero length",
            Status::InvalidLength => "input has the wrong length for this algorithm",
            Status::BufferTooSmall => "output buffer too small; required size written to out_len",
            Status::UnknownAlgorithm => "unknown algorithm identifier",
            Status::ContextTooLong => "context string longer than 255 bytes",
            Status::InvalidArgument => "invalid argument",
            Status::UnsupportedOperation => "operation not supported for this key's algorithm",
            Status::InputTooLarge => "input larger than the boundary accepts",
            Status::InvalidHandle => "handle was never issued (forged or corrupted)",
            Status::StaleHandle => "handle was already freed",
            Status::WrongHandleKind => "handle refers to the wrong kind of object",
            Status::HandleTableFull => "too many live handles",
            Status::VerificationFailed => "signature verification failed",
            Status::DecryptionFailed => "authenticated decryption failed",
            Status::InvalidKey => "key material failed validation",
            Status::PairwiseConsistencyFailed => "pairwise consistency check failed",
            Status::RandomnessUnavailable => "operating system randomness unavailable",
            Status::SelfTestFailed => "power-on self-test failed; library disabled",
            Status::NonContributory => "key agreement produced a non-contributory result",
            Status::SigningFailed => "signing failed",
            Status::KeystoreUnavailable => "keystore unavailable; retry later",
            Status::KeystoreConfig => "invalid keystore configuration",
            Status::KeystoreAuthFailed => "keystore refused the credentials",
            Status::RootKeyNotFound => "root key not found in this keystore",
            Status::EnvelopeMalformed => "wrapped key is malformed",
            Status::UnwrapFailed => "wrapped key failed authentication (tampered or bound to another key)",
            Status::RootKeyInUse => "the current root key cannot be retired",
            Status::KeystoreDeviceError => "keystore device rejected the operation",
            Status::SharesInsufficient => "fewer shares than the threshold",
            Status::SharesInconsistent => "shares belong to different splits or repeat an index",
            Status::ShareCorrupt => "recovered secret failed its checksum: a share is corrupted",
            Status::ShareMalformed => "share is malformed",
            Status::Panic => "internal panic caught at the boundary",
            Status::Internal => "internal error",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(), self.code())
    }
}

impl std::error::Error for Status {}

/// Result type of the core: errors are always a [`Status`].
pub type PqResult<T> = Result<T, Status>;
