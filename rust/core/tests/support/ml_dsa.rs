//! What the ML-DSA sigGen and sigVer groups ask for (FIPS 204 §5 and §6, ACVP fields).

/// How a group's message reaches ML-DSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interface {
    /// ML-DSA.Sign / Verify (Algorithms 2 and 3) with a context string.
    Pure,
    /// HashML-DSA.Sign / Verify (Algorithms 4 and 5) with a context string and `hashAlg`.
    PreHash,
    /// ML-DSA.Sign_internal / Verify_internal (Algorithms 7 and 8) over the given `M′`.
    Internal,
    /// Sign_internal / Verify_internal from a precomputed `μ` (`api::sign_mu`, `api::verify_mu`).
    ExternalMu,
}

impl Interface {
    /// Classifies a group by its `signatureInterface`, `preHash` and `externalMu` fields.
    pub fn of(signature_interface: &str, pre_hash: Option<&str>, external_mu: Option<bool>) -> Self {
        match (signature_interface, pre_hash, external_mu) {
            ("external", Some("pure"), None | Some(false)) => Interface::Pure,
            ("external", Some("preHash"), None | Some(false)) => Interface::PreHash,
            ("internal", None | Some("none"), Some(false)) => Interface::Internal,
            ("internal", None | Some("none"), Some(true)) => Interface::ExternalMu,
            other => panic!("unknown ML-DSA group interface {other:?}"),
        }
    }
}
