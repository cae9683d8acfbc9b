"""
Every algorithm end to end through the Python binding (as ``test/ffi/roundtrip.test.ts``),
with hashes and HKDF checked against Python's own independent ``hashlib``/``hmac``.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest

import pqgate
from pqgate.internal import ALGORITHMS, KEY_KINDS, RawLibrary

from .support import flip, status

KEMS: list[pqgate.KemAlgorithm] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"]
SIGNERS: list[pqgate.SignatureAlgorithm] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519"]


def test_the_library_loads_and_passes_its_self_tests(pq: pqgate.Pqgate) -> None:
    result = pq.self_test()
    assert result.ok
    assert result.code == 0
    assert result.message
    assert pqgate.EXPECTED_ABI_VERSION == 1


def test_library_candidates_and_a_library_that_does_not_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from pqgate import _abi  # noqa: PLC0415

    monkeypatch.setenv("PQGATE_LIB", "/nonexistent/env.so")
    monkeypatch.setattr(_abi, "release_library_path", lambda: "/nonexistent/release.so")
    assert pqgate.library_candidates("/nonexistent/env.so") == ["/nonexistent/env.so", "/nonexistent/release.so"]
    with pytest.raises(pqgate.LoadError) as caught:
        pqgate.load("/nonexistent/explicit.so")
    message = str(caught.value)
    assert message.startswith("could not load the pqgate library; tried:\n  /nonexistent/explicit.so: ")
    assert "/nonexistent/env.so" in message
    assert "/nonexistent/release.so" in message
    monkeypatch.delenv("PQGATE_LIB")
    assert pqgate.library_candidates() == ["/nonexistent/release.so"]


@pytest.mark.parametrize("alg", KEMS)
def test_kem_round_trip(pq: pqgate.Pqgate, alg: pqgate.KemAlgorithm) -> None:
    sizes = pq.algorithm_sizes(alg)
    with pq.generate_key(alg) as sk:
        assert sk.kind == "kem-decapsulation-key"
        exported = sk.public_key()
        assert len(exported) == sizes.public_key
        with pq.import_public_key(alg, exported) as pk:
            assert pk.kind == "kem-encapsulation-key"
            assert pk.public_key() == exported
            ciphertext, secret = pk.encapsulate()
        assert (len(ciphertext), len(secret)) == (sizes.ciphertext, sizes.shared_secret)
        assert sk.decapsulate(ciphertext) == secret
        own = sk.encapsulate()
        assert sk.decapsulate(own.ciphertext) == own.shared_secret
        # Implicit rejection: a tampered ciphertext gives another secret, not an error.
        assert sk.decapsulate(flip(ciphertext, 0)) != secret
        randomness = bytes([7]) * sizes.encapsulation_randomness
        assert sk.encapsulate_deterministic(randomness) == sk.encapsulate_deterministic(randomness)


@pytest.mark.parametrize("alg", SIGNERS)
def test_signatures(pq: pqgate.Pqgate, alg: pqgate.SignatureAlgorithm) -> None:
    sizes = pq.algorithm_sizes(alg)
    context = b"" if alg == "Ed25519" else b"pqgate roundtrip"
    message = f"message for {alg}".encode()
    with pq.generate_key(alg) as sk, pq.import_public_key(alg, sk.public_key()) as pk:
        assert (sk.kind, pk.kind) == ("signing-key", "verifying-key")
        signature = sk.sign(message, context=context)
        assert len(signature) == sizes.signature
        assert pk.verify(message, signature, context=context)
        assert sk.verify(message, signature, context=context), "a signing key verifies too"
        assert not pk.verify(b"another message", signature, context=context)
        assert not pk.verify(message, flip(signature, 10, 0x40), context=context)
        if alg != "Ed25519":
            assert not pk.verify(message, signature, context=b"other"), "the context is bound"
            assert sk.sign(message, deterministic=True) == sk.sign(message, deterministic=True)
            assert sk.sign(message) != sk.sign(message), "hedged by default"
            digest = pq.hash("SHA-512", message)
            pre = sk.sign_prehashed("SHA-512", digest, context=context)
            assert pk.verify_prehashed("SHA-512", digest, pre, context=context)
            assert not pk.verify(message, pre, context=context), "HashML-DSA is domain-separated"
            assert pk.verify_internal(message, sk.sign_internal(message))
    seed = bytes([42]) * sizes.seed
    with pq.key_from_seed(alg, seed) as a, pq.key_from_seed(alg, seed) as b:
        assert a.public_key() == b.public_key()


def test_x25519_both_ways_and_rfc_7748(pq: pqgate.Pqgate) -> None:
    with pq.generate_key("X25519") as alice, pq.generate_key("X25519") as bob:
        with pq.import_public_key("X25519", bob.public_key()) as bob_public:
            assert bob_public.kind == "agreement-public-key"
            shared = alice.agree(bob_public)
        assert len(shared) == 32
        assert shared == bob.agree(alice.public_key())
    scalar = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    with pq.import_private_key("X25519", scalar) as a:
        assert a.public_key().hex() == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
        peer = bytes.fromhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        assert a.agree(peer).hex() == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"


def test_key_info_reports_the_header_numbers(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    import ctypes  # noqa: PLC0415

    kind, algorithm = ctypes.c_uint32(), ctypes.c_uint32()
    algorithms: list[pqgate.Algorithm] = [*KEMS, *SIGNERS, "X25519"]
    for alg in algorithms:
        with pq.generate_key(alg) as sk, pq.import_public_key(alg, sk.public_key()) as pk:
            for key in (sk, pk):
                assert raw.pq_key_info(key.handle, kind, algorithm) == 0
                assert (kind.value, algorithm.value) == (KEY_KINDS[key.kind], ALGORITHMS[alg])


HASHLIB = {
    "SHA-224": "sha224",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
    "SHA-512/224": "sha512_224",
    "SHA-512/256": "sha512_256",
    "SHA3-224": "sha3_224",
    "SHA3-256": "sha3_256",
    "SHA3-384": "sha3_384",
    "SHA3-512": "sha3_512",
}


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 9])
def test_hashes_equal_hashlib(pq: pqgate.Pqgate, data: bytes) -> None:
    for name, ours in HASHLIB.items():
        assert pq.hash(name, data) == hashlib.new(ours, data).digest(), name  # type: ignore[arg-type]
    assert pq.hash("SHAKE128", data) == hashlib.shake_128(data).digest(32)
    assert pq.hash("SHAKE256", data) == hashlib.shake_256(data).digest(64)


def _hkdf(digest: str, ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 on Python's hmac: an independent implementation."""
    prk = hmac.new(salt or bytes(hashlib.new(digest).digest_size), ikm, digest).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), digest).digest()
        okm, counter = okm + block, counter + 1
    return okm[:length]


def test_hkdf_rfc_5869_and_hmac(pq: pqgate.Pqgate) -> None:
    okm = pq.hkdf("SHA-256", bytes([0x0B]) * 22, bytes(range(13)), bytes(range(0xF0, 0xFA)), 42)
    assert okm.hex() == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    hkdf_hashes: list[tuple[pqgate.HashAlgorithm, str]] = [("SHA-256", "sha256"), ("SHA3-256", "sha3_256")]
    for hash_name, digest in hkdf_hashes:
        for length in (1, 32, 100, 255 * 32):
            ours = pq.hkdf(hash_name, b"ikm", b"salt", b"info", length)
            assert ours == _hkdf(digest, b"ikm", b"salt", b"info", length)
        with status("INVALID_LENGTH", "pq_hkdf"):
            pq.hkdf(hash_name, b"k", b"", b"", 255 * 32 + 1)


AEAD_KNOWN_ANSWERS = {
    # McGrew & Viega GCM test case 16 (AES-256), as nonce ‖ ciphertext ‖ tag.
    "AES-256-GCM": (
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "cafebabefacedbaddecaf888"
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e63"
        "93ba7a0abcc9f662"
        "76fc6ece0f4e1768cddf8853bb2d551b",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
        "b16aedf5aa0de657ba637b39",
    ),
    # RFC 8439 §2.8.2.
    "ChaCha20-Poly1305": (
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
        "50515253c0c1c2c3c4c5c6c7",
        "070000004041424344454647"
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a"
        "9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9d"
        "e576d26586cec64b6116"
        "1ae10b594f09e26a7e902ecbd0600691",
        b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
        b"sunscreen would be it.".hex(),
    ),
}


@pytest.mark.parametrize("alg", ["AES-256-GCM", "ChaCha20-Poly1305"])
def test_aead_known_answers_round_trips_and_tampering(pq: pqgate.Pqgate, alg: pqgate.AeadAlgorithm) -> None:
    key_hex, aad_hex, sealed_hex, plaintext_hex = AEAD_KNOWN_ANSWERS[alg]
    assert pq.aead_open(alg, bytes.fromhex(key_hex), bytes.fromhex(aad_hex), bytes.fromhex(sealed_hex)).hex() == (
        plaintext_hex
    )
    key, aad = pq.random_bytes(32), b"key id 7"
    for plaintext in (b"", b"attack at dawn", pq.random_bytes(5000)):
        sealed = pq.aead_seal(alg, key, aad, plaintext)
        assert len(sealed) == len(plaintext) + 28
        assert pq.aead_open(alg, key, aad, sealed) == plaintext
        for key_, aad_, sealed_ in (
            (key, aad, flip(sealed, -1)),
            (key, aad, flip(sealed, 0)),
            (key, b"key id 8", sealed),
            (pq.random_bytes(32), aad, sealed),
        ):
            with status("DECRYPTION_FAILED", "pq_aead_open"):
                pq.aead_open(alg, key_, aad_, sealed_)
    assert pq.aead_seal(alg, key, aad, b"x") != pq.aead_seal(alg, key, aad, b"x"), "fresh nonces"


def test_random_bytes(pq: pqgate.Pqgate) -> None:
    assert pq.random_bytes(0) == b""
    assert len(pq.random_bytes(100)) == 100
    assert pq.random_bytes(32) != pq.random_bytes(32)


def test_symmetric_keys_match_independent_aead_and_hmac(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    """AEAD and HMAC keys from known bytes: hmac/hashlib agree, tampering fails, no public half."""
    import ctypes  # noqa: PLC0415

    kind, algorithm = ctypes.c_uint32(), ctypes.c_uint32()
    macs: list[tuple[pqgate.MacAlgorithm, str, int]] = [
        ("HMAC-SHA-256", "sha256", 32),
        ("HMAC-SHA-512", "sha512", 64),
        ("HMAC-SHA3-256", "sha3_256", 32),
    ]
    for mac_alg, hashlib_name, length in macs:
        key_bytes = pq.random_bytes(length)
        with pq.key_from_seed(mac_alg, key_bytes) as mac_key:
            assert isinstance(mac_key, pqgate.MacKey)
            assert raw.pq_key_info(mac_key.handle, kind, algorithm) == 0
            assert (kind.value, algorithm.value) == (KEY_KINDS["mac-key"], ALGORITHMS[mac_alg])
            tag = mac_key.mac(b"data")
            assert tag == hmac.new(key_bytes, b"data", hashlib_name).digest()
            assert mac_key.verify(b"data", tag)
            assert not mac_key.verify(b"datA", tag)
            assert not mac_key.verify(b"data", tag[:16])
    aeads: list[pqgate.SymmetricAlgorithm] = ["AES-256-GCM", "ChaCha20-Poly1305"]
    for aead in aeads:
        key_bytes = pq.random_bytes(32)
        with pq.key_from_seed(aead, key_bytes) as secret:
            assert isinstance(secret, pqgate.SecretKey)
            sealed = secret.encrypt(b"aad", b"attack at dawn")
            assert len(sealed) == 12 + 14 + 16
            assert secret.decrypt(b"aad", sealed) == b"attack at dawn"
            # The same bytes through the keyless AEAD export: the key is the seed.
            assert pq.aead_open(aead, key_bytes, b"aad", sealed) == b"attack at dawn"
            with status("DECRYPTION_FAILED"):
                secret.decrypt(b"aad", flip(sealed, 20))
            with status("UNSUPPORTED_OPERATION"):
                secret.public_key()
