"""
Misuse from Python, mirroring ``test/ffi/misuse.test.ts``: every wrong input comes back as its
specific ``PqError`` (or a ``TypeError``/``ValueError`` before reaching Rust), never as a crash.
The raw functions (``pqgate.internal``) are used where the typed API would refuse the call
before the ABI could be exercised, including NULL pointers, which only a raw caller can pass.
"""

from __future__ import annotations

import ctypes
import secrets
from pathlib import Path

import pytest

import pqgate
from pqgate.internal import ALGORITHMS, HASHES, KEY_KINDS, RawLibrary

from .support import raises_status

OK, S = pqgate.PqStatus.OK, pqgate.PqStatus


def out(size: int) -> ctypes.Array[ctypes.c_ubyte]:
    return (ctypes.c_ubyte * size)()


def test_wrong_size_inputs_give_invalid_length(pq: pqgate.Pqgate) -> None:
    raises_status(lambda: pq.import_public_key("ML-KEM-768", bytes(1183)), "INVALID_LENGTH", "pq_key_import_public")
    raises_status(lambda: pq.import_private_key("ML-DSA-65", bytes(31)), "INVALID_LENGTH", "pq_key_import_private")
    raises_status(lambda: pq.key_from_seed("ML-KEM-512", bytes(32)), "INVALID_LENGTH", "pq_key_from_seed")
    raises_status(lambda: pq.import_public_key("Ed25519", b""), "INVALID_LENGTH")
    with pq.generate_key("ML-KEM-768") as kem:
        ciphertext, _ = kem.encapsulate()
        raises_status(lambda: kem.decapsulate(ciphertext[1:]), "INVALID_LENGTH", "pq_kem_decapsulate")
        raises_status(lambda: kem.decapsulate(b""), "INVALID_LENGTH")
        raises_status(lambda: kem.encapsulate_deterministic(bytes(31)), "INVALID_LENGTH")
    with pq.generate_key("ML-DSA-44") as signer:
        signature = signer.sign(b"m")
        raises_status(lambda: signer.verify(b"m", signature[1:]), "INVALID_LENGTH", "pq_sig_verify")
        raises_status(lambda: signer.sign(b"m", rnd=bytes(31)), "INVALID_LENGTH", "pq_sig_sign")
        raises_status(lambda: signer.sign_prehashed("SHA-256", bytes(31)), "INVALID_LENGTH")
    with pq.generate_key("X25519") as x:
        raises_status(lambda: x.agree(bytes(31)), "INVALID_LENGTH", "pq_x25519_agree")
    raises_status(lambda: pq.aead_seal("AES-256-GCM", bytes(16), b"", b"p"), "INVALID_LENGTH")


def test_invalid_key_material_and_low_order_peers(pq: pqgate.Pqgate) -> None:
    # An ML-KEM ek whose first coefficient is 0xfff > q fails the FIPS 203 §7.2 modulus check.
    raises_status(lambda: pq.import_public_key("ML-KEM-768", b"\xff\x0f" + bytes(1182)), "INVALID_KEY")
    with pq.generate_key("X25519") as x:
        raises_status(lambda: x.agree(bytes(32)), "NON_CONTRIBUTORY")


def test_context_too_long_and_ed25519_refuses_a_context(pq: pqgate.Pqgate) -> None:
    with pq.generate_key("ML-DSA-65") as sk:
        raises_status(lambda: sk.sign(b"m", context=bytes(256)), "CONTEXT_TOO_LONG", "pq_sig_sign")
        signature = sk.sign(b"m", context=bytes(255))
        assert sk.verify(b"m", signature, context=bytes(255))
        raises_status(lambda: sk.verify(b"m", signature, context=bytes(256)), "CONTEXT_TOO_LONG")
    with pq.generate_key("Ed25519") as ed:
        raises_status(lambda: ed.sign(b"m", context=b"c"), "INVALID_ARGUMENT")
        raises_status(lambda: ed.sign_internal(b"m"), "UNSUPPORTED_OPERATION")


def test_a_closed_key_is_stale_and_rust_agrees(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    sk = pq.generate_key("ML-DSA-44")
    handle = sk.handle
    sk.close()
    assert sk.closed
    sk.close()  # a no-op
    raises_status(lambda: sk.sign(b"m"), "STALE_HANDLE", "pq_sig_sign")
    raises_status(sk.public_key, "STALE_HANDLE")
    # The same handle through the raw ABI: Rust itself reports the freed handle.
    assert raw.pq_key_free(handle) == S.STALE_HANDLE
    assert raw.pq_key_export_public(handle, out(2000), 2000, ctypes.c_uint32()) == S.STALE_HANDLE
    # A handle freed behind the wrapper's back makes its close report the double free.
    other = pq.generate_key("X25519")
    assert raw.pq_key_free(other.handle) == OK
    raises_status(other.close, "STALE_HANDLE", "pq_key_free")


def test_a_handle_of_the_wrong_kind(pq: pqgate.Pqgate, raw: RawLibrary, tmp_path: Path) -> None:
    buffer, length, ss = out(8192), ctypes.c_uint32(), out(32)
    with (
        pq.generate_key("ML-KEM-768") as kem,
        pq.generate_key("Ed25519") as signer,
        pq.import_public_key("Ed25519", signer.public_key()) as pk,
    ):

        def sign(handle: int) -> int:
            return raw.pq_sig_sign(handle, b"m", 1, b"", 0, b"", 0, buffer, 8192, length)

        assert sign(kem.handle) == S.WRONG_HANDLE_KIND, "a KEM key cannot sign"
        assert sign(pk.handle) == S.WRONG_HANDLE_KIND, "a verifying key cannot sign"
        ct = bytes(1088)
        assert raw.pq_kem_decapsulate(signer.handle, ct, 1088, ss, 32, length) == S.WRONG_HANDLE_KIND
        assert raw.pq_x25519_agree(kem.handle, bytes(32), 32, ss, 32, length) == S.WRONG_HANDLE_KIND
        # Through the typed API: a public key has no seed to seal, and is no key to wrap.
        with pq.import_public_key("ML-KEM-768", kem.public_key()) as kem_public:
            raises_status(lambda: pq.seal_private_key(pk, kem_public), "WRONG_HANDLE_KIND", "pq_seal_private_key")  # type: ignore[arg-type]
            with pq.open_software_keystore(str(tmp_path)) as store:
                binding = pqgate.KeyBinding("k", 1)
                raises_status(lambda: store.wrap(kem_public, binding), "WRONG_HANDLE_KIND", "pq_key_wrap")
                # A keystore handle where a key belongs, and a key where a keystore belongs.
                assert raw.pq_key_free(store.handle) == S.WRONG_HANDLE_KIND
                assert raw.pq_keystore_close(kem.handle) == S.WRONG_HANDLE_KIND


def test_forged_handles_give_invalid_handle(raw: RawLibrary) -> None:
    # A handle is kind (8 bits) | generation | slot (32 bits). Each random one gets the kind byte
    # of a real key kind and bit 31 of the slot, which no live slot has: INVALID_HANDLE.
    def as_verifying_key(r: int) -> int:
        return (r & ~(0xFF << 56)) | (KEY_KINDS["verifying-key"] << 56) | 0x8000_0000

    forged = [0, 2**64 - 1, *(as_verifying_key(secrets.randbits(64)) for _ in range(4))]
    kind, alg = ctypes.c_uint32(), ctypes.c_uint32()
    for h in forged:
        assert raw.pq_key_free(h) == S.INVALID_HANDLE, f"free {h:#x}"
        assert raw.pq_key_info(h, kind, alg) == S.INVALID_HANDLE, f"info {h:#x}"
        assert raw.pq_sig_verify(h, b"m", 1, b"", 0, bytes(2420), 2420) == S.INVALID_HANDLE
    keystore_kind = (secrets.randbits(64) & ~(0xFF << 56)) | (16 << 56)  # KEYSTORE_KIND, rust/core/src/handles.rs
    assert raw.pq_key_free(keystore_kind) == S.WRONG_HANDLE_KIND


def test_short_outputs_give_buffer_too_small_and_write_nothing(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    sizes = pq.algorithm_sizes("ML-DSA-87")
    small, length = (ctypes.c_ubyte * 8)(*([0xAA] * 8)), ctypes.c_uint32()
    with pq.generate_key("ML-DSA-87") as sk:
        assert raw.pq_key_export_public(sk.handle, small, 8, length) == S.BUFFER_TOO_SMALL
        assert length.value == sizes.public_key
        assert bytes(small) == b"\xaa" * 8, "nothing written on failure"
        assert raw.pq_sig_sign(sk.handle, b"m", 1, b"", 0, b"", 0, small, 8, length) == S.BUFFER_TOO_SMALL
        assert length.value == sizes.signature
    # (NULL, 0) asks for the size.
    assert raw.pq_hash(HASHES["SHA3-512"], b"m", 1, None, 0, length) == S.BUFFER_TOO_SMALL
    assert length.value == 64
    assert raw.pq_algorithm_sizes(ALGORITHMS["X-Wing"], (ctypes.c_uint32 * 3)(), 3, length) == S.BUFFER_TOO_SMALL
    assert length.value == 7
    assert raw.pq_status_message(S.INTERNAL, small, 1, length) == S.BUFFER_TOO_SMALL
    assert length.value > 1


def test_nulls_give_null_pointer_and_empty_inputs_are_fine(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    length, handle, digest = ctypes.c_uint32(), ctypes.c_uint64(), out(32)
    # NULL with a non-zero length: NULL_POINTER, for inputs and outputs alike.
    assert raw.pq_hash(HASHES["SHA-256"], None, 3, digest, 32, length) == S.NULL_POINTER
    assert raw.pq_hash(HASHES["SHA-256"], b"abc", 3, None, 32, length) == S.NULL_POINTER
    assert raw.pq_key_import_public(ALGORITHMS["Ed25519"], None, 32, handle) == S.NULL_POINTER
    assert raw.pq_random_bytes(None, 16) == S.NULL_POINTER
    # NULL for a required out-parameter (length, handle) is refused too.
    assert raw.pq_hash(HASHES["SHA-256"], b"abc", 3, digest, 32, None) == S.NULL_POINTER
    assert raw.pq_key_generate(ALGORITHMS["X25519"], None) == S.NULL_POINTER
    assert raw.pq_live_handle_count(None) == S.NULL_POINTER
    with pq.generate_key("ML-KEM-512") as kem:
        assert raw.pq_kem_encapsulate(kem.handle, out(768), 768, length, None, 32, length) == S.NULL_POINTER
    assert handle.value == 0, "no handle written"
    # (NULL, 0) is the empty input.
    assert raw.pq_hash(HASHES["SHA-256"], None, 0, digest, 32, length) == OK
    assert (
        bytes(digest)
        == pq.hash("SHA-256", b"")
        == bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    )


def test_a_lying_huge_length_gives_input_too_large(raw: RawLibrary) -> None:
    tiny, digest, length, handle = b"abcd", out(64), ctypes.c_uint32(), ctypes.c_uint64()
    # Both exceed the 64 MiB boundary limit, so Rust refuses them before reading a byte.
    for lie in (0xFFFF_FFFF, (64 << 20) + 1):
        assert raw.pq_hash(HASHES["SHA-256"], tiny, lie, digest, 64, length) == S.INPUT_TOO_LARGE
        assert raw.pq_key_import_public(ALGORITHMS["ML-KEM-768"], tiny, lie, handle) == S.INPUT_TOO_LARGE
        assert raw.pq_random_bytes(out(4), lie) == S.INPUT_TOO_LARGE
    assert handle.value == 0, "no handle written"


def test_unknown_algorithms(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    with pytest.raises(TypeError):
        pq.generate_key("ML-KEM-999")  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        pq.algorithm_sizes("__class__")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pq.hash("MD5", b"x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pq.aead_seal("AES-128-GCM", bytes(32), b"", b"")  # type: ignore[arg-type]
    handle, length = ctypes.c_uint64(), ctypes.c_uint32()
    assert raw.pq_key_generate(99, handle) == S.UNKNOWN_ALGORITHM
    assert raw.pq_algorithm_sizes(0, (ctypes.c_uint32 * 7)(), 7, length) == S.UNKNOWN_ALGORITHM
    assert raw.pq_hash(13, b"x", 1, out(64), 64, length) == S.UNKNOWN_ALGORITHM
    assert raw.pq_status_message(-12345, out(64), 64, length) == S.INVALID_ARGUMENT


def test_wrong_python_types_are_refused_before_rust(pq: pqgate.Pqgate, raw: RawLibrary) -> None:
    with pq.generate_key("Ed25519") as sk:
        for bad in ("text", [1, 2, 3], 5, None, 1.5):
            with pytest.raises(TypeError):
                sk.sign(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            sk.sign(b"m", deterministic=True, rnd=bytes(32))
        # bytearray and memoryview are copied, then signed like bytes (Ed25519 is deterministic).
        assert sk.sign(bytearray(b"abc")) == sk.sign(memoryview(b"xxabcxx")[2:5]) == sk.sign(b"abc")
    for bad_length in (-1, 2**32, True):
        with pytest.raises((TypeError, ValueError)):
            pq.random_bytes(bad_length)
    with pytest.raises(TypeError):
        pq.random_bytes(1.5)  # type: ignore[arg-type]
    # Why the typed API checks every u32 itself: ctypes wraps 2**32 + 16 to 16 without a word.
    assert raw.pq_random_bytes(out(16), 2**32 + 16) == OK
    # ctypes refuses an immutable bytes object where Rust writes: no write into Python's objects.
    with pytest.raises(ctypes.ArgumentError):
        raw.pq_random_bytes(bytes(16), 16)


def test_every_status_has_a_message_and_pq_error_carries_it(pq: pqgate.Pqgate) -> None:
    for status in pqgate.PqStatus:
        assert pqgate.PqError("op", status, "x").status == status.name
    assert pqgate.status_name(-12345) == "UNKNOWN_STATUS"
    with pq.generate_key("Ed25519") as sk:
        error = raises_status(lambda: sk.verify(b"m", b"\x00"), "INVALID_LENGTH", "pq_sig_verify")
    assert str(error).startswith("pq_sig_verify: ")
    assert str(error).endswith(" (INVALID_LENGTH, -2)")
    assert len(str(error)) > len("pq_sig_verify:  (INVALID_LENGTH, -2)")
