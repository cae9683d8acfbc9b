//! Hash functions for HashML-DSA pre-hashing and general use.

use crate::algorithm::HashAlgorithm;
use sha2::Digest;
use shake::{ExtendableOutput, Update, XofReader};

fn fixed<D: Digest>(input: &[u8]) -> Vec<u8> {
    D::digest(input).to_vec()
}

fn xof<X: Default + Update + ExtendableOutput>(input: &[u8], len: usize) -> Vec<u8> {
    let mut hasher = X::default();
    hasher.update(input);
    let mut out = vec![0u8; len];
    hasher.finalize_xof().read(&mut out);
    out
}

/// `hash(input)`; SHAKE128/256 produce 32/64 bytes as FIPS 204 §5.4 specifies.
pub fn digest(hash: HashAlgorithm, input: &[u8]) -> Vec<u8> {
    use HashAlgorithm::*;
    match hash {
        Sha224 => fixed::<sha2::Sha224>(input),
        Sha256 => fixed::<sha2::Sha256>(input),
        Sha384 => fixed::<sha2::Sha384>(input),
        Sha512 => fixed::<sha2::Sha512>(input),
        Sha512_224 => fixed::<sha2::Sha512_224>(input),
        Sha512_256 => fixed::<sha2::Sha512_256>(input),
        Sha3_224 => fixed::<sha3::Sha3_224>(input),
        Sha3_256 => fixed::<sha3::Sha3_256>(input),
        Sha3_384 => fixed::<sha3::Sha3_384>(input),
        Sha3_512 => fixed::<sha3::Sha3_512>(input),
        Shake128 => xof::<shake::Shake128>(input, hash.output_len()),
        Shake256 => xof::<shake::Shake256>(input, hash.output_len()),
    }
}
