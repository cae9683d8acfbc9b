//! Operation counters of the C ABI: per export, calls by status and cumulative time.
//!
//! [`Op`] numbers the exports (numbers are part of the ABI: never renumber, only append).
//! The counters are one dense matrix of relaxed [`AtomicU64`]s, `[op][status]`, plus one
//! nanosecond sum per op: recording a call is two relaxed `fetch_add`s and takes no lock.
//! Relaxed ordering is enough because every counter is read on its own (a reader may see a
//! call counted before its time is added, never a counter going backwards). `pq_native_stats`
//! copies them out in the layout documented on that export.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::Status;

/// An export of the C ABI, as its counters name it. Numbers are part of the ABI
/// (`pq_native_stats`); the name is the export's without `pq_` (`SigSign` is `pq_sig_sign`).
/// `pq_abi_version` is not counted: it returns a constant without entering the boundary.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `pq_status_message`.
    StatusMessage = 1,
    /// `pq_self_test`.
    SelfTest = 2,
    /// `pq_algorithm_sizes`.
    AlgorithmSizes = 3,
    /// `pq_live_handle_count`.
    LiveHandleCount = 4,
    /// `pq_native_stats`.
    NativeStats = 5,
    /// `pq_key_generate`.
    KeyGenerate = 6,
    /// `pq_key_from_seed`.
    KeyFromSeed = 7,
    /// `pq_key_import_private`.
    KeyImportPrivate = 8,
    /// `pq_key_import_public`.
    KeyImportPublic = 9,
    /// `pq_key_export_public`.
    KeyExportPublic = 10,
    /// `pq_key_info`.
    KeyInfo = 11,
    /// `pq_key_free`.
    KeyFree = 12,
    /// `pq_kem_encapsulate`.
    KemEncapsulate = 13,
    /// `pq_kem_encapsulate_deterministic`.
    KemEncapsulateDeterministic = 14,
    /// `pq_kem_decapsulate`.
    KemDecapsulate = 15,
    /// `pq_x25519_agree`.
    X25519Agree = 16,
    /// `pq_sig_sign`.
    SigSign = 17,
    /// `pq_sig_sign_prehashed`.
    SigSignPrehashed = 18,
    /// `pq_sig_sign_internal`.
    SigSignInternal = 19,
    /// `pq_sig_verify`.
    SigVerify = 20,
    /// `pq_sig_verify_prehashed`.
    SigVerifyPrehashed = 21,
    /// `pq_sig_verify_internal`.
    SigVerifyInternal = 22,
    /// `pq_hash`.
    Hash = 23,
    /// `pq_hkdf`.
    Hkdf = 24,
    /// `pq_aead_seal`.
    AeadSeal = 25,
    /// `pq_aead_open`.
    AeadOpen = 26,
    /// `pq_random_bytes`.
    RandomBytes = 27,
    /// `pq_keystore_open_software`.
    KeystoreOpenSoftware = 28,
    /// `pq_keystore_open_pkcs11`.
    KeystoreOpenPkcs11 = 29,
    /// `pq_keystore_open_tpm`.
    KeystoreOpenTpm = 30,
    /// `pq_keystore_close`.
    KeystoreClose = 31,
    /// `pq_keystore_info`.
    KeystoreInfo = 32,
    /// `pq_keystore_ping`.
    KeystorePing = 33,
    /// `pq_keystore_root_current`.
    KeystoreRootCurrent = 34,
    /// `pq_keystore_root_rotate`.
    KeystoreRootRotate = 35,
    /// `pq_keystore_root_retire`.
    KeystoreRootRetire = 36,
    /// `pq_keystore_roots`.
    KeystoreRoots = 37,
    /// `pq_key_wrap`.
    KeyWrap = 38,
    /// `pq_key_unwrap`.
    KeyUnwrap = 39,
    /// `pq_key_rewrap`.
    KeyRewrap = 40,
    /// `pq_native_key_generate`.
    NativeKeyGenerate = 41,
    /// `pq_native_key_load`.
    NativeKeyLoad = 42,
    /// `pq_native_key_destroy`.
    NativeKeyDestroy = 43,
    /// `pq_envelope_root_id`.
    EnvelopeRootId = 44,
    /// `pq_seal`.
    Seal = 45,
    /// `pq_seal_open`.
    SealOpen = 46,
    /// `pq_seal_private_key`.
    SealPrivateKey = 47,
    /// `pq_shamir_split`.
    ShamirSplit = 48,
    /// `pq_shamir_combine`.
    ShamirCombine = 49,
    /// `pq_password_derive`.
    PasswordDerive = 50,
    /// `pq_sym_encrypt`.
    SymEncrypt = 51,
    /// `pq_sym_decrypt`.
    SymDecrypt = 52,
    /// `pq_mac_compute`.
    MacCompute = 53,
    /// `pq_mac_verify`.
    MacVerify = 54,
    /// `pq_sig_sign_mu`.
    SigSignMu = 55,
    /// `pq_sig_verify_mu`.
    SigVerifyMu = 56,
    /// `pq_hpke_seal`.
    HpkeSeal = 57,
    /// `pq_hpke_open`.
    HpkeOpen = 58,
    /// `pq_hpke_open_key`.
    HpkeOpenKey = 59,
    /// `pq_keystore_open_tpm_fleet`.
    KeystoreOpenTpmFleet = 60,
    /// `pq_keystore_fleet`.
    KeystoreFleet = 61,
}

/// Number of counted exports.
const OPS: usize = 61;
/// Number of statuses, one counter column each.
const STATUSES: usize = Status::ALL.len();

impl Op {
    /// Every op, in numeric order (`1..=OPS`, no gaps: the op's row is `number - 1`).
    pub const ALL: [Op; OPS] = [
        Op::StatusMessage,
        Op::SelfTest,
        Op::AlgorithmSizes,
        Op::LiveHandleCount,
        Op::NativeStats,
        Op::KeyGenerate,
        Op::KeyFromSeed,
        Op::KeyImportPrivate,
        Op::KeyImportPublic,
        Op::KeyExportPublic,
        Op::KeyInfo,
        Op::KeyFree,
        Op::KemEncapsulate,
        Op::KemEncapsulateDeterministic,
        Op::KemDecapsulate,
        Op::X25519Agree,
        Op::SigSign,
        Op::SigSignPrehashed,
        Op::SigSignInternal,
        Op::SigVerify,
        Op::SigVerifyPrehashed,
        Op::SigVerifyInternal,
        Op::Hash,
        Op::Hkdf,
        Op::AeadSeal,
        Op::AeadOpen,
        Op::RandomBytes,
        Op::KeystoreOpenSoftware,
        Op::KeystoreOpenPkcs11,
        Op::KeystoreOpenTpm,
        Op::KeystoreClose,
        Op::KeystoreInfo,
        Op::KeystorePing,
        Op::KeystoreRootCurrent,
        Op::KeystoreRootRotate,
        Op::KeystoreRootRetire,
        Op::KeystoreRoots,
        Op::KeyWrap,
        Op::KeyUnwrap,
        Op::KeyRewrap,
        Op::NativeKeyGenerate,
        Op::NativeKeyLoad,
        Op::NativeKeyDestroy,
        Op::EnvelopeRootId,
        Op::Seal,
        Op::SealOpen,
        Op::SealPrivateKey,
        Op::ShamirSplit,
        Op::ShamirCombine,
        Op::PasswordDerive,
        Op::SymEncrypt,
        Op::SymDecrypt,
        Op::MacCompute,
        Op::MacVerify,
        Op::SigSignMu,
        Op::SigVerifyMu,
        Op::HpkeSeal,
        Op::HpkeOpen,
        Op::HpkeOpenKey,
        Op::KeystoreOpenTpmFleet,
        Op::KeystoreFleet,
    ];

    /// The stable number.
    pub const fn number(self) -> u32 {
        self as u32
    }

    const fn row(self) -> usize {
        self as usize - 1
    }
}

/// The column of `status`: its position in [`Status::ALL`] (`Ok` is the last).
fn column(status: Status) -> usize {
    if status == Status::Ok {
        return STATUSES - 1;
    }
    Status::ALL.iter().position(|s| *s == status).unwrap_or(STATUSES - 1)
}

static CALLS: [[AtomicU64; STATUSES]; OPS] = [const { [const { AtomicU64::new(0) }; STATUSES] }; OPS];
static NANOS: [AtomicU64; OPS] = [const { AtomicU64::new(0) }; OPS];

/// Counts one call of `op` that ended with `status` after `nanoseconds`.
pub fn record(op: Op, status: Status, nanoseconds: u64) {
    let row = op.row();
    if let (Some(calls), Some(nanos)) = (CALLS.get(row).and_then(|r| r.get(column(status))), NANOS.get(row)) {
        calls.fetch_add(1, Ordering::Relaxed);
        nanos.fetch_add(nanoseconds, Ordering::Relaxed);
    }
}

/// Calls of `op` so far that ended with `status`.
pub fn calls(op: Op, status: Status) -> u64 {
    CALLS.get(op.row()).and_then(|r| r.get(column(status))).map_or(0, |c| c.load(Ordering::Relaxed))
}

/// Nanoseconds spent in `op` so far, as the caller of [`record`] measured them (summed over
/// all calls and threads).
pub fn nanoseconds(op: Op) -> u64 {
    NANOS.get(op.row()).map_or(0, |n| n.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_are_numbered_densely_from_one() {
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(op.number() as usize, i + 1, "{op:?}");
        }
    }

    #[test]
    fn every_status_has_its_own_column() {
        let mut columns: Vec<usize> = Status::ALL.iter().map(|s| column(*s)).collect();
        columns.sort_unstable();
        columns.dedup();
        assert_eq!(columns.len(), STATUSES);
        assert_eq!(column(Status::Ok), STATUSES - 1);
    }

    #[test]
    fn a_call_is_counted_under_its_status_with_its_time() {
        // Other tests in this process may count calls too: compare differences only.
        let (ok, failed, nanos) = (
            calls(Op::ShamirCombine, Status::Ok),
            calls(Op::ShamirCombine, Status::ShareCorrupt),
            nanoseconds(Op::ShamirCombine),
        );
        record(Op::ShamirCombine, Status::ShareCorrupt, 1_500);
        record(Op::ShamirCombine, Status::ShareCorrupt, 500);
        assert_eq!(calls(Op::ShamirCombine, Status::ShareCorrupt) - failed, 2);
        assert_eq!(calls(Op::ShamirCombine, Status::Ok), ok);
        assert_eq!(nanoseconds(Op::ShamirCombine) - nanos, 2_000);
    }
}
