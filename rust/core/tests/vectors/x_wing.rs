//! X-Wing (draft-connolly-cfrg-xwing-kem) test vectors: for each, key generation from the
//! seed, deterministic encapsulation with `eseed`, and decapsulation.

use crate::support::{self, Hex, same_bytes, tally::Tally};
use pqgate_core::algorithm::Algorithm;
use pqgate_core::{api, key};
use serde::Deserialize;

const TOTAL: usize = 3;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    seed: Hex,
    sk: Hex,
    pk: Hex,
    eseed: Hex,
    ct: Hex,
    ss: Hex,
}

fn run(vector: &Vector) -> Result<(), String> {
    let algorithm = Algorithm::XWing as u32;
    let pair = key::from_seed(Algorithm::XWing, &vector.seed).map_err(|s| format!("from_seed: {s}"))?;
    same_bytes("pk", pair.public.as_deref().unwrap_or_default(), &vector.pk)?;
    same_bytes("sk", pair.secret.expose(), &vector.sk)?;

    let public = api::key_import_public(algorithm, &vector.pk).map_err(|s| format!("import pk: {s}"))?;
    let encapsulation = api::kem_encapsulate(public, Some(&vector.eseed));
    api::key_free(public).map_err(|s| format!("free: {s}"))?;
    let encapsulation = encapsulation.map_err(|s| format!("encapsulate: {s}"))?;
    same_bytes("ct", &encapsulation.ciphertext, &vector.ct)?;
    same_bytes("ss (encapsulate)", encapsulation.shared_secret.expose(), &vector.ss)?;

    let private = api::key_import_private(algorithm, &vector.sk).map_err(|s| format!("import sk: {s}"))?;
    let shared = api::kem_decapsulate(private, &vector.ct);
    api::key_free(private).map_err(|s| format!("free: {s}"))?;
    same_bytes("ss (decapsulate)", shared.map_err(|s| format!("decapsulate: {s}"))?.expose(), &vector.ss)
}

#[test]
fn draft_vectors() {
    let Some(dir) = support::suite_dir("X-Wing", "xwing") else { return };
    let vectors: Vec<Vector> = support::read_json(&dir.join("test-vectors.json"));
    let mut tally = Tally::new("X-Wing");
    for (index, vector) in vectors.iter().enumerate() {
        tally.record(format_args!("vector {index}"), run(vector));
    }
    tally.finish(vectors.len(), TOTAL, &[]);
}
