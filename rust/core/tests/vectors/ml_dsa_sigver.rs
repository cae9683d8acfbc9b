//! NIST ACVP ML-DSA sigVer (FIPS 204): every group — external (pure and HashML-DSA, with
//! context strings) and internal — through `pqgate_core::api` with an imported public key.
//!
//! A case passes when verification succeeds exactly if `testPassed`, and a rejection is
//! reported as `VerificationFailed` (not some other error that would also "reject").
//! External-μ groups verify against the given μ (`api::verify_mu`).

use crate::support::ml_dsa::Interface;
use crate::support::{self, Hex, acvp, hash_algorithm, parameter_set, tally::Tally};
use pqgate_core::{PqResult, Status, api};
use serde::Deserialize;

/// Cases in the vector files (45 of them external μ: 3 groups of 15), all run.
const TOTAL: usize = 180;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Group {
    tg_id: u64,
    test_type: String,
    parameter_set: String,
    signature_interface: String,
    pre_hash: Option<String>,
    external_mu: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Case {
    tc_id: u64,
    pk: Hex,
    message: Option<Hex>,
    mu: Option<Hex>,
    context: Option<Hex>,
    hash_alg: Option<String>,
    signature: Hex,
    test_passed: bool,
}

fn required<'a, T: ?Sized>(value: Option<&'a T>, name: &str) -> Result<&'a T, String> {
    value.ok_or_else(|| format!("missing field {name}"))
}

fn verify(handle: u64, interface: Interface, case: &Case) -> Result<PqResult<()>, String> {
    let message = || required(case.message.as_deref(), "message");
    let sig = &case.signature;
    Ok(match interface {
        Interface::Pure => api::verify(handle, message()?, required(case.context.as_deref(), "context")?, sig),
        Interface::PreHash => {
            let hash = hash_algorithm(required(case.hash_alg.as_deref(), "hashAlg")?) as u32;
            let digest = api::hash(hash, message()?).map_err(|s| format!("hash: {s}"))?;
            api::verify_prehashed(handle, hash, &digest, required(case.context.as_deref(), "context")?, sig)
        }
        Interface::Internal => api::verify_internal(handle, message()?, sig),
        Interface::ExternalMu => api::verify_mu(handle, required(case.mu.as_deref(), "mu")?, sig),
    })
}

fn run_case(algorithm: u32, interface: Interface, case: &Case) -> Result<(), String> {
    let handle = api::key_import_public(algorithm, &case.pk).map_err(|s| format!("import pk: {s}"))?;
    let result = verify(handle, interface, case);
    api::key_free(handle).map_err(|s| format!("free: {s}"))?;
    match (result?, case.test_passed) {
        (Ok(()), true) | (Err(Status::VerificationFailed), false) => Ok(()),
        (Ok(()), false) => Err("invalid signature verified".into()),
        (Err(status), _) => Err(format!("verification returned {status}, expected testPassed {}", case.test_passed)),
    }
}

#[test]
fn sig_ver() {
    let Some(dir) = support::suite_dir("ML-DSA sigVer", "acvp/ML-DSA-sigVer-FIPS204") else { return };
    let set = acvp::load::<Group, Case>(&dir, "ML-DSA", "sigVer");
    let mut tally = Tally::new("ML-DSA sigVer");
    for group in &set.groups {
        let g = &group.params;
        assert_eq!(g.test_type, "AFT", "tgId {}", g.tg_id);
        let algorithm = parameter_set(&g.parameter_set) as u32;
        let interface = Interface::of(&g.signature_interface, g.pre_hash.as_deref(), g.external_mu);
        for case in &group.tests {
            let outcome = run_case(algorithm, interface, case);
            tally.record(format_args!("tgId {} ({interface:?}) tcId {}", g.tg_id, case.tc_id), outcome);
        }
    }
    tally.finish(set.case_count(), TOTAL, &[]);
}
