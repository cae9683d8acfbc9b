//! Shamir secret sharing (share format v1): recovery from every t-subset, refusal of t-1,
//! corrupted, mixed, repeated and malformed shares, the extreme thresholds, and random
//! secrets of every size class.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use pqgate_core::Status;
use pqgate_core::rng;
use pqgate_core::secret::SecretBytes;
use pqgate_core::shamir::{self, MAX_SECRET_LEN, SHARE_OVERHEAD, combine, split};

fn random(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    rng::fill(&mut out).unwrap();
    out
}

fn bytes(shares: &[SecretBytes]) -> Vec<Vec<u8>> {
    shares.iter().map(|s| s.expose().to_vec()).collect()
}

fn recover(shares: &[&Vec<u8>]) -> Result<Vec<u8>, Status> {
    let slices: Vec<&[u8]> = shares.iter().map(|s| s.as_slice()).collect();
    combine(&slices).map(|s| s.expose().to_vec())
}

/// Every `k`-element subset of `0..n`, in lexicographic order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![vec![]];
    }
    (0..n)
        .flat_map(|first| {
            subsets(n, k - 1).into_iter().filter(move |rest| rest.iter().all(|r| *r > first)).map(move |rest| {
                let mut s = vec![first];
                s.extend(rest);
                s
            })
        })
        .collect()
}

#[test]
fn every_three_subset_of_a_three_of_five_split_recovers_in_every_order() {
    let secret = random(32);
    let shares = bytes(&split(&secret, 3, 5).unwrap());
    assert_eq!(shares.len(), 5);
    assert!(shares.iter().all(|s| s.len() == 32 + SHARE_OVERHEAD && s.len() == shamir::share_len(32)));
    let all = subsets(5, 3);
    assert_eq!(all.len(), 10);
    for subset in all {
        let [a, b, c] = [subset[0], subset[1], subset[2]];
        for order in [[a, b, c], [c, b, a], [b, a, c]] {
            let picked: Vec<&Vec<u8>> = order.iter().map(|i| &shares[*i]).collect();
            assert_eq!(recover(&picked).unwrap(), secret, "{order:?}");
        }
    }
    // More than t: the first t are used, the rest only checked for consistency.
    assert_eq!(recover(&shares.iter().collect::<Vec<_>>()).unwrap(), secret);
}

#[test]
fn fewer_than_t_shares_are_insufficient() {
    let shares = bytes(&split(&random(16), 3, 5).unwrap());
    for pair in subsets(5, 2) {
        assert_eq!(recover(&[&shares[pair[0]], &shares[pair[1]]]), Err(Status::SharesInsufficient));
    }
    assert_eq!(recover(&[&shares[4]]), Err(Status::SharesInsufficient));
    assert_eq!(recover(&[]), Err(Status::SharesInsufficient));
}

#[test]
fn any_single_byte_change_in_y_of_a_used_share_is_detected() {
    let secret = random(8);
    let shares = bytes(&split(&secret, 2, 3).unwrap());
    let y_start = SHARE_OVERHEAD - shamir::CHECKSUM_LEN;
    for position in y_start..shares[0].len() {
        for delta in [0x01u8, 0x80, 0xff] {
            let mut bad = shares[0].clone();
            bad[position] ^= delta;
            assert_eq!(recover(&[&bad, &shares[1]]), Err(Status::ShareCorrupt), "byte {position} ^ {delta:#x}");
            assert_eq!(recover(&[&shares[2], &bad]), Err(Status::ShareCorrupt));
        }
    }
}

#[test]
fn header_changes_are_inconsistent_malformed_or_corrupt() {
    let shares = bytes(&split(&random(8), 2, 3).unwrap());
    let (s0, s1) = (&shares[0], &shares[1]);
    let with = |i: usize, v: u8| {
        let mut s = s0.clone();
        s[i] = v;
        s
    };
    assert_eq!(recover(&[&with(0, 2), s1]), Err(Status::ShareMalformed)); // version
    assert_eq!(recover(&[&with(1, s0[1] ^ 1), s1]), Err(Status::SharesInconsistent)); // set id
    assert_eq!(recover(&[&with(17, 3), s1]), Err(Status::SharesInconsistent)); // threshold
    assert_eq!(recover(&[&with(17, 1), s1]), Err(Status::ShareMalformed)); // t = 1
    assert_eq!(recover(&[&with(18, 0), s1]), Err(Status::ShareMalformed)); // index 0
    assert_eq!(recover(&[&with(18, s1[18]), s1]), Err(Status::SharesInconsistent)); // repeated index
    assert_eq!(recover(&[&with(18, 9), s1]), Err(Status::ShareCorrupt)); // another x: wrong secret
    assert_eq!(recover(&[s0, s0]), Err(Status::SharesInconsistent));
    assert_eq!(recover(&[&s0[..s0.len() - 1].to_vec(), s1]), Err(Status::SharesInconsistent));
    assert_eq!(recover(&[&s0[..SHARE_OVERHEAD].to_vec(), s1]), Err(Status::ShareMalformed));
    assert_eq!(recover(&[&vec![], s1]), Err(Status::ShareMalformed));
}

#[test]
fn shares_of_two_splits_do_not_mix() {
    let secret = random(24);
    let a = bytes(&split(&secret, 2, 3).unwrap());
    let b = bytes(&split(&secret, 2, 3).unwrap());
    assert_ne!(a[0][1..17], b[0][1..17], "fresh set ids");
    assert_eq!(recover(&[&a[0], &b[1]]), Err(Status::SharesInconsistent));
    assert_eq!(recover(&[&a[0], &a[1], &b[2]]), Err(Status::SharesInconsistent));
}

#[test]
fn the_extreme_thresholds_work() {
    let secret = random(40);
    let all = bytes(&split(&secret, 255, 255).unwrap());
    assert_eq!(all.len(), 255);
    let indices: Vec<u8> = all.iter().map(|s| s[18]).collect();
    assert_eq!(indices, (1..=255).collect::<Vec<u8>>());
    assert_eq!(recover(&all.iter().rev().collect::<Vec<_>>()).unwrap(), secret);
    assert_eq!(recover(&all.iter().take(254).collect::<Vec<_>>()), Err(Status::SharesInsufficient));

    let pairs = bytes(&split(&secret, 2, 255).unwrap());
    for (i, j) in [(0, 254), (100, 7), (253, 254)] {
        assert_eq!(recover(&[&pairs[i], &pairs[j]]).unwrap(), secret);
    }
}

#[test]
fn arguments_out_of_range_are_refused() {
    assert_eq!(split(&[1], 1, 3).err(), Some(Status::InvalidArgument));
    assert_eq!(split(&[1], 4, 3).err(), Some(Status::InvalidArgument));
    assert_eq!(split(&[1], 2, 256).err(), Some(Status::InvalidArgument));
    assert_eq!(split(&[1], 0, 0).err(), Some(Status::InvalidArgument));
    assert_eq!(split(&[], 2, 3).err(), Some(Status::InvalidLength));
    assert_eq!(split(&vec![0; MAX_SECRET_LEN + 1], 2, 3).err(), Some(Status::InvalidLength));
    assert!(split(&vec![0; MAX_SECRET_LEN], 2, 3).is_ok());
}

#[test]
fn random_secrets_thresholds_and_subsets_recover() {
    for round in 0..200usize {
        let r = random(4);
        let len = 1 + (usize::from(r[0]) * 4 + round) % MAX_SECRET_LEN.min(300);
        let count = 2 + u32::from(r[1]) % 12;
        let threshold = 2 + u32::from(r[2]) % (count - 1);
        let secret = random(len);
        let shares = bytes(&split(&secret, threshold, count).unwrap());
        // A pseudo-random choice of exactly `threshold` shares, rotated by `r[3]`.
        let start = usize::from(r[3]) % shares.len();
        let picked: Vec<&Vec<u8>> =
            (0..threshold as usize).map(|i| &shares[(start + i * 5) % shares.len()]).collect::<Vec<_>>();
        let distinct = picked.iter().map(|s| s[18]).collect::<std::collections::BTreeSet<_>>().len();
        let expected = if distinct == picked.len() { Ok(secret.clone()) } else { Err(Status::SharesInconsistent) };
        assert_eq!(recover(&picked), expected, "round {round}: {threshold}-of-{count}, {len} bytes");
        let too_few: Vec<&Vec<u8>> = shares.iter().take(threshold as usize - 1).collect();
        assert_eq!(recover(&too_few), Err(Status::SharesInsufficient));
    }
}
