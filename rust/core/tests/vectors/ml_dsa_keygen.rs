//! NIST ACVP ML-DSA keyGen (FIPS 204 Algorithm 6, ML-DSA.KeyGen_internal from ξ): every case.

use crate::support::{self, Hex, acvp, parameter_set, same_bytes, tally::Tally};
use pqgate_core::key;
use serde::Deserialize;

/// Cases in the vector files (3 parameter sets × 25).
const TOTAL: usize = 75;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Group {
    tg_id: u64,
    test_type: String,
    parameter_set: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Case {
    tc_id: u64,
    seed: Hex,
    pk: Hex,
    sk: Hex,
}

#[test]
fn key_gen() {
    let Some(dir) = support::suite_dir("ML-DSA keyGen", "acvp/ML-DSA-keyGen-FIPS204") else { return };
    let set = acvp::load::<Group, Case>(&dir, "ML-DSA", "keyGen");
    let mut tally = Tally::new("ML-DSA keyGen");
    for group in &set.groups {
        assert_eq!(group.params.test_type, "AFT");
        let algorithm = parameter_set(&group.params.parameter_set);
        for case in &group.tests {
            let outcome =
                key::from_seed(algorithm, &case.seed).map_err(|s| format!("from_seed: {s}")).and_then(|pair| {
                    same_bytes("pk", pair.public.as_deref().unwrap_or_default(), &case.pk)?;
                    same_bytes("sk", pair.secret.expose(), &case.sk)
                });
            tally.record(format_args!("tgId {} tcId {}", group.params.tg_id, case.tc_id), outcome);
        }
    }
    tally.finish(set.case_count(), TOTAL, &[]);
}
