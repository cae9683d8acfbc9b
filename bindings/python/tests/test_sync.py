"""
The device-sync primitives through the Python binding (as ``test/ffi/sync-primitives.test.ts``):
sealed boxes, sealed private keys reopening into the same key, Shamir recovery and each
refusal, and Argon2id's bounds.
"""

from __future__ import annotations

from itertools import combinations

import pytest

import pqgate

from .support import flip, raises_status, status

KEMS: list[pqgate.KemAlgorithm] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"]
SOFTWARE: list[pqgate.Algorithm] = [*KEMS, "X25519", "ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519"]


@pytest.mark.parametrize("alg", KEMS)
def test_sealed_box_round_trip(pq: pqgate.Pqgate, alg: pqgate.KemAlgorithm) -> None:
    with pq.generate_key(alg) as sk, pq.import_public_key(alg, sk.public_key()) as pk:
        plaintext = f"bundle for {alg}".encode()
        sealed = pk.seal(plaintext, b"account 7|epoch 3")
        assert len(sealed) == 23 + pq.algorithm_sizes(alg).ciphertext + len(plaintext)
        assert sealed[:4] == b"PQSB"
        assert sk.open_sealed(sealed, b"account 7|epoch 3") == plaintext
        assert sk.open_sealed(pk.seal(b"")) == b""
        assert sk.open_sealed(sk.seal(plaintext)) == plaintext, "sealing to the private handle's public half"
        assert pk.seal(plaintext) != pk.seal(plaintext), "a fresh encapsulation per box"


def test_a_tampered_or_misaddressed_box_does_not_open(pq: pqgate.Pqgate) -> None:
    with pq.generate_key("X-Wing") as sk, pq.generate_key("X-Wing") as other, pq.generate_key("ML-KEM-768") as mlkem:
        sealed = sk.seal(b"sixteen byte msg", b"aad")
        for i in range(5, len(sealed)):
            with status("DECRYPTION_FAILED"):
                sk.open_sealed(flip(sealed, i, 1 << (i % 8)), b"aad")
        raises_status(lambda: sk.open_sealed(flip(sealed, 0), b"aad"), "INVALID_ARGUMENT")
        raises_status(lambda: sk.open_sealed(flip(sealed, 4), b"aad"), "INVALID_ARGUMENT")
        raises_status(lambda: sk.open_sealed(sealed, b"aaD"), "DECRYPTION_FAILED", "pq_seal_open")
        raises_status(lambda: sk.open_sealed(sealed), "DECRYPTION_FAILED")
        raises_status(lambda: other.open_sealed(sealed, b"aad"), "DECRYPTION_FAILED")
        raises_status(lambda: mlkem.open_sealed(sealed, b"aad"), "DECRYPTION_FAILED")
        raises_status(lambda: sk.open_sealed(sealed[:6], b"aad"), "INVALID_LENGTH")
        raises_status(lambda: sk.open_sealed(sealed[:-17], b"aad"), "INVALID_LENGTH")
        raises_status(lambda: sk.open_sealed(b"", b"aad"), "INVALID_LENGTH")


def test_seal_private_key_reopens_into_the_same_key(pq: pqgate.Pqgate) -> None:
    with pq.generate_key("X-Wing") as recipient, pq.import_public_key("X-Wing", recipient.public_key()) as to:
        for alg in SOFTWARE:
            with pq.generate_key(alg) as key:
                aad = f"device-2|{alg}".encode()
                sealed = pq.seal_private_key(key, to, aad)
                seed = recipient.open_sealed(sealed, aad)
                assert len(seed) == pq.algorithm_sizes(alg).seed
                with pq.key_from_seed(alg, seed) as again:
                    assert again.public_key() == key.public_key(), alg
                with status("DECRYPTION_FAILED"):
                    recipient.open_sealed(sealed, b"device-3")
        closed = pq.generate_key("Ed25519")
        closed.close()
        raises_status(lambda: pq.seal_private_key(closed, to), "STALE_HANDLE", "pq_seal_private_key")


def test_shamir_3_of_5(pq: pqgate.Pqgate) -> None:
    secret = pq.random_bytes(32)
    shares = pq.shamir_split(secret, 3, 5)
    assert [len(s) for s in shares] == [32 + pqgate.SHAMIR_SHARE_OVERHEAD] * 5
    for subset in combinations(shares, 3):
        assert pq.shamir_combine(subset) == secret
        assert pq.shamir_combine(subset[::-1]) == secret
    assert pq.shamir_combine(shares) == secret
    for pair in combinations(shares, 2):
        with status("SHARES_INSUFFICIENT"):
            pq.shamir_combine(pair)
    raises_status(lambda: pq.shamir_combine([]), "SHARES_INSUFFICIENT", "pq_shamir_combine")


def test_shamir_refuses_corrupted_mixed_repeated_and_malformed_shares(pq: pqgate.Pqgate) -> None:
    a0, a1, a2 = pq.shamir_split(b"recovery secret", 2, 3)
    b0 = pq.shamir_split(b"recovery secret", 2, 3)[0]
    for i in range(19, len(a0)):
        with status("SHARE_CORRUPT"):
            pq.shamir_combine([flip(a0, i), a1])
    raises_status(lambda: pq.shamir_combine([a0, b0]), "SHARES_INCONSISTENT")
    raises_status(lambda: pq.shamir_combine([a2, a2]), "SHARES_INCONSISTENT")
    raises_status(lambda: pq.shamir_combine([a0, flip(a1, 17, 4)]), "SHARES_INCONSISTENT")  # threshold byte
    raises_status(lambda: pq.shamir_combine([a0, a1[:-1]]), "SHARES_INCONSISTENT")
    raises_status(lambda: pq.shamir_combine([a0, flip(a1, 0, 3)]), "SHARE_MALFORMED")  # version
    raises_status(lambda: pq.shamir_combine([a0, a1[: pqgate.SHAMIR_SHARE_OVERHEAD]]), "SHARE_MALFORMED")
    raises_status(lambda: pq.shamir_combine([bytes(10), bytes(10)]), "SHARE_MALFORMED")


def test_shamir_split_bounds(pq: pqgate.Pqgate) -> None:
    assert len(pq.shamir_split(pq.random_bytes(64), 255, 255)) == 255
    assert len(pq.shamir_split(pq.random_bytes(1024), 2, 3)[0]) == 1024 + pqgate.SHAMIR_SHARE_OVERHEAD
    assert pq.shamir_combine(pq.shamir_split(b"x", 2, 2)) == b"x"
    for threshold, count in ((1, 3), (4, 3), (2, 256), (2, 2**32 - 1)):
        with status("INVALID_ARGUMENT", "pq_shamir_split"):
            pq.shamir_split(b"x", threshold, count)
    raises_status(lambda: pq.shamir_split(b"", 2, 3), "INVALID_LENGTH")
    raises_status(lambda: pq.shamir_split(bytes(1025), 2, 3), "INVALID_LENGTH")
    with pytest.raises(TypeError):
        pq.shamir_split(b"x", 2.5, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="count"):
        pq.shamir_split(b"x", 2, -1)


def test_password_derive(pq: pqgate.Pqgate) -> None:
    salt = pq.random_bytes(16)
    a = pq.password_derive(b"correct horse", salt, memory_kib=64, iterations=1, parallelism=1)
    assert len(a) == 32
    assert a == pq.password_derive(bytearray(b"correct horse"), salt, memory_kib=64, iterations=1, parallelism=1)
    assert a != pq.password_derive(b"correct horse", pq.random_bytes(16), memory_kib=64, iterations=1, parallelism=1)
    assert (
        len(pq.password_derive(b"", pq.random_bytes(64), memory_kib=256, iterations=3, parallelism=4, length=64)) == 64
    )


@pytest.mark.parametrize(
    ("salt_len", "memory_kib", "iterations", "parallelism", "length"),
    [
        (15, 64, 1, 1, 32),
        (65, 64, 1, 1, 32),
        (16, 64, 1, 1, 15),
        (16, 64, 1, 1, 65),
        (16, 64, 1, 1, 2**32 - 1),
        (16, 7, 1, 1, 32),
        (16, 4 * 1024 * 1024 + 1, 1, 1, 32),
        (16, 31, 1, 4, 32),
        (16, 64, 0, 1, 32),
        (16, 64, 17, 1, 32),
        (16, 64, 1, 0, 32),
        (16, 1024, 1, 17, 32),
    ],
)
def test_password_derive_bounds(  # noqa: PLR0917 (one parameter per column of the table)
    pq: pqgate.Pqgate, salt_len: int, memory_kib: int, iterations: int, parallelism: int, length: int
) -> None:
    raises_status(
        lambda: pq.password_derive(
            b"pw", bytes(salt_len), memory_kib=memory_kib, iterations=iterations, parallelism=parallelism, length=length
        ),
        "INVALID_ARGUMENT",
        "pq_password_derive",
    )
