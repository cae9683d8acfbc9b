//! BYOK import of expanded ML-DSA signing keys (FIPS 204 `skDecode`): crafted keys with one
//! out-of-range coefficient, or a `ρ` / `tr` that does not match the public key given with
//! them, are refused with `InvalidKey`, for every parameter set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use pqgate_core::Status;
use pqgate_core::algorithm::Algorithm;
use pqgate_core::key::{self, PrivateKey};
use pqgate_core::signature;

/// (algorithm, k, l, η).
const SETS: [(Algorithm, usize, usize, u32); 3] =
    [(Algorithm::MlDsa44, 4, 4, 2), (Algorithm::MlDsa65, 6, 5, 4), (Algorithm::MlDsa87, 8, 7, 2)];

/// `ρ ‖ K ‖ tr`.
const HEADER: usize = 128;
const TR: std::ops::Range<usize> = 64..128;

struct Layout {
    eta: u32,
    eta_bits: usize,
    eta_poly: usize,
    l: usize,
    k: usize,
}

impl Layout {
    fn new(k: usize, l: usize, eta: u32) -> Self {
        let eta_bits = if eta == 2 { 3 } else { 4 };
        Layout { eta, eta_bits, eta_poly: 256 * eta_bits / 8, l, k }
    }
    fn s1(&self, poly: usize) -> usize {
        HEADER + poly * self.eta_poly
    }
    fn s2(&self, poly: usize) -> usize {
        HEADER + (self.l + poly) * self.eta_poly
    }
    fn t0(&self, poly: usize) -> usize {
        HEADER + (self.l + self.k) * self.eta_poly + poly * 416
    }
}

/// Writes the packed value of coefficient `i` of the polynomial at `offset` (LSB first).
fn set_packed(sk: &mut [u8], offset: usize, bits: usize, i: usize, value: u32) {
    for bit in 0..bits {
        let position = i * bits + bit;
        let byte = &mut sk[offset + position / 8];
        let mask = 1u8 << (position % 8);
        if value >> bit & 1 == 1 { *byte |= mask } else { *byte &= !mask }
    }
}

fn pair(alg: Algorithm, seed_byte: u8) -> (Vec<u8>, Vec<u8>) {
    let key = key::from_seed(alg, &[seed_byte; 32]).expect("key from seed");
    (key.secret.expose().to_vec(), key.public.clone().expect("public key"))
}

fn import(alg: Algorithm, bytes: &[u8]) -> Result<PrivateKey, Status> {
    key::import_private(alg, bytes)
}

fn joined(sk: &[u8], pk: &[u8]) -> Vec<u8> {
    [sk, pk].concat()
}

#[test]
fn valid_expanded_keys_import_with_and_without_their_public_key() {
    for (alg, ..) in SETS {
        let (sk, pk) = pair(alg, 7);
        let alone = import(alg, &sk).expect("sk alone");
        assert!(alone.public.is_none());
        let with_pk = import(alg, &joined(&sk, &pk)).expect("sk ‖ pk");
        assert_eq!(with_pk.public.as_deref(), Some(pk.as_slice()), "{alg:?}");
        let sig = signature::sign(&with_pk, b"message", b"", None).expect("sign");
        signature::verify(alg, &pk, b"message", b"", &sig).expect("verifies under pk");
    }
}

#[test]
fn an_out_of_range_s1_coefficient_is_refused() {
    for (alg, k, l, eta) in SETS {
        let layout = Layout::new(k, l, eta);
        let (sk, pk) = pair(alg, 1);
        for (poly, i) in [(0, 0), (l - 1, 255)] {
            let mut bad = sk.clone();
            set_packed(&mut bad, layout.s1(poly), layout.eta_bits, i, 2 * layout.eta + 1);
            assert_eq!(import(alg, &bad).err(), Some(Status::InvalidKey), "{alg:?} s1[{poly}][{i}]");
            assert_eq!(import(alg, &joined(&bad, &pk)).err(), Some(Status::InvalidKey), "{alg:?} with pk");
        }
        // The largest packed value (η − c = 2^bits − 1, i.e. c = η − 7 or η − 15).
        let mut bad = sk.clone();
        set_packed(&mut bad, layout.s1(0), layout.eta_bits, 17, (1 << layout.eta_bits) - 1);
        assert_eq!(import(alg, &bad).err(), Some(Status::InvalidKey), "{alg:?} all-ones");
    }
}

#[test]
fn an_out_of_range_s2_coefficient_is_refused() {
    for (alg, k, l, eta) in SETS {
        let layout = Layout::new(k, l, eta);
        let (sk, pk) = pair(alg, 2);
        for (poly, i) in [(0, 3), (k - 1, 200)] {
            let mut bad = sk.clone();
            set_packed(&mut bad, layout.s2(poly), layout.eta_bits, i, 2 * layout.eta + 1);
            assert_eq!(import(alg, &bad).err(), Some(Status::InvalidKey), "{alg:?} s2[{poly}][{i}]");
            assert_eq!(import(alg, &joined(&bad, &pk)).err(), Some(Status::InvalidKey), "{alg:?} with pk");
        }
    }
}

#[test]
fn the_edges_of_the_eta_range_are_accepted() {
    // Packed 0 is +η and packed 2η is −η: both in range, so the key decodes (and signs).
    for (alg, k, l, eta) in SETS {
        let layout = Layout::new(k, l, eta);
        let (sk, _) = pair(alg, 3);
        let mut edge = sk.clone();
        set_packed(&mut edge, layout.s1(0), layout.eta_bits, 0, 0);
        set_packed(&mut edge, layout.s2(0), layout.eta_bits, 0, 2 * layout.eta);
        import(alg, &edge).expect("in-range coefficients");
    }
}

#[test]
fn every_t0_encoding_lies_in_range_so_t0_is_checked_against_the_public_key() {
    // t0 = 2^12 − v for a 13-bit v: the 8192 values are exactly [−2^12 + 1, 2^12].
    let decoded: Vec<i32> = (0..1 << 13).map(|v| (1 << 12) - v).collect();
    assert_eq!(decoded.iter().min(), Some(&(-(1 << 12) + 1)));
    assert_eq!(decoded.iter().max(), Some(&(1 << 12)));
    for (alg, k, l, eta) in SETS {
        let layout = Layout::new(k, l, eta);
        let (sk, pk) = pair(alg, 4);
        // The extreme packed values decode in range: the key alone is well-formed.
        let mut extreme = sk.clone();
        set_packed(&mut extreme, layout.t0(0), 13, 0, (1 << 13) - 1);
        set_packed(&mut extreme, layout.t0(k - 1), 13, 255, 0);
        import(alg, &extreme).expect("t0 extremes decode in range");
        // A t0 that is not the public key's can only be caught once pk is given, when a
        // signature made with it fails to verify under pk (t = A·s1 + s2 is not recomputed:
        // the crate does not expose its arithmetic). That is probabilistic for a single
        // coefficient, so only a whole-polynomial change is asserted here.
        let mut wrong = sk.clone();
        for i in 0..256 {
            set_packed(&mut wrong, layout.t0(0), 13, i, (1 << 13) - 1);
        }
        let refused = import(alg, &joined(&wrong, &pk)).err();
        assert!(
            matches!(refused, Some(Status::PairwiseConsistencyFailed | Status::InvalidKey)),
            "{alg:?}: {refused:?}"
        );
    }
}

#[test]
fn a_tr_or_rho_that_is_not_the_public_keys_is_refused() {
    for (alg, ..) in SETS {
        let (sk, pk) = pair(alg, 5);
        let mut flipped_tr = sk.clone();
        flipped_tr[TR.start + 9] ^= 0x20;
        assert_eq!(import(alg, &joined(&flipped_tr, &pk)).err(), Some(Status::InvalidKey), "{alg:?} tr");
        let mut flipped_rho = sk.clone();
        flipped_rho[0] ^= 1;
        assert_eq!(import(alg, &joined(&flipped_rho, &pk)).err(), Some(Status::InvalidKey), "{alg:?} rho");
        // Another key's public key: its ρ and tr differ.
        let (_, other_pk) = pair(alg, 6);
        assert_eq!(import(alg, &joined(&sk, &other_pk)).err(), Some(Status::InvalidKey), "{alg:?} other pk");
        // A public key whose t1 was changed: tr = H(pk) no longer matches.
        let mut changed_t1 = pk.clone();
        *changed_t1.last_mut().expect("pk") ^= 1;
        assert_eq!(import(alg, &joined(&sk, &changed_t1)).err(), Some(Status::InvalidKey), "{alg:?} t1");
    }
}
