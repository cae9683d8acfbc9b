//! Keystore exports: open a backend, manage its root keys, and wrap/unwrap private keys.
//!
//! A wrapped envelope is the only form in which a private key leaves the library. Every
//! wrap, unwrap and re-wrap takes the key's binding — `key_id`, `version`, `owner` and the
//! algorithm — and an envelope only opens for exactly the binding it was made for.

use pqgate_core::api::keystore as api;
use pqgate_core::counters::Op;
use pqgate_core::keystore::RootInfo;

use crate::boundary::{Output, Scalar, call, input};

/// Opens a software keystore: root keys in files under `dir` (created `0700` if missing).
/// A non-empty `passphrase` derives each root with Argon2id; an empty one selects key-file
/// mode (random root keys in `0600` files). Group- or world-accessible root files are refused.
///
/// # Safety
/// `dir` and `passphrase` valid for their lengths' reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_open_software(
    dir: *const u8,
    dir_len: u32,
    passphrase: *const u8,
    passphrase_len: u32,
    handle: *mut u64,
) -> i32 {
    call(Op::KeystoreOpenSoftware, || {
        // SAFETY: forwarded caller contract.
        let (dir, passphrase, handle) =
            unsafe { (input(dir, dir_len)?, input(passphrase, passphrase_len)?, Scalar::new(handle)?) };
        handle.set(api::keystore_open_software(dir, passphrase)?);
        Ok(())
    })
}

/// Opens a PKCS#11 keystore: loads the module at `module` (a path), finds the token
/// labelled `token_label` (UTF-8) and logs in with the user `pin`. Root keys are AES-256
/// keys generated in the token, sensitive and never extractable.
///
/// # Safety
/// Inputs valid for their lengths' reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_keystore_open_pkcs11(
    module: *const u8,
    module_len: u32,
    token_label: *const u8,
    token_label_len: u32,
    pin: *const u8,
    pin_len: u32,
    handle: *mut u64,
) -> i32 {
    call(Op::KeystoreOpenPkcs11, || {
        // SAFETY: forwarded caller contract.
        let (module, token_label, pin, handle) = unsafe {
            (
                input(module, module_len)?,
                input(token_label, token_label_len)?,
                input(pin, pin_len)?,
                Scalar::new(handle)?,
            )
        };
        handle.set(api::keystore_open_pkcs11(module, token_label, pin)?);
        Ok(())
    })
}

/// Opens a TPM 2.0 keystore through the TCTI configuration string `tcti` (UTF-8, e.g.
/// `device:/dev/tpmrm0` or `swtpm:host=127.0.0.1,port=2321`). Root keys are storage keys
/// generated in the TPM (`fixedTPM`, `fixedParent`) at persistent handles.
///
/// # Safety
/// `tcti` valid for `tcti_len` reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_open_tpm(tcti: *const u8, tcti_len: u32, handle: *mut u64) -> i32 {
    call(Op::KeystoreOpenTpm, || {
        // SAFETY: forwarded caller contract.
        let (tcti, handle) = unsafe { (input(tcti, tcti_len)?, Scalar::new(handle)?) };
        handle.set(api::keystore_open_tpm(tcti)?);
        Ok(())
    })
}

/// Closes a keystore handle. A second close returns `STALE_HANDLE`.
#[unsafe(no_mangle)]
pub extern "C" fn pq_keystore_close(keystore: u64) -> i32 {
    call(Op::KeystoreClose, || api::keystore_close(keystore))
}

/// Stores the keystore's backend (`1` software, `2` PKCS#11, `3` TPM) and the protection
/// level of the keys it wraps (`1` hardware, `2` hardware-wrapped, `3` software).
///
/// # Safety
/// `backend` and `protection` valid for `u32` writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_info(keystore: u64, backend: *mut u32, protection: *mut u32) -> i32 {
    call(Op::KeystoreInfo, || {
        // SAFETY: forwarded caller contract.
        let (backend, protection) = unsafe { (Scalar::new(backend)?, Scalar::new(protection)?) };
        let (b, p) = api::keystore_info(keystore)?;
        backend.set(b as u32);
        protection.set(p as u32);
        Ok(())
    })
}

/// Checks that the keystore's device answers (`KEYSTORE_UNAVAILABLE` when it does not).
#[unsafe(no_mangle)]
pub extern "C" fn pq_keystore_ping(keystore: u64) -> i32 {
    call(Op::KeystorePing, || api::keystore_ping(keystore))
}

/// Writes a root's sequence number and 16-byte id.
fn write_root(root: RootInfo, sequence: Scalar<u32>, id: Output) -> pqgate_core::PqResult<()> {
    id.write(&root.id)?;
    sequence.set(root.sequence);
    Ok(())
}

/// The current (newest) root key: its sequence number and 16-byte id. The first call on
/// an empty keystore generates root 1 inside the device.
///
/// # Safety
/// `sequence` valid for a `u32` write; `id` valid for `id_cap` writes; `id_len` for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_root_current(
    keystore: u64,
    sequence: *mut u32,
    id: *mut u8,
    id_cap: u32,
    id_len: *mut u32,
) -> i32 {
    call(Op::KeystoreRootCurrent, || {
        // SAFETY: forwarded caller contract.
        let (sequence, id) = unsafe { (Scalar::new(sequence)?, Output::new(id, id_cap, id_len)?) };
        write_root(api::keystore_root_current(keystore)?, sequence, id)
    })
}

/// Generates a new root key inside the device; it becomes current. Then re-wrap every
/// envelope with `pq_key_rewrap` and retire the older roots with `pq_keystore_root_retire`.
///
/// # Safety
/// As [`pq_keystore_root_current`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_root_rotate(
    keystore: u64,
    sequence: *mut u32,
    id: *mut u8,
    id_cap: u32,
    id_len: *mut u32,
) -> i32 {
    call(Op::KeystoreRootRotate, || {
        // SAFETY: forwarded caller contract.
        let (sequence, id) = unsafe { (Scalar::new(sequence)?, Output::new(id, id_cap, id_len)?) };
        // Validated before the rotation, so a bad buffer never creates an unreported root.
        write_root(api::keystore_root_rotate(keystore)?, sequence, id)
    })
}

/// Destroys a root key that is not current (`ROOT_KEY_IN_USE` otherwise). Envelopes it
/// sealed can no longer be opened: re-wrap them first.
///
/// # Safety
/// `id` valid for `id_len` reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_root_retire(keystore: u64, id: *const u8, id_len: u32) -> i32 {
    call(Op::KeystoreRootRetire, || {
        // SAFETY: forwarded caller contract.
        let id = unsafe { input(id, id_len) }?;
        api::keystore_root_retire(keystore, id)
    })
}

/// Lists every root key, oldest first, as 20-byte records `sequence (u32, big-endian) ‖ id`.
///
/// # Safety
/// `out` valid for `out_cap` writes; `out_len` valid for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_roots(keystore: u64, out: *mut u8, out_cap: u32, out_len: *mut u32) -> i32 {
    call(Op::KeystoreRoots, || {
        // SAFETY: forwarded caller contract.
        let out = unsafe { Output::new(out, out_cap, out_len) }?;
        out.write(&api::keystore_roots(keystore)?)
    })
}

/// Wraps the private key behind `key` under the keystore's current root, bound to
/// `(key_id, version, owner)` and the key's algorithm. `key_id` is 1 to 256 bytes, `owner`
/// 0 to 256.
///
/// # Safety
/// Inputs valid for their lengths' reads; `out` for `out_cap` writes; `out_len` for a `u32` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_key_wrap(
    keystore: u64,
    key: u64,
    key_id: *const u8,
    key_id_len: u32,
    version: u32,
    owner: *const u8,
    owner_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::KeyWrap, || {
        // SAFETY: forwarded caller contract.
        let (key_id, owner, out) =
            unsafe { (input(key_id, key_id_len)?, input(owner, owner_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::key_wrap(keystore, key, key_id, version, owner)?)
    })
}

/// Opens an envelope into a new private-key handle. It opens only for the binding it was
/// wrapped with: another key id, version, owner or algorithm gives `UNWRAP_FAILED`.
///
/// # Safety
/// Inputs valid for their lengths' reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_key_unwrap(
    keystore: u64,
    algorithm: u32,
    envelope: *const u8,
    envelope_len: u32,
    key_id: *const u8,
    key_id_len: u32,
    version: u32,
    owner: *const u8,
    owner_len: u32,
    handle: *mut u64,
) -> i32 {
    call(Op::KeyUnwrap, || {
        // SAFETY: forwarded caller contract.
        let (envelope, key_id, owner, handle) = unsafe {
            (input(envelope, envelope_len)?, input(key_id, key_id_len)?, input(owner, owner_len)?, Scalar::new(handle)?)
        };
        handle.set(api::key_unwrap(keystore, algorithm, envelope, key_id, version, owner)?);
        Ok(())
    })
}

/// Re-wraps an envelope under the current root; returns it unchanged if it already is
/// (idempotent, so an interrupted root rotation is finished by running it again).
///
/// # Safety
/// Inputs valid for their lengths' reads; `out` for `out_cap` writes; `out_len` for a `u32` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_key_rewrap(
    keystore: u64,
    algorithm: u32,
    envelope: *const u8,
    envelope_len: u32,
    key_id: *const u8,
    key_id_len: u32,
    version: u32,
    owner: *const u8,
    owner_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::KeyRewrap, || {
        // SAFETY: forwarded caller contract.
        let (envelope, key_id, owner, out) = unsafe {
            (
                input(envelope, envelope_len)?,
                input(key_id, key_id_len)?,
                input(owner, owner_len)?,
                Output::new(out, out_cap, out_len)?,
            )
        };
        out.write(&api::key_rewrap(keystore, algorithm, envelope, key_id, version, owner)?)
    })
}

/// Room the caller must offer for a native key's reference: checked before the key is
/// generated, so a generated key is never lost to a short buffer.
pub const PQ_NATIVE_REFERENCE_MAX: u32 = 1024;

/// Generates a signing key inside the keystore's device (ECDSA P-256 in a TPM or token,
/// Ed25519 in a token), checks that it signs for its public key, and returns a handle plus
/// the reference to store (not secret: the private key never leaves the device).
/// `reference_cap` must be at least `PQ_NATIVE_REFERENCE_MAX`.
///
/// # Safety
/// `reference` valid for `reference_cap` writes; `reference_len` for a `u32` write; `handle`
/// for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_native_key_generate(
    keystore: u64,
    algorithm: u32,
    reference: *mut u8,
    reference_cap: u32,
    reference_len: *mut u32,
    handle: *mut u64,
) -> i32 {
    call(Op::NativeKeyGenerate, || {
        // SAFETY: forwarded caller contract.
        let (out, handle_out) =
            unsafe { (Output::new(reference, reference_cap, reference_len)?, Scalar::new(handle)?) };
        // Checked now rather than after the device has created a key.
        out.require(PQ_NATIVE_REFERENCE_MAX)?;
        let (handle, bytes) = api::native_key_generate(keystore, algorithm)?;
        if let Err(status) = out.write(&bytes) {
            let _ = pqgate_core::api::key_free(handle);
            return Err(status);
        }
        handle_out.set(handle);
        Ok(())
    })
}

/// A handle for a stored native key; fails with `INVALID_KEY` if the device does not hold it.
///
/// # Safety
/// `reference` valid for `reference_len` reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_native_key_load(
    keystore: u64,
    algorithm: u32,
    reference: *const u8,
    reference_len: u32,
    handle: *mut u64,
) -> i32 {
    call(Op::NativeKeyLoad, || {
        // SAFETY: forwarded caller contract.
        let (reference, handle) = unsafe { (input(reference, reference_len)?, Scalar::new(handle)?) };
        handle.set(api::native_key_load(keystore, algorithm, reference)?);
        Ok(())
    })
}

/// Destroys a native key in the device (for a TPM, whose key blobs live outside it, this
/// only checks the reference: forget it to destroy the key).
///
/// # Safety
/// `reference` valid for `reference_len` reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_native_key_destroy(
    keystore: u64,
    algorithm: u32,
    reference: *const u8,
    reference_len: u32,
) -> i32 {
    call(Op::NativeKeyDestroy, || {
        // SAFETY: forwarded caller contract.
        let reference = unsafe { input(reference, reference_len) }?;
        api::native_key_destroy(keystore, algorithm, reference)
    })
}

/// The 16-byte id of the root key that sealed an envelope (no keystore needed).
///
/// # Safety
/// `envelope` valid for `envelope_len` reads; `id` for `id_cap` writes; `id_len` for a `u32` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_envelope_root_id(
    envelope: *const u8,
    envelope_len: u32,
    id: *mut u8,
    id_cap: u32,
    id_len: *mut u32,
) -> i32 {
    call(Op::EnvelopeRootId, || {
        // SAFETY: forwarded caller contract.
        let (envelope, id) = unsafe { (input(envelope, envelope_len)?, Output::new(id, id_cap, id_len)?) };
        id.write(&api::envelope_root_id(envelope)?)
    })
}

/// Opens a TPM fleet keystore on this node's TPM through the TCTI configuration string `tcti`
/// (as `pq_keystore_open_tpm`). Its roots are fleet KEKs, loaded with `pq_keystore_fleet`;
/// until one is, the keystore reports `KEYSTORE_UNAVAILABLE` (docs/FLEET.md).
///
/// # Safety
/// `tcti` valid for `tcti_len` reads; `handle` valid for a `u64` write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pq_keystore_open_tpm_fleet(tcti: *const u8, tcti_len: u32, handle: *mut u64) -> i32 {
    call(Op::KeystoreOpenTpmFleet, || {
        // SAFETY: forwarded caller contract.
        let (tcti, handle) = unsafe { (input(tcti, tcti_len)?, Scalar::new(handle)?) };
        handle.set(api::keystore_open_tpm_fleet(tcti)?);
        Ok(())
    })
}

/// A fleet operation on a `tpm-fleet` keystore (`UNSUPPORTED_OPERATION` on others), `op`:
/// `1` new KEK (`a` = sequence, u32 BE; writes its 16-byte id), `2` seal a loaded KEK for this
/// node's TPM (`a` = id; writes the blob), `3` load a sealed KEK (`a` = blob; writes
/// `sequence ‖ id`), `4` new X-Wing transfer key (writes `public key (1216) ‖ TPM-sealed seed`),
/// `5` export a KEK to a transfer key (`a` = id, `b` = public key, `c` = context; writes the
/// HPKE ciphertext), `6` import one (`a` = sealed seed, `b` = ciphertext, `c` = context; writes
/// `sequence ‖ id`), `7` forget every loaded KEK (writes nothing). No KEK or seed is ever
/// written in plaintext.
///
/// # Safety
/// Inputs valid for their lengths' reads; `out` for `out_cap` writes; `out_len` for a `u32` write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C shape: one (ptr, len) pair per buffer
pub unsafe extern "C" fn pq_keystore_fleet(
    keystore: u64,
    op: u32,
    a: *const u8,
    a_len: u32,
    b: *const u8,
    b_len: u32,
    c: *const u8,
    c_len: u32,
    out: *mut u8,
    out_cap: u32,
    out_len: *mut u32,
) -> i32 {
    call(Op::KeystoreFleet, || {
        // SAFETY: forwarded caller contract.
        let (a, b, c, out) =
            unsafe { (input(a, a_len)?, input(b, b_len)?, input(c, c_len)?, Output::new(out, out_cap, out_len)?) };
        out.write(&api::keystore_fleet(keystore, op, a, b, c)?)
    })
}
