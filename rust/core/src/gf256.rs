//! Constant-time arithmetic in GF(2^8) with the AES polynomial `x^8 + x^4 + x^3 + x + 1` (0x11b).
//!
//! Shamir shares are secret, so no operation here branches on or indexes by a value: the
//! multiplication is a fixed 8-round shift-and-xor whose conditional steps are masks, and
//! the inverse is `a^254` through a fixed square-and-multiply chain (Fermat: `a^255 = 1` for
//! `a ≠ 0`, and `0^254 = 0`). Log/antilog tables, as `blahaj` uses, would leak the secret
//! through the cache; hence this small implementation with exhaustive tests, the one primitive written here
//! (docs/ARCHITECTURE.md, "Sync primitives").

/// Addition (and subtraction) in GF(2^8).
#[inline]
pub const fn add(a: u8, b: u8) -> u8 {
    a ^ b
}

/// `0xff` if the lowest bit of `bit` is set, else `0x00`, without a branch.
#[inline]
const fn mask(bit: u8) -> u8 {
    (bit & 1).wrapping_neg()
}

/// Multiplication modulo 0x11b: eight fixed rounds, each adding `a` under a mask from one
/// bit of `b` and doubling `a` with a masked reduction.
#[inline]
pub const fn mul(a: u8, b: u8) -> u8 {
    let mut a = a;
    let mut b = b;
    let mut product = 0u8;
    let mut round = 0;
    while round < 8 {
        product ^= a & mask(b);
        let carry = mask(a >> 7);
        a = (a << 1) ^ (0x1b & carry);
        b >>= 1;
        round += 1;
    }
    product
}

/// `a^2`.
#[inline]
const fn square(a: u8) -> u8 {
    mul(a, a)
}

/// The multiplicative inverse `a^254` (so `inv(0) = 0`, which callers never rely on).
/// The chain is fixed: 254 = 0b1111_1110, computed as a^2·a^4·…·a^128.
pub const fn inv(a: u8) -> u8 {
    let a2 = square(a);
    let a4 = square(a2);
    let a8 = square(a4);
    let a16 = square(a8);
    let a32 = square(a16);
    let a64 = square(a32);
    let a128 = square(a64);
    mul(mul(mul(a2, a4), mul(a8, a16)), mul(mul(a32, a64), a128))
}

/// Division `a / b` (`b ≠ 0`).
#[inline]
pub const fn div(a: u8, b: u8) -> u8 {
    mul(a, inv(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Schoolbook carry-less multiplication, then reduction: an independent reference.
    fn reference_mul(a: u8, b: u8) -> u8 {
        let mut wide = 0u16;
        for bit in 0..8 {
            if (b >> bit) & 1 == 1 {
                wide ^= u16::from(a) << bit;
            }
        }
        for bit in (8..16).rev() {
            if (wide >> bit) & 1 == 1 {
                wide ^= 0x11b << (bit - 8);
            }
        }
        u8::try_from(wide).unwrap_or_default()
    }

    fn all() -> impl Iterator<Item = u8> {
        0..=u8::MAX
    }

    #[test]
    fn every_product_matches_the_reference() {
        for a in all() {
            for b in all() {
                assert_eq!(mul(a, b), reference_mul(a, b), "{a:#04x} * {b:#04x}");
            }
        }
    }

    #[test]
    fn known_products_from_fips_197() {
        // FIPS 197 §4.2: {57} • {83} = {c1}, {57} • {13} = {fe}.
        assert_eq!(mul(0x57, 0x83), 0xc1);
        assert_eq!(mul(0x57, 0x13), 0xfe);
    }

    #[test]
    fn every_nonzero_element_has_its_inverse() {
        assert_eq!(inv(0), 0);
        for a in all().skip(1) {
            let a_inv = inv(a);
            assert_eq!(mul(a, a_inv), 1, "{a:#04x}");
            // The inverse is unique: exactly one b with a·b = 1.
            assert_eq!(all().filter(|b| mul(a, *b) == 1).count(), 1);
            assert_eq!(div(1, a), a_inv);
        }
    }

    #[test]
    fn field_laws_hold_for_every_pair() {
        for a in all() {
            assert_eq!(mul(a, 1), a);
            assert_eq!(mul(a, 0), 0);
            assert_eq!(add(a, a), 0);
            for b in all() {
                assert_eq!(mul(a, b), mul(b, a));
                assert_eq!(add(a, b), add(b, a));
                if b != 0 {
                    assert_eq!(mul(div(a, b), b), a);
                }
            }
        }
    }

    #[test]
    fn associativity_and_distributivity_hold_on_a_dense_sample() {
        // All 2^24 triples would take seconds in debug builds; every 7th b and c still
        // covers every a with ~1300 partners each.
        for a in all() {
            for b in all().step_by(7) {
                for c in all().step_by(7) {
                    assert_eq!(mul(mul(a, b), c), mul(a, mul(b, c)));
                    assert_eq!(mul(a, add(b, c)), add(mul(a, b), mul(a, c)));
                }
            }
        }
    }
}
