//! The two-part key blob shared by sealed DEKs and native key references:
//! `u16 len || TPMT_PUBLIC || u16 len || TPM2B_PRIVATE body`, lengths big-endian, nothing
//! after. The TPM marshals the public area; the private part is kept as the TPM returned it.

use crate::{PqResult, Status};
use tss_esapi::structures::{Private, Public};
use tss_esapi::traits::{Marshall, UnMarshall};

/// Marshals a created object's two parts into one blob.
///
/// # Errors
/// [`Status::KeystoreDeviceError`] if the TPM's public area does not marshal;
/// [`Status::Internal`] for a part longer than a `u16` length can say.
pub(super) fn encode(public: &Public, private: &Private) -> PqResult<Vec<u8>> {
    let public = public.marshall().map_err(|_| Status::KeystoreDeviceError)?;
    let mut out = Vec::with_capacity(4 + public.len() + private.len());
    for part in [public.as_slice(), private.value()] {
        out.extend_from_slice(&u16::try_from(part.len()).map_err(|_| Status::Internal)?.to_be_bytes());
        out.extend_from_slice(part);
    }
    Ok(out)
}

/// Parses [`encode`]'s output strictly: the public area must re-marshal to the same bytes.
pub(super) fn decode(sealed: &[u8]) -> Option<(Public, Private)> {
    fn take(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
        let (len, rest) = bytes.split_first_chunk::<2>()?;
        rest.split_at_checked(usize::from(u16::from_be_bytes(*len)))
    }
    let (public_bytes, rest) = take(sealed)?;
    let (private, rest) = take(rest)?;
    let public = Public::unmarshall(public_bytes).ok()?;
    let canonical = public.marshall().ok()? == public_bytes;
    (rest.is_empty() && canonical).then_some(())?;
    Some((public, Private::try_from(private).ok()?))
}
