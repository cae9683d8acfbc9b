//! Lower-case hexadecimal for identifiers and known-answer constants (never for secrets
//! that could reach a log: those have no `Display`).

use crate::{PqResult, Status};

/// Lower-case hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of a hex string (either case).
///
/// # Errors
/// [`Status::InvalidArgument`] for an odd length or a non-hex character.
pub fn decode(hex: &str) -> PqResult<Vec<u8>> {
    let nibble = |c: u8| (c as char).to_digit(16).ok_or(Status::InvalidArgument);
    hex.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => u8::try_from(nibble(*hi)? * 16 + nibble(*lo)?).map_err(|_| Status::InvalidArgument),
            _ => Err(Status::InvalidArgument),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips_and_rejects_bad_input() {
        assert_eq!(super::decode(&super::encode(&[0, 0xab, 0xff])), Ok(vec![0, 0xab, 0xff]));
        assert!(super::decode("abc").is_err());
        assert!(super::decode("zz").is_err());
    }
}
