//! NIST ACVP ML-DSA sigGen (FIPS 204): every group — deterministic and hedged, external
//! (pure and HashML-DSA, with context strings) and internal — through `pqgate_core::api`.
//!
//! The vectors carry only the expanded `sk`, which is imported as a private key handle.
//! External-μ groups sign the given μ (`api::sign_mu`).

use crate::support::ml_dsa::Interface;
use crate::support::{self, Hex, acvp, hash_algorithm, parameter_set, same_bytes, tally::Tally};
use pqgate_core::api;
use serde::Deserialize;

/// Cases in the vector files (90 of them external μ: 6 groups of 15), all run.
const TOTAL: usize = 360;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Group {
    tg_id: u64,
    test_type: String,
    parameter_set: String,
    deterministic: bool,
    signature_interface: String,
    pre_hash: Option<String>,
    external_mu: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Case {
    tc_id: u64,
    sk: Hex,
    message: Option<Hex>,
    mu: Option<Hex>,
    context: Option<Hex>,
    hash_alg: Option<String>,
    rnd: Option<Hex>,
    signature: Hex,
}

fn required<'a, T: ?Sized>(value: Option<&'a T>, name: &str) -> Result<&'a T, String> {
    value.ok_or_else(|| format!("missing field {name}"))
}

/// `rnd` per FIPS 204 Algorithm 2 line 5: 32 zero bytes in the deterministic variant,
/// else the vector's value. A group and its cases must agree on which it is.
fn randomness(group: &Group, case: &Case) -> Result<Vec<u8>, String> {
    match (group.deterministic, &case.rnd) {
        (true, None) => Ok(vec![0; 32]),
        (false, Some(rnd)) => Ok(rnd.0.clone()),
        (deterministic, rnd) => Err(format!("deterministic={deterministic} but rnd given={}", rnd.is_some())),
    }
}

fn sign(handle: u64, interface: Interface, group: &Group, case: &Case) -> Result<Vec<u8>, String> {
    let rnd = randomness(group, case)?;
    let message = || required(case.message.as_deref(), "message");
    let signature = match interface {
        Interface::Pure => api::sign(handle, message()?, required(case.context.as_deref(), "context")?, Some(&rnd)),
        Interface::PreHash => {
            let hash = hash_algorithm(required(case.hash_alg.as_deref(), "hashAlg")?) as u32;
            let digest = api::hash(hash, message()?).map_err(|s| format!("hash: {s}"))?;
            api::sign_prehashed(handle, hash, &digest, required(case.context.as_deref(), "context")?, Some(&rnd))
        }
        Interface::Internal => api::sign_internal(handle, message()?, Some(&rnd)),
        Interface::ExternalMu => api::sign_mu(handle, required(case.mu.as_deref(), "mu")?, Some(&rnd)),
    };
    signature.map_err(|s| format!("sign: {s}"))
}

fn run_case(algorithm: u32, interface: Interface, group: &Group, case: &Case) -> Result<(), String> {
    let handle = api::key_import_private(algorithm, &case.sk).map_err(|s| format!("import sk: {s}"))?;
    let signature = sign(handle, interface, group, case);
    api::key_free(handle).map_err(|s| format!("free: {s}"))?;
    same_bytes("signature", &signature?, &case.signature)
}

#[test]
fn sig_gen() {
    let Some(dir) = support::suite_dir("ML-DSA sigGen", "acvp/ML-DSA-sigGen-FIPS204") else { return };
    let set = acvp::load::<Group, Case>(&dir, "ML-DSA", "sigGen");
    let mut tally = Tally::new("ML-DSA sigGen");
    for group in &set.groups {
        let g = &group.params;
        assert_eq!(g.test_type, "AFT", "tgId {}", g.tg_id);
        let algorithm = parameter_set(&g.parameter_set) as u32;
        let interface = Interface::of(&g.signature_interface, g.pre_hash.as_deref(), g.external_mu);
        for case in &group.tests {
            let outcome = run_case(algorithm, interface, g, case);
            let mode = if g.deterministic { "deterministic" } else { "hedged" };
            tally.record(format_args!("tgId {} ({interface:?}, {mode}) tcId {}", g.tg_id, case.tc_id), outcome);
        }
    }
    tally.finish(set.case_count(), TOTAL, &[]);
}
