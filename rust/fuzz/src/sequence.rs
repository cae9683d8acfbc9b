//! The structured target's program: random sequences of create / use / free over all
//! algorithms and the software keystore, with the results checked for meaning (a
//! decapsulation recovers the encapsulated secret, a signature verifies, an unwrapped key
//! has the wrapped key's public key) and every handle accounted for at the end.

use arbitrary::Arbitrary;
use pqgate::{kem, keys, keystore, signature};

use crate::abi::{ALGORITHMS, OK, Out, check, check_scalar};

#[derive(Arbitrary, Debug)]
pub enum Op {
    Generate { algorithm: u8 },
    FromSeed { algorithm: u8, seed: Vec<u8> },
    ImportPublicOf { key: u8 },
    Encapsulate { key: u8 },
    Sign { key: u8, msg: Vec<u8>, ctx: Vec<u8> },
    Agree { key: u8, peer: u8 },
    Wrap { key: u8, key_id: Vec<u8>, version: u32 },
    RotateRoot,
    RetireOldestRoot,
    Free { key: u8 },
}

/// Handles made so far: live ones and freed ones (whose use must fail cleanly).
#[derive(Default)]
pub struct Pool {
    live: Vec<u64>,
    freed: Vec<u64>,
}

impl Pool {
    fn pick(&self, index: u8) -> Option<u64> {
        let all = self.live.len() + self.freed.len();
        let i = usize::from(index).checked_rem(all)?;
        self.live.get(i).or_else(|| self.freed.get(i - self.live.len())).copied()
    }

    fn add(&mut self, rc: i32, handle: u64) {
        if rc == OK {
            self.live.push(handle);
        }
    }

    /// Frees every live handle; each free must succeed, and each second free must fail.
    pub fn release(self) {
        for handle in &self.live {
            assert_eq!(keys::pq_key_free(*handle), OK, "free of a live handle");
            assert_ne!(keys::pq_key_free(*handle), OK, "double free succeeded");
        }
    }
}

/// Runs one step. SAFETY for every export call below: pointers come from live slices or
/// `Out` buffers with their true lengths, scalars are locals.
pub fn run(op: &Op, pool: &mut Pool, keystore: u64) {
    let mut handle = 0u64;
    match op {
        Op::Generate { algorithm } => {
            let rc = unsafe { keys::pq_key_generate(algorithm_of(*algorithm), &mut handle) };
            pool.add(check_scalar("generate", rc), handle);
        }
        Op::FromSeed { algorithm, seed } => {
            let len = len_of(seed);
            let rc = unsafe { keys::pq_key_from_seed(algorithm_of(*algorithm), seed.as_ptr(), len, &mut handle) };
            pool.add(check_scalar("from_seed", rc), handle);
        }
        Op::ImportPublicOf { key } => {
            let Some((public, algorithm)) = pool.pick(*key).and_then(public_of) else { return };
            let rc = unsafe { keys::pq_key_import_public(algorithm, public.as_ptr(), len_of(&public), &mut handle) };
            pool.add(check_scalar("import_public", rc), handle);
        }
        Op::Encapsulate { key } => pool.pick(*key).into_iter().for_each(encapsulate_round_trip),
        Op::Sign { key, msg, ctx } => pool.pick(*key).into_iter().for_each(|k| sign_round_trip(k, msg, ctx)),
        Op::Agree { key, peer } => {
            let (Some(key), Some(peer)) = (pool.pick(*key), pool.pick(*peer)) else { return };
            let Some((public, _)) = public_of(peer) else { return };
            let mut out = Out::new(32);
            let (o, cap, len) = out.args();
            check(
                "agree",
                unsafe { kem::pq_x25519_agree(key, public.as_ptr(), len_of(&public), o, cap, len) },
                &[&out],
            );
        }
        Op::Wrap { key, key_id, version } => {
            pool.pick(*key).into_iter().for_each(|k| wrap_round_trip(keystore, k, key_id, *version));
        }
        Op::RotateRoot => rotate_bounded(keystore),
        Op::RetireOldestRoot => retire_oldest(keystore),
        Op::Free { key } => {
            if let Some(index) = pool.live.len().checked_sub(1).map(|last| usize::from(*key).min(last)) {
                let handle = pool.live.swap_remove(index);
                assert_eq!(keys::pq_key_free(handle), OK, "free of a live handle");
                pool.freed.push(handle);
            }
        }
    }
}

fn algorithm_of(pick: u8) -> u32 {
    ALGORITHMS[usize::from(pick) % ALGORITHMS.len()]
}

fn len_of(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).unwrap_or(u32::MAX)
}

/// The key's public key and algorithm, if the handle is live.
fn public_of(handle: u64) -> Option<(Vec<u8>, u32)> {
    let (mut kind, mut algorithm) = (0u32, 0u32);
    // SAFETY: locals.
    if check_scalar("info", unsafe { keys::pq_key_info(handle, &mut kind, &mut algorithm) }) != OK {
        return None;
    }
    let mut out = Out::new(4096);
    let (o, cap, len) = out.args();
    // SAFETY: `out` holds `cap` bytes.
    let rc = check("export_public", unsafe { keys::pq_key_export_public(handle, o, cap, len) }, &[&out]);
    (rc == OK).then(|| (out.bytes().to_vec(), algorithm))
}

fn encapsulate_round_trip(handle: u64) {
    let (mut ct, mut ss) = (Out::new(2048), Out::new(64));
    let ((c, c_cap, c_len), (s, s_cap, s_len)) = (ct.args(), ss.args());
    // SAFETY: buffers hold their capacities.
    let rc =
        check("encapsulate", unsafe { kem::pq_kem_encapsulate(handle, c, c_cap, c_len, s, s_cap, s_len) }, &[&ct, &ss]);
    if rc != OK {
        return;
    }
    let mut back = Out::new(64);
    let (b, b_cap, b_len) = back.args();
    let ciphertext = ct.bytes();
    // SAFETY: `ciphertext` valid for its length; `back` holds its capacity.
    let rc = unsafe { kem::pq_kem_decapsulate(handle, ciphertext.as_ptr(), len_of(ciphertext), b, b_cap, b_len) };
    if check("decapsulate", rc, &[&back]) == OK {
        assert_eq!(back.bytes(), ss.bytes(), "decapsulation recovered another secret");
    }
}

fn sign_round_trip(handle: u64, msg: &[u8], ctx: &[u8]) {
    let mut sig = Out::new(5000);
    let (o, cap, len) = sig.args();
    let rnd = [0u8; 0];
    // SAFETY: inputs valid for their lengths; `sig` holds its capacity.
    let rc = unsafe {
        signature::pq_sig_sign(
            handle,
            msg.as_ptr(),
            len_of(msg),
            ctx.as_ptr(),
            len_of(ctx),
            rnd.as_ptr(),
            0,
            o,
            cap,
            len,
        )
    };
    if check("sign", rc, &[&sig]) != OK {
        return;
    }
    let s = sig.bytes();
    // SAFETY: inputs valid for their lengths.
    let rc = unsafe {
        signature::pq_sig_verify(handle, msg.as_ptr(), len_of(msg), ctx.as_ptr(), len_of(ctx), s.as_ptr(), len_of(s))
    };
    assert_eq!(rc, OK, "a fresh signature did not verify");
}

fn wrap_round_trip(keystore: u64, handle: u64, key_id: &[u8], version: u32) {
    let Some((public, algorithm)) = public_of(handle) else { return };
    let owner = b"fuzz";
    let mut envelope = Out::new(16 * 1024);
    let (o, cap, len) = envelope.args();
    // SAFETY: inputs valid for their lengths; `envelope` holds its capacity.
    let rc = unsafe {
        keystore::pq_key_wrap(
            keystore,
            handle,
            key_id.as_ptr(),
            len_of(key_id),
            version,
            owner.as_ptr(),
            4,
            o,
            cap,
            len,
        )
    };
    if check("wrap", rc, &[&envelope]) != OK {
        return;
    }
    let e = envelope.bytes();
    let mut unwrapped = 0u64;
    // SAFETY: inputs valid for their lengths; `unwrapped` is a local.
    let rc = unsafe {
        keystore::pq_key_unwrap(
            keystore,
            algorithm,
            e.as_ptr(),
            len_of(e),
            key_id.as_ptr(),
            len_of(key_id),
            version,
            owner.as_ptr(),
            4,
            &mut unwrapped,
        )
    };
    assert_eq!(rc, OK, "an envelope just made did not unwrap");
    assert_eq!(public_of(unwrapped).map(|(p, _)| p), Some(public), "unwrapped another key");
    assert_eq!(keys::pq_key_free(unwrapped), OK);
}

/// Root keys as 20-byte records `sequence (u32, big-endian) ‖ id`, oldest first.
fn roots(keystore: u64) -> Vec<u8> {
    let mut out = Out::new(8192);
    let (o, cap, len) = out.args();
    // SAFETY: `out` holds its capacity.
    check("roots", unsafe { keystore::pq_keystore_roots(keystore, o, cap, len) }, &[&out]);
    out.bytes().to_vec()
}

/// Rotates while fewer than 8 roots exist, so a long run does not grow the key directory.
fn rotate_bounded(keystore: u64) {
    if roots(keystore).len() / 20 >= 8 {
        return;
    }
    let (mut seq, mut id) = (0u32, Out::new(64));
    let (o, cap, len) = id.args();
    // SAFETY: locals.
    check("rotate", unsafe { keystore::pq_keystore_root_rotate(keystore, &mut seq, o, cap, len) }, &[&id]);
}

/// Retires the oldest root (refused with `ROOT_KEY_IN_USE` when it is the current one).
fn retire_oldest(keystore: u64) {
    let roots = roots(keystore);
    let Some(id) = roots.get(4..20) else { return };
    // SAFETY: `id` valid for 16 reads.
    check_scalar("retire", unsafe { keystore::pq_keystore_root_retire(keystore, id.as_ptr(), 16) });
}
