//! Native key pairs in a PKCS#11 token: ECDSA P-256 and Ed25519 keys generated inside the
//! token (private half sensitive and never extractable) and used there for signing.
//!
//! The reference a caller keeps is the key pair's random 16-byte `CKA_ID`; both halves carry
//! it, and the label `pqgate-key/<hex id>`. Roots are AES secret keys, so [`RootKeys::roots`]
//! never lists these objects.
//!
//! [`RootKeys::roots`]: super::RootKeys::roots

use super::pkcs11::{Failure, Pkcs11Keystore};
use super::{NativeKey, NativeKeys};
use crate::algorithm::{Algorithm, HashAlgorithm};
use crate::{PqResult, Status};
use cryptoki::mechanism::Mechanism;
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::Session;

const LABEL_PREFIX: &str = "pqgate-key/";
const ID_LEN: usize = 16;
const SIGNATURE_LEN: usize = 64;
/// DER of the OID 1.2.840.10045.3.1.7 (prime256v1, secp256r1).
const P256_PARAMS: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// DER of the OID 1.3.101.112 (id-Ed25519, RFC 8410), one of the two forms PKCS#11 3.0 allows.
const ED25519_PARAMS: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

/// What the token needs to know about each algorithm's keys.
struct Curve {
    key_type: KeyType,
    params: &'static [u8],
    /// Length of the raw public point (inside the DER OCTET STRING of `CKA_EC_POINT`).
    point_len: usize,
    point_is_valid: fn(&[u8]) -> bool,
}

fn curve(algorithm: Algorithm) -> PqResult<Curve> {
    match algorithm {
        Algorithm::EcdsaP256 => Ok(Curve {
            key_type: KeyType::EC,
            params: P256_PARAMS,
            point_len: crate::ecdsa_p256::PUBLIC_KEY_LEN,
            point_is_valid: crate::ecdsa_p256::public_key_is_valid,
        }),
        Algorithm::Ed25519 => Ok(Curve {
            key_type: KeyType::EC_EDWARDS,
            params: ED25519_PARAMS,
            point_len: 32,
            point_is_valid: crate::ed25519::public_key_is_valid,
        }),
        _ => Err(Status::UnsupportedOperation),
    }
}

/// The `CKA_ID` a reference names; any other length is not one of ours.
fn id_of(reference: &[u8]) -> PqResult<[u8; ID_LEN]> {
    reference.try_into().map_err(|_| Status::InvalidKey)
}

/// The key object of `class` with `id` and the curve's key type, if the token holds one.
fn find(session: &Session, class: ObjectClass, curve: &Curve, id: &[u8]) -> Result<Option<ObjectHandle>, Failure> {
    let template = [Attribute::Class(class), Attribute::KeyType(curve.key_type), Attribute::Id(id.to_vec())];
    Ok(session.find_objects(&template)?.into_iter().next())
}

/// As [`find`], for an object that must exist.
fn find_required(session: &Session, class: ObjectClass, curve: &Curve, id: &[u8]) -> Result<ObjectHandle, Failure> {
    find(session, class, curve, id)?.ok_or(Failure::Status(Status::InvalidKey))
}

/// The raw public point of `key`: `CKA_EC_POINT` is a DER OCTET STRING around it.
fn read_point(session: &Session, key: ObjectHandle, curve: &Curve) -> Result<Vec<u8>, Failure> {
    let attributes = session.get_attributes(key, &[AttributeType::EcPoint])?;
    let point = match attributes.as_slice() {
        [Attribute::EcPoint(der)] => match der.split_first() {
            Some((0x04, rest)) => der_content(rest),
            _ => None,
        },
        _ => None,
    };
    // Another length is another curve (or a token that does not wrap the point).
    point
        .filter(|point| point.len() == curve.point_len && (curve.point_is_valid)(point))
        .map(<[u8]>::to_vec)
        .ok_or(Failure::Status(Status::KeystoreDeviceError))
}

/// The content after a DER length (definite, minimal form) that must span all of `input`.
fn der_content(input: &[u8]) -> Option<&[u8]> {
    let (&first, rest) = input.split_first()?;
    let (len, content) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x81 => rest.split_first().filter(|(len, _)| **len >= 0x80).map(|(len, c)| (usize::from(*len), c))?,
        0x82 => rest
            .split_first_chunk::<2>()
            .map(|(len, c)| (usize::from(u16::from_be_bytes(*len)), c))
            .filter(|(len, _)| *len >= 0x100)?,
        // Longer than 65535 bytes, indefinite or non-minimal: no EC point looks like that.
        _ => return None,
    };
    (content.len() == len).then_some(content)
}

impl Pkcs11Keystore {
    /// [`Pkcs11Keystore::with_session`] for native keys: a key handle that went stale
    /// between lookup and use means the key was destroyed meanwhile.
    fn with_native<T>(&self, op: impl FnOnce(&Session) -> Result<T, Failure>) -> PqResult<T> {
        self.with_session(op).map_err(|status| match status {
            Status::RootKeyNotFound => Status::InvalidKey,
            other => other,
        })
    }
}

impl NativeKeys for Pkcs11Keystore {
    fn native_algorithms(&self) -> &'static [Algorithm] {
        &[Algorithm::EcdsaP256, Algorithm::Ed25519]
    }

    fn native_generate(&self, algorithm: Algorithm) -> PqResult<NativeKey> {
        let curve = curve(algorithm)?;
        let id = *crate::rng::array::<ID_LEN>()?;
        let label = format!("{LABEL_PREFIX}{}", crate::hex::encode(&id)).into_bytes();
        let public_template = [
            Attribute::EcParams(curve.params.to_vec()),
            Attribute::Token(true),
            Attribute::Verify(true),
            Attribute::Encrypt(false),
            Attribute::Wrap(false),
            Attribute::Derive(false),
            Attribute::Modifiable(false),
            Attribute::Id(id.to_vec()),
            Attribute::Label(label.clone()),
        ];
        let private_template = [
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
            Attribute::Decrypt(false),
            Attribute::Unwrap(false),
            Attribute::Derive(false),
            // Nobody can later relax the usage flags or rename the key.
            Attribute::Modifiable(false),
            Attribute::Id(id.to_vec()),
            Attribute::Label(label),
        ];
        let mechanism = match algorithm {
            Algorithm::EcdsaP256 => Mechanism::EccKeyPairGen,
            _ => Mechanism::EccEdwardsKeyPairGen,
        };
        self.with_native(|session| {
            let (public, private) = session.generate_key_pair(&mechanism, &public_template, &private_template)?;
            match read_point(session, public, &curve) {
                Ok(point) => Ok(NativeKey { reference: id.to_vec(), public: point }),
                Err(failure) => {
                    // Leave no key behind that the caller never learnt about.
                    let _ = session.destroy_object(private);
                    let _ = session.destroy_object(public);
                    Err(failure)
                }
            }
        })
    }

    fn native_public(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<Vec<u8>> {
        let curve = curve(algorithm)?;
        let id = id_of(reference)?;
        self.with_native(|session| {
            let public = find_required(session, ObjectClass::PUBLIC_KEY, &curve, &id)?;
            read_point(session, public, &curve)
        })
    }

    fn native_sign(&self, algorithm: Algorithm, reference: &[u8], message: &[u8]) -> PqResult<Vec<u8>> {
        let curve = curve(algorithm)?;
        let id = id_of(reference)?;
        // CKM_ECDSA signs a digest computed outside; CKM_EDDSA (pure Ed25519) the message.
        let (mechanism, digest) = match algorithm {
            Algorithm::EcdsaP256 => (Mechanism::Ecdsa, Some(crate::digest::digest(HashAlgorithm::Sha256, message))),
            _ => (Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure)), None),
        };
        let data = digest.as_deref().unwrap_or(message);
        self.with_native(|session| {
            let private = find_required(session, ObjectClass::PRIVATE_KEY, &curve, &id)?;
            let signature = session.sign(&mechanism, private, data)?;
            // ECDSA as r ‖ s with 32-byte halves, or an Ed25519 signature: 64 bytes either way.
            (signature.len() == SIGNATURE_LEN).then_some(signature).ok_or(Failure::Status(Status::KeystoreDeviceError))
        })
    }

    fn native_destroy(&self, algorithm: Algorithm, reference: &[u8]) -> PqResult<()> {
        let curve = curve(algorithm)?;
        let id = id_of(reference)?;
        self.with_native(|session| {
            let private = find(session, ObjectClass::PRIVATE_KEY, &curve, &id)?;
            let public = find(session, ObjectClass::PUBLIC_KEY, &curve, &id)?;
            if private.is_none() && public.is_none() {
                return Err(Failure::Status(Status::InvalidKey));
            }
            // The private half first: once it is gone the key cannot sign, whatever happens next.
            for key in private.into_iter().chain(public) {
                session.destroy_object(key)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::der_content;

    #[test]
    fn der_lengths_are_definite_minimal_and_exact() {
        assert_eq!(der_content(&[0x02, 7, 8]), Some(&[7u8, 8][..]));
        assert_eq!(der_content(&[0x00]), Some(&[][..]));
        let long = [[0x81, 0x80].as_slice(), &[9; 0x80]].concat();
        assert_eq!(der_content(&long).map(<[u8]>::len), Some(0x80));
        let longer = [[0x82, 0x01, 0x00].as_slice(), &[9; 0x100]].concat();
        assert_eq!(der_content(&longer).map(<[u8]>::len), Some(0x100));
        // Non-minimal, indefinite, too long, truncated, or with bytes left over.
        assert_eq!(der_content(&[0x81, 0x02, 7, 8]), None);
        assert_eq!(der_content(&[[0x82, 0x00, 0x80].as_slice(), &[9; 0x80]].concat()), None);
        assert_eq!(der_content(&[0x80, 7, 0, 0]), None);
        assert_eq!(der_content(&[0x83, 0, 0, 1, 7]), None);
        assert_eq!(der_content(&[0x03, 7, 8]), None);
        assert_eq!(der_content(&[0x01, 7, 8]), None);
        assert_eq!(der_content(&[0x81]), None);
        assert_eq!(der_content(&[]), None);
    }
}
