"""
Keystores through the Python binding: the software keystore end to end (wrap, unwrap,
bindings, rotation, re-wrap, retirement, passphrase mode) and the device keystores' refusals
of a bad configuration (no device is started here: the TypeScript system tier covers
SoftHSM2 and swtpm).
"""

from __future__ import annotations

import os
from pathlib import Path

import pqgate
from pqgate import KeyBinding

from .support import flip, raises_status, status


def test_software_keystore_wraps_unwraps_rotates_and_retires(pq: pqgate.Pqgate, tmp_path: Path) -> None:
    binding = KeyBinding("orders-signer", 1, "tenant-a")
    with pq.open_software_keystore(str(tmp_path / "roots")) as store, pq.generate_key("ML-DSA-65") as key:
        assert (store.backend, store.protection) == ("software", "software")
        store.ping()
        first = store.current_root()
        assert (len(first.id), first.sequence) == (16, 1)
        assert first.id_hex == first.id.hex()
        envelope = store.wrap(key, binding)
        assert pq.envelope_root_id(envelope) == first.id
        with store.unwrap("ML-DSA-65", envelope, binding) as again:
            assert again.public_key() == key.public_key()
            assert again.verify(b"m", key.sign(b"m"))
        for other in (
            KeyBinding("orders-signer", 2, "tenant-a"),
            KeyBinding("x", 1, "tenant-a"),
            KeyBinding(b"orders-signer", 1),
        ):
            with status("UNWRAP_FAILED", "pq_key_unwrap"):
                store.unwrap("ML-DSA-65", envelope, other)
        raises_status(lambda: store.unwrap("ML-DSA-44", envelope, binding), "UNWRAP_FAILED")
        raises_status(lambda: store.unwrap("ML-DSA-65", flip(envelope, -1), binding), "UNWRAP_FAILED")
        raises_status(lambda: store.unwrap("ML-DSA-65", envelope[:3], binding), "ENVELOPE_MALFORMED")
        raises_status(lambda: pq.envelope_root_id(b"\x00"), "ENVELOPE_MALFORMED", "pq_envelope_root_id")

        second = store.rotate_root()
        assert second.sequence == 2
        assert [r.sequence for r in store.roots()] == [1, 2]
        raises_status(lambda: store.retire_root(second.id), "ROOT_KEY_IN_USE", "pq_keystore_root_retire")
        rewrapped = store.rewrap("ML-DSA-65", envelope, binding)
        assert pq.envelope_root_id(rewrapped) == second.id
        assert store.rewrap("ML-DSA-65", rewrapped, binding) == rewrapped, "idempotent"
        store.retire_root(first.id)
        assert [r.id for r in store.roots()] == [second.id]
        raises_status(lambda: store.unwrap("ML-DSA-65", envelope, binding), "ROOT_KEY_NOT_FOUND")
        with store.unwrap("ML-DSA-65", rewrapped, binding) as again:
            assert again.public_key() == key.public_key()
        raises_status(lambda: store.generate_native_key("Ed25519"), "UNSUPPORTED_OPERATION")
    raises_status(store.ping, "STALE_HANDLE", "pq_keystore_ping")
    assert store.closed


def test_passphrase_keystore_reopens_only_with_its_passphrase(pq: pqgate.Pqgate, tmp_path: Path) -> None:
    binding = KeyBinding("k", 1)
    with pq.open_software_keystore(str(tmp_path), "correct horse") as store, pq.generate_key("X25519") as key:
        envelope, public = store.wrap(key, binding), key.public_key()
    with (
        pq.open_software_keystore(str(tmp_path), b"correct horse") as store,
        store.unwrap("X25519", envelope, binding) as k,
    ):
        assert k.public_key() == public

    def wrong_passphrase() -> None:
        with pq.open_software_keystore(str(tmp_path), "wrong") as store:
            store.current_root()

    raises_status(wrong_passphrase, "KEYSTORE_AUTH_FAILED")


def test_an_insecure_root_file_is_refused(pq: pqgate.Pqgate, tmp_path: Path) -> None:
    with pq.open_software_keystore(str(tmp_path)) as store:
        store.current_root()
    for file in tmp_path.iterdir():
        os.chmod(file, 0o644)

    def reopen() -> None:
        with pq.open_software_keystore(str(tmp_path)) as store:
            store.current_root()

    raises_status(reopen, "KEYSTORE_CONFIG")


def test_device_keystores_refuse_a_bad_configuration(pq: pqgate.Pqgate, tmp_path: Path) -> None:
    raises_status(
        lambda: pq.open_pkcs11_keystore(str(tmp_path / "no-such-module.so"), "token", "1234"),
        "KEYSTORE_CONFIG",
        "pq_keystore_open_pkcs11",
    )
    error = raises_status(lambda: pq.open_tpm_keystore("swtpm:host=127.0.0.1,port=1"), "KEYSTORE_UNAVAILABLE")
    assert error.op == "pq_keystore_open_tpm"
