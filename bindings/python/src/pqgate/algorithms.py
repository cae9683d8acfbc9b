"""
Public algorithm names and the ABI numbers they stand for (``PqAlgorithm``,
``PqHashAlgorithm``, ``PqAeadAlgorithm``, ``PqKeyKind`` in ``pqgate.h``).

The API takes spec names (``"ML-KEM-768"``, ``"SHA3-256"``), as the TypeScript binding does
(``ffi/algorithms.ts``); this is the only module that knows the numbers.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

KemAlgorithm = Literal["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"]
SignatureAlgorithm = Literal["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519", "ECDSA-P256"]
AgreementAlgorithm = Literal["X25519"]
SymmetricAlgorithm = Literal["AES-256-GCM", "ChaCha20-Poly1305"]
MacAlgorithm = Literal["HMAC-SHA-256", "HMAC-SHA-512", "HMAC-SHA3-256"]
Algorithm = Literal[KemAlgorithm, SignatureAlgorithm, AgreementAlgorithm, SymmetricAlgorithm, MacAlgorithm]
NativeAlgorithm = Literal["ECDSA-P256", "Ed25519"]
HashAlgorithm = Literal[
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA-224",
    "SHA-512/224",
    "SHA-512/256",
    "SHA3-224",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "SHAKE128",
    "SHAKE256",
]
AeadAlgorithm = Literal["AES-256-GCM", "ChaCha20-Poly1305"]
KeyKind = Literal[
    "kem-decapsulation-key",
    "kem-encapsulation-key",
    "signing-key",
    "verifying-key",
    "agreement-private-key",
    "agreement-public-key",
    "secret-key",
    "mac-key",
]

ALGORITHMS: Final[dict[str, int]] = {
    "ML-KEM-512": 1,
    "ML-KEM-768": 2,
    "ML-KEM-1024": 3,
    "X-Wing": 4,
    "X25519": 5,
    "ML-DSA-44": 16,
    "ML-DSA-65": 17,
    "ML-DSA-87": 18,
    "Ed25519": 19,
    "ECDSA-P256": 20,
    "AES-256-GCM": 32,
    "ChaCha20-Poly1305": 33,
    "HMAC-SHA-256": 48,
    "HMAC-SHA-512": 49,
    "HMAC-SHA3-256": 50,
}

KEMS: Final = frozenset(get_args(KemAlgorithm))
SIGNATURES: Final = frozenset(get_args(SignatureAlgorithm))
AGREEMENTS: Final = frozenset(get_args(AgreementAlgorithm))
SYMMETRIC: Final = frozenset(get_args(SymmetricAlgorithm))
MACS: Final = frozenset(get_args(MacAlgorithm))

HASHES: Final[dict[str, int]] = {
    "SHA-256": 1,
    "SHA-384": 2,
    "SHA-512": 3,
    "SHA-224": 4,
    "SHA-512/224": 5,
    "SHA-512/256": 6,
    "SHA3-224": 7,
    "SHA3-256": 8,
    "SHA3-384": 9,
    "SHA3-512": 10,
    "SHAKE128": 11,
    "SHAKE256": 12,
}

# First-try output sizes of `hash` (the binding retries once on BUFFER_TOO_SMALL, so Rust
# stays authoritative).
HASH_LENGTH: Final[dict[str, int]] = {
    "SHA-256": 32,
    "SHA-384": 48,
    "SHA-512": 64,
    "SHA-224": 28,
    "SHA-512/224": 28,
    "SHA-512/256": 32,
    "SHA3-224": 28,
    "SHA3-256": 32,
    "SHA3-384": 48,
    "SHA3-512": 64,
    "SHAKE128": 32,
    "SHAKE256": 64,
}

AEADS: Final[dict[str, int]] = {"AES-256-GCM": 1, "ChaCha20-Poly1305": 2}

KEY_KINDS: Final[dict[str, int]] = {
    "kem-decapsulation-key": 1,
    "kem-encapsulation-key": 2,
    "signing-key": 3,
    "verifying-key": 4,
    "agreement-private-key": 5,
    "agreement-public-key": 6,
    "secret-key": 7,
    "mac-key": 8,
}

# `nonce (12) ‖ … ‖ tag (16)`: what pq_aead_seal adds to the plaintext.
AEAD_OVERHEAD: Final = 28
# `"PQSB" ‖ version ‖ algorithm (7) ‖ … ‖ tag (16)`: a sealed box besides the KEM ciphertext.
SEALED_BOX_OVERHEAD: Final = 23


def _lookup(table: dict[str, int], what: str, name: object) -> int:
    if not isinstance(name, str) or name not in table:
        raise TypeError(f"unknown {what} {name!r}; expected one of {', '.join(table)}")
    return table[name]


def algorithm_id(name: str) -> int:
    """The ABI number of an algorithm name; ``TypeError`` for a name the ABI does not know."""
    return _lookup(ALGORITHMS, "algorithm", name)


def hash_id(name: str) -> int:
    """The ABI number of a hash name; ``TypeError`` for an unknown name."""
    return _lookup(HASHES, "hash algorithm", name)


def aead_id(name: str) -> int:
    """The ABI number of an AEAD name; ``TypeError`` for an unknown name."""
    return _lookup(AEADS, "AEAD algorithm", name)
