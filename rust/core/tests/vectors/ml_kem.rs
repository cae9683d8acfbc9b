//! NIST ACVP ML-KEM (FIPS 203) vectors: keyGen and encapDecap, every case of every group.
//!
//! Key generation runs through `key::from_seed` (the private form never leaves through
//! the API); everything else runs through `pqgate_core::api`, as the C ABI does.

use crate::support::{self, Hex, acvp, parameter_set, same_bytes, tally::Tally};
use pqgate_core::algorithm::Algorithm;
use pqgate_core::{Status, api, key};
use serde::Deserialize;

/// Cases in the keyGen files (3 parameter sets × 25).
const KEY_GEN_TOTAL: usize = 75;
/// Cases in the encapDecap files: 75 encapsulation, 30 decapsulation, 30 + 30 key checks.
const ENCAP_DECAP_TOTAL: usize = 165;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Group {
    tg_id: u64,
    test_type: String,
    parameter_set: String,
    function: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Case {
    tc_id: u64,
    d: Option<Hex>,
    z: Option<Hex>,
    m: Option<Hex>,
    ek: Option<Hex>,
    dk: Option<Hex>,
    c: Option<Hex>,
    k: Option<Hex>,
    test_passed: Option<bool>,
}

fn field<'a>(value: &'a Option<Hex>, name: &str) -> Result<&'a [u8], String> {
    value.as_deref().ok_or_else(|| format!("missing field {name}"))
}

/// ML-KEM.KeyGen_internal from `d ‖ z` (FIPS 203 Algorithm 16).
fn key_gen_case(algorithm: Algorithm, case: &Case) -> Result<(), String> {
    let seed = [field(&case.d, "d")?, field(&case.z, "z")?].concat();
    let pair = key::from_seed(algorithm, &seed).map_err(|s| format!("from_seed: {s}"))?;
    same_bytes("ek", pair.public.as_deref().unwrap_or_default(), field(&case.ek, "ek")?)?;
    same_bytes("dk", pair.secret.expose(), field(&case.dk, "dk")?)
}

#[test]
fn key_gen() {
    let Some(dir) = support::suite_dir("ML-KEM keyGen", "acvp/ML-KEM-keyGen-FIPS203") else { return };
    let set = acvp::load::<Group, Case>(&dir, "ML-KEM", "keyGen");
    let mut tally = Tally::new("ML-KEM keyGen");
    for group in &set.groups {
        let g = &group.params;
        assert_eq!(g.test_type, "AFT", "tgId {}", g.tg_id);
        let algorithm = parameter_set(&g.parameter_set);
        for case in &group.tests {
            tally.record(format_args!("tgId {} tcId {}", g.tg_id, case.tc_id), key_gen_case(algorithm, case));
        }
    }
    tally.finish(set.case_count(), KEY_GEN_TOTAL, &[]);
}

/// ML-KEM.Encaps_internal with the vector's `m` (FIPS 203 Algorithm 17).
fn encapsulation(algorithm: u32, case: &Case) -> Result<(), String> {
    let handle = api::key_import_public(algorithm, field(&case.ek, "ek")?).map_err(|s| format!("import ek: {s}"))?;
    let result = api::kem_encapsulate(handle, Some(field(&case.m, "m")?));
    api::key_free(handle).map_err(|s| format!("free: {s}"))?;
    let encapsulation = result.map_err(|s| format!("encapsulate: {s}"))?;
    same_bytes("c", &encapsulation.ciphertext, field(&case.c, "c")?)?;
    same_bytes("k", encapsulation.shared_secret.expose(), field(&case.k, "k")?)
}

/// ML-KEM.Decaps_internal of a valid or modified ciphertext: `k` is the shared secret or
/// the implicit-rejection key `J(z ‖ c)` (FIPS 203 Algorithm 18).
fn decapsulation(algorithm: u32, case: &Case) -> Result<(), String> {
    let handle = api::key_import_private(algorithm, field(&case.dk, "dk")?).map_err(|s| format!("import dk: {s}"))?;
    let result = api::kem_decapsulate(handle, field(&case.c, "c")?);
    api::key_free(handle).map_err(|s| format!("free: {s}"))?;
    same_bytes("k", result.map_err(|s| format!("decapsulate: {s}"))?.expose(), field(&case.k, "k")?)
}

/// Key checks (FIPS 203 §7.2, §7.3): import must succeed exactly when `testPassed`, and a
/// rejected key must be reported as `InvalidKey`.
fn key_check(import: impl FnOnce(&[u8]) -> Result<u64, Status>, bytes: &[u8], case: &Case) -> Result<(), String> {
    let expected = case.test_passed.ok_or("missing field testPassed")?;
    match (import(bytes), expected) {
        (Ok(handle), true) => api::key_free(handle).map_err(|s| format!("free: {s}")),
        (Err(Status::InvalidKey), false) => Ok(()),
        (Ok(handle), false) => {
            api::key_free(handle).map_err(|s| format!("free: {s}"))?;
            Err("invalid key was accepted".into())
        }
        (Err(status), _) => Err(format!("import failed with {status}, expected testPassed {expected}")),
    }
}

fn encap_decap_case(function: &str, algorithm: u32, case: &Case) -> Result<(), String> {
    match function {
        "encapsulation" => encapsulation(algorithm, case),
        "decapsulation" => decapsulation(algorithm, case),
        "encapsulationKeyCheck" => key_check(|b| api::key_import_public(algorithm, b), field(&case.ek, "ek")?, case),
        "decapsulationKeyCheck" => key_check(|b| api::key_import_private(algorithm, b), field(&case.dk, "dk")?, case),
        other => Err(format!("unknown function {other:?}")),
    }
}

#[test]
fn encap_decap() {
    let Some(dir) = support::suite_dir("ML-KEM encapDecap", "acvp/ML-KEM-encapDecap-FIPS203") else { return };
    let set = acvp::load::<Group, Case>(&dir, "ML-KEM", "encapDecap");
    let mut tally = Tally::new("ML-KEM encapDecap");
    for group in &set.groups {
        let g = &group.params;
        let algorithm = parameter_set(&g.parameter_set) as u32;
        let function = g.function.as_deref().unwrap_or_default();
        for case in &group.tests {
            let outcome = encap_decap_case(function, algorithm, case);
            tally.record(format_args!("tgId {} ({function}) tcId {}", g.tg_id, case.tc_id), outcome);
        }
    }
    tally.finish(set.case_count(), ENCAP_DECAP_TOTAL, &[]);
}
