//! Empty: the crate only carries benches/candidates.rs.
