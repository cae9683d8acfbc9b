//! ML-DSA external μ agrees with the message interface (libcrux): a signature over μ computed
//! from (pk, ctx, M) verifies with `verify(M, ctx)`, and a signature over (M, ctx) verifies
//! with `verify_mu(μ)`, for every parameter set, hedged and deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use pqgate_core::Status;
use pqgate_core::algorithm::Algorithm;
use pqgate_core::key;
use pqgate_core::{ml_dsa_mu, signature};

const SETS: [Algorithm; 3] = [Algorithm::MlDsa44, Algorithm::MlDsa65, Algorithm::MlDsa87];
const MESSAGE: &[u8] = b"a message too long to send, represented by its mu";
const CONTEXT: &[u8] = b"pqgate test";

#[test]
fn mu_signature_verifies_over_the_message_and_the_reverse() {
    for alg in SETS {
        let key = key::from_seed(alg, &[7; 32]).expect("key");
        let pk = key.public.clone().expect("public key");
        let mu = ml_dsa_mu::compute(&pk, MESSAGE, CONTEXT).expect("mu");
        for rnd in [None, Some(&[0u8; 32][..])] {
            let by_mu = signature::sign_mu(&key, &mu, rnd).expect("sign mu");
            assert_eq!(
                signature::verify(alg, &pk, MESSAGE, CONTEXT, &by_mu),
                Ok(()),
                "{alg:?}: μ-signature, verify(M)"
            );
            assert_eq!(signature::verify(alg, &pk, MESSAGE, b"other", &by_mu), Err(Status::VerificationFailed));
            let by_message = signature::sign(&key, MESSAGE, CONTEXT, rnd).expect("sign");
            assert_eq!(signature::verify_mu(alg, &pk, &mu, &by_message), Ok(()), "{alg:?}: signature, verify_mu");
            assert_eq!(signature::verify_mu(alg, &pk, &mu, &by_mu), Ok(()));
        }
        // Deterministic: the same signature either way.
        let zero = Some(&[0u8; 32][..]);
        assert_eq!(
            signature::sign_mu(&key, &mu, zero).unwrap(),
            signature::sign(&key, MESSAGE, CONTEXT, zero).unwrap(),
            "{alg:?}: deterministic μ and message signatures differ"
        );
        // Hedged: fresh rnd each time.
        assert_ne!(signature::sign_mu(&key, &mu, None).unwrap(), signature::sign_mu(&key, &mu, None).unwrap());
    }
}

#[test]
fn refuses_what_is_not_a_mu_signature() {
    let alg = Algorithm::MlDsa65;
    let key = key::from_seed(alg, &[9; 32]).expect("key");
    let pk = key.public.clone().expect("public key");
    let mu = ml_dsa_mu::compute(&pk, MESSAGE, b"").expect("mu");
    let sig = signature::sign_mu(&key, &mu, None).expect("sign");
    let mut other_mu = mu.clone();
    other_mu[0] ^= 1;
    assert_eq!(signature::verify_mu(alg, &pk, &other_mu, &sig), Err(Status::VerificationFailed));
    let mut tampered = sig.clone();
    tampered[10] ^= 1;
    assert_eq!(signature::verify_mu(alg, &pk, &mu, &tampered), Err(Status::VerificationFailed));
    // A hint field that does not decode is an invalid signature, not another error.
    let mut bad_hint = sig.clone();
    let last = bad_hint.len() - 1;
    bad_hint[last] = 0xff;
    assert_eq!(signature::verify_mu(alg, &pk, &mu, &bad_hint), Err(Status::VerificationFailed));
    assert_eq!(signature::verify_mu(alg, &pk, &mu[..63], &sig), Err(Status::InvalidLength));
    assert_eq!(signature::sign_mu(&key, &[0; 65], None), Err(Status::InvalidLength));
    assert_eq!(signature::sign_mu(&key, &mu, Some(&[0; 31])), Err(Status::InvalidLength));
    assert_eq!(signature::verify_mu(alg, &pk, &mu, &sig[1..]), Err(Status::InvalidLength));
    let ed = key::from_seed(Algorithm::Ed25519, &[1; 32]).expect("ed25519");
    assert_eq!(signature::sign_mu(&ed, &mu, None), Err(Status::UnsupportedOperation));
}
