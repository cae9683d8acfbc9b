"""
``Keystore``: a root-key device (software, PKCS#11 token, TPM 2.0) and the envelopes it wraps
private keys in. An envelope is the only form in which a private key leaves the library,
and it opens only for the exact binding (key id, version, owner, algorithm) it was made with.

```python
with pq.open_software_keystore("/var/lib/pqgate/keys") as store, pq.generate_key("ML-DSA-65") as key:
    binding = KeyBinding("orders-signer", 1, "tenant-a")
    envelope = store.wrap(key, binding)            # store this
    with store.unwrap("ML-DSA-65", envelope, binding) as again: ...
```
"""

from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple, overload

from ._native import BytesLike, Native, as_bytes, text_or_bytes, u32
from .algorithms import AgreementAlgorithm, Algorithm, KemAlgorithm, NativeAlgorithm, SignatureAlgorithm, algorithm_id
from .keys import AgreementPrivateKey, Handle, KemPrivateKey, PqKey, PrivateKey, SigningKey, wrap_private

KeystoreBackend = Literal["software", "pkcs11", "tpm"]
Protection = Literal["hardware", "hardware-wrapped", "software"]

_BACKENDS: Final[dict[int, KeystoreBackend]] = {1: "software", 2: "pkcs11", 3: "tpm"}
_PROTECTIONS: Final[dict[int, Protection]] = {1: "hardware", 2: "hardware-wrapped", 3: "software"}
_ROOT_ID_LEN: Final = 16
_ROOT_RECORD_LEN: Final = 4 + _ROOT_ID_LEN
#: ``PQ_NATIVE_REFERENCE_MAX``: the room ``pq_native_key_generate`` asks for.
NATIVE_REFERENCE_MAX: Final = 1024


@dataclass(frozen=True)
class KeyBinding:
    """What a wrapped key is bound to (the algorithm is the key's own)."""

    key_id: str | bytes
    """1 to 256 bytes (UTF-8 for a ``str``)."""
    version: int
    owner: str | bytes = b""
    """At most 256 bytes; may be empty."""


@dataclass(frozen=True)
class RootKeyInfo:
    """A root key as the device lists it."""

    id: bytes
    """The 16-byte id recorded in every envelope the root seals."""
    sequence: int
    """Creation order; the highest is current."""

    @property
    def id_hex(self) -> str:
        return self.id.hex()


class NativeKeyPair(NamedTuple):
    """A key generated inside the device, and the (not secret) reference to store."""

    key: SigningKey
    reference: bytes


class Keystore(Handle):
    """An open keystore; close it with ``with`` or ``close()`` (a second close does nothing)."""

    _free_op = "pq_keystore_close"
    backend: KeystoreBackend
    protection: Protection

    def __init__(self, native: Native, handle: int) -> None:
        super().__init__(native, handle)
        backend, protection = ctypes.c_uint32(), ctypes.c_uint32()
        native.check("pq_keystore_info", native.raw.pq_keystore_info(handle, backend, protection))
        self.backend = _BACKENDS.get(backend.value, "software")
        self.protection = _PROTECTIONS.get(protection.value, "software")

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Keystore {self.backend} ({self.protection}) handle=0x{self.handle:016x} {state}>"

    def ping(self) -> None:
        """Raises ``PqError`` ``KEYSTORE_UNAVAILABLE`` when the device does not answer."""
        self._native.check("pq_keystore_ping", self._native.raw.pq_keystore_ping(self._live("pq_keystore_ping")))

    def current_root(self) -> RootKeyInfo:
        """The current root (generated inside the device on first use)."""
        return self._root("pq_keystore_root_current")

    def rotate_root(self) -> RootKeyInfo:
        """A new current root; then ``rewrap`` every envelope and ``retire_root`` the older roots."""
        return self._root("pq_keystore_root_rotate")

    def _root(self, op: str) -> RootKeyInfo:
        handle = self._live(op)
        sequence = ctypes.c_uint32()
        function = getattr(self._native.raw, op)
        root_id = self._native.output(op, _ROOT_ID_LEN, lambda out, cap, n: function(handle, sequence, out, cap, n))
        return RootKeyInfo(root_id, sequence.value)

    def retire_root(self, root_id: BytesLike) -> None:
        """Destroys a root that is not current (``ROOT_KEY_IN_USE`` otherwise; ``ROOT_KEY_NOT_FOUND``)."""
        i = as_bytes(root_id, "root_id")
        handle = self._live("pq_keystore_root_retire")
        self._native.check("pq_keystore_root_retire", self._native.raw.pq_keystore_root_retire(handle, i, len(i)))

    def roots(self) -> list[RootKeyInfo]:
        """Every root, oldest first."""
        handle = self._live("pq_keystore_roots")
        records = self._native.output(
            "pq_keystore_roots",
            4 * _ROOT_RECORD_LEN,
            lambda out, cap, n: self._native.raw.pq_keystore_roots(handle, out, cap, n),
            retry=True,
        )
        return [
            RootKeyInfo(records[at + 4 : at + _ROOT_RECORD_LEN], struct.unpack_from(">I", records, at)[0])
            for at in range(0, len(records) - _ROOT_RECORD_LEN + 1, _ROOT_RECORD_LEN)
        ]

    def wrap(self, key: PqKey[Any], binding: KeyBinding) -> bytes:
        """Wraps a private key under the current root (``WRONG_HANDLE_KIND`` for a public key)."""
        key_id, owner, version = self._binding(binding)
        handle = self._live("pq_key_wrap")
        k = key._live("pq_key_wrap")
        raw = self._native.raw
        return self._native.output(
            "pq_key_wrap",
            8192,
            lambda out, cap, n: raw.pq_key_wrap(
                handle, k, key_id, len(key_id), version, owner, len(owner), out, cap, n
            ),
            retry=True,
        )

    @overload
    def unwrap(self, algorithm: KemAlgorithm, envelope: BytesLike, binding: KeyBinding) -> KemPrivateKey: ...
    @overload
    def unwrap(self, algorithm: SignatureAlgorithm, envelope: BytesLike, binding: KeyBinding) -> SigningKey: ...
    @overload
    def unwrap(
        self, algorithm: AgreementAlgorithm, envelope: BytesLike, binding: KeyBinding
    ) -> AgreementPrivateKey: ...
    @overload
    def unwrap(self, algorithm: Algorithm, envelope: BytesLike, binding: KeyBinding) -> PrivateKey: ...
    def unwrap(self, algorithm: Algorithm, envelope: BytesLike, binding: KeyBinding) -> PrivateKey:
        """
        Opens an envelope into a private key: ``UNWRAP_FAILED`` (tampered, or another binding or
        algorithm), ``ROOT_KEY_NOT_FOUND``, ``ENVELOPE_MALFORMED``, ``KEYSTORE_UNAVAILABLE``.
        """
        alg = algorithm_id(algorithm)
        env = as_bytes(envelope, "envelope")
        key_id, owner, version = self._binding(binding)
        handle = self._live("pq_key_unwrap")
        raw = self._native.raw
        key = self._native.new_handle(
            "pq_key_unwrap",
            lambda out: raw.pq_key_unwrap(
                handle, alg, env, len(env), key_id, len(key_id), version, owner, len(owner), out
            ),
        )
        return wrap_private(self._native, algorithm, key)

    def rewrap(self, algorithm: Algorithm, envelope: BytesLike, binding: KeyBinding) -> bytes:
        """The envelope re-wrapped under the current root (unchanged if it already is)."""
        alg = algorithm_id(algorithm)
        env = as_bytes(envelope, "envelope")
        key_id, owner, version = self._binding(binding)
        handle = self._live("pq_key_rewrap")
        raw = self._native.raw
        return self._native.output(
            "pq_key_rewrap",
            len(env) + 1024,
            lambda out, cap, n: raw.pq_key_rewrap(
                handle, alg, env, len(env), key_id, len(key_id), version, owner, len(owner), out, cap, n
            ),
            retry=True,
        )

    def generate_native_key(self, algorithm: NativeAlgorithm) -> NativeKeyPair:
        """
        A signing key generated inside the device (ECDSA P-256 in a TPM or token, Ed25519 in a
        token); ``UNSUPPORTED_OPERATION`` for a software keystore.
        """
        alg = algorithm_id(algorithm)
        store = self._live("pq_native_key_generate")
        reference = (ctypes.c_ubyte * NATIVE_REFERENCE_MAX)()
        reference_len, handle = ctypes.c_uint32(), ctypes.c_uint64()
        rc = self._native.raw.pq_native_key_generate(store, alg, reference, NATIVE_REFERENCE_MAX, reference_len, handle)
        self._native.check("pq_native_key_generate", rc)
        key = SigningKey(self._native, algorithm, handle.value)
        return NativeKeyPair(key, ctypes.string_at(reference, reference_len.value))

    def load_native_key(self, algorithm: NativeAlgorithm, reference: BytesLike) -> SigningKey:
        """A stored native key (``INVALID_KEY`` if the device does not hold it)."""
        alg = algorithm_id(algorithm)
        ref = as_bytes(reference, "reference")
        store = self._live("pq_native_key_load")
        raw = self._native.raw
        handle = self._native.new_handle(
            "pq_native_key_load", lambda out: raw.pq_native_key_load(store, alg, ref, len(ref), out)
        )
        return SigningKey(self._native, algorithm, handle)

    def destroy_native_key(self, algorithm: NativeAlgorithm, reference: BytesLike) -> None:
        """Destroys a native key in the device (``INVALID_KEY`` for an unknown reference)."""
        alg = algorithm_id(algorithm)
        ref = as_bytes(reference, "reference")
        store = self._live("pq_native_key_destroy")
        rc = self._native.raw.pq_native_key_destroy(store, alg, ref, len(ref))
        self._native.check("pq_native_key_destroy", rc)

    def _binding(self, binding: KeyBinding) -> tuple[bytes, bytes, int]:
        return (
            text_or_bytes(binding.key_id, "key_id"),
            text_or_bytes(binding.owner, "owner"),
            u32(binding.version, "version"),
        )


def open_handle(native: Native, op: str, *parts: bytes) -> Keystore:
    """Opens a keystore with ``op`` from its ``(pointer, length)`` inputs."""
    args: list[object] = []
    for part in parts:
        args += [part, len(part)]
    function = getattr(native.raw, op)
    return Keystore(native, native.new_handle(op, lambda out: function(*args, out)))


def envelope_root_id(native: Native, envelope: BytesLike) -> bytes:
    """The id of the root that sealed ``envelope`` (``ENVELOPE_MALFORMED``)."""
    env = as_bytes(envelope, "envelope")
    return native.output(
        "pq_envelope_root_id",
        _ROOT_ID_LEN,
        lambda out, cap, n: native.raw.pq_envelope_root_id(env, len(env), out, cap, n),
    )
