"""
Key handles: KEM (ML-KEM-512/768/1024, X-Wing), signature (ML-DSA-44/65/87, Ed25519,
ECDSA P-256 in a device) and agreement (X25519) keys, each a context manager over one
opaque ``u64`` handle. Private key bytes never exist in Python: no export returns them.

```python
with pq.generate_key("ML-KEM-768") as sk, pq.import_public_key("ML-KEM-768", sk.public_key()) as pk:
    ciphertext, secret = pk.encapsulate()
    assert sk.decapsulate(ciphertext) == secret
```
"""

from __future__ import annotations

import ctypes
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Final, Generic, NamedTuple, NoReturn, Self, TypeVar

from ._native import BytesLike, Native, as_bytes
from .algorithms import (
    AEAD_OVERHEAD,
    SEALED_BOX_OVERHEAD,
    AgreementAlgorithm,
    Algorithm,
    HashAlgorithm,
    KemAlgorithm,
    KeyKind,
    MacAlgorithm,
    SignatureAlgorithm,
    SymmetricAlgorithm,
    algorithm_id,
    hash_id,
)
from .errors import PqStatus

A = TypeVar("A", bound=str)

# FIPS 204 Alg. 2 line 5: the deterministic variant signs with rnd = {0}^32.
_ZERO_RND = bytes(32)


class Encapsulation(NamedTuple):
    """The result of an encapsulation: send ``ciphertext``, keep ``shared_secret``."""

    ciphertext: bytes
    shared_secret: bytes


def _free(free: Callable[[int], int], handle: int) -> None:
    # The finalizer's callback: holds the C function and the bare handle, never the key,
    # so the finalizer keeps nothing alive. The status is ignored: nobody is left to tell.
    free(handle)


class Handle:
    """
    One library handle, freed exactly once: by ``close()`` (or leaving a ``with`` block), or
    by the garbage collector as a backstop if the object is dropped without being closed.

    ``weakref.finalize.detach()`` is atomic, so when threads race to close the same object,
    exactly one of them calls the C free. Using a closed object raises ``PqError``
    ``STALE_HANDLE`` before reaching Rust, the same answer Rust gives for a freed handle.
    A handle cannot be copied or pickled: two owners of one handle would free it twice.
    """

    _free_op = "pq_key_free"

    def __init__(self, native: Native, handle: int) -> None:
        self._native = native
        self.handle = handle
        """The opaque ``u64`` handle (stays readable after close, for diagnostics)."""
        self._finalizer = weakref.finalize(self, _free, getattr(native.raw, self._free_op), handle)

    @property
    def closed(self) -> bool:
        """Whether the handle has been freed through this object."""
        return not self._finalizer.alive

    def _live(self, op: str) -> int:
        if not self._finalizer.alive:
            raise self._native.error(op, PqStatus.STALE_HANDLE)
        return self.handle

    def close(self) -> None:
        """
        Frees the handle (Rust zeroizes a private key once no running operation uses it).
        A second call does nothing. Raises ``PqError`` only if Rust refuses the free, i.e. the
        handle was freed behind this object's back through the raw symbols.
        """
        if self._finalizer.detach() is None:
            return
        self._native.check(self._free_op, getattr(self._native.raw, self._free_op)(self.handle))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"a {type(self).__name__} owns a library handle and cannot be copied or pickled")


class PqKey(Handle, Generic[A]):
    """A key held by the library behind a handle."""

    kind: KeyKind

    def __init__(self, native: Native, algorithm: A, handle: int) -> None:
        super().__init__(native, handle)
        self.algorithm: A = algorithm

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<{type(self).__name__} {self.algorithm} handle=0x{self.handle:016x} {state}>"

    def _sizes(self) -> tuple[int, int, int, int]:
        s = self._native.sizes(algorithm_id(self.algorithm))
        return s.public_key, s.ciphertext, s.shared_secret, s.signature

    def public_key(self) -> bytes:
        """The encoded public key (for a private key: its public half)."""
        handle = self._live("pq_key_export_public")
        return self._native.output(
            "pq_key_export_public",
            self._sizes()[0],
            lambda out, cap, n: self._native.raw.pq_key_export_public(handle, out, cap, n),
        )


class _KemKey(PqKey[KemAlgorithm]):
    """Either KEM key: both encapsulate (a private key to its own public half)."""

    def encapsulate(self) -> Encapsulation:
        """Encapsulates with fresh OS randomness (FIPS 203 Alg. 20)."""
        handle = self._live("pq_kem_encapsulate")
        return self._encapsulate("pq_kem_encapsulate", lambda *o: self._native.raw.pq_kem_encapsulate(handle, *o))

    def encapsulate_deterministic(self, randomness: BytesLike) -> Encapsulation:
        """From caller randomness (``m``, 32 bytes; X-Wing ``eseed``, 64). Known-answer tests only."""
        r = as_bytes(randomness, "randomness")
        handle = self._live("pq_kem_encapsulate_deterministic")
        raw = self._native.raw
        return self._encapsulate(
            "pq_kem_encapsulate_deterministic",
            lambda *o: raw.pq_kem_encapsulate_deterministic(handle, r, len(r), *o),
        )

    def seal(self, plaintext: BytesLike, aad: BytesLike = b"") -> bytes:
        """Seals ``plaintext`` to this key (sealed box), binding ``aad``; only the private key opens it."""
        p, a = as_bytes(plaintext, "plaintext"), as_bytes(aad, "aad")
        handle = self._live("pq_seal")
        return self._native.output(
            "pq_seal",
            SEALED_BOX_OVERHEAD + self._sizes()[1] + len(p),
            lambda out, cap, n: self._native.raw.pq_seal(handle, a, len(a), p, len(p), out, cap, n),
        )

    def _encapsulate(self, op: str, call: Callable[..., int]) -> Encapsulation:
        _, ct_size, ss_size, _ = self._sizes()
        ct, ss = (ctypes.c_ubyte * ct_size)(), (ctypes.c_ubyte * ss_size)()
        ct_len, ss_len = ctypes.c_uint32(), ctypes.c_uint32()
        self._native.check(op, call(ct, ct_size, ct_len, ss, ss_size, ss_len))
        result = Encapsulation(ctypes.string_at(ct, ct_len.value), ctypes.string_at(ss, ss_len.value))
        ctypes.memset(ss, 0, ss_size)
        return result


class KemPublicKey(_KemKey):
    """A KEM public (encapsulation) key."""

    kind: KeyKind = "kem-encapsulation-key"


class KemPrivateKey(_KemKey):
    """A KEM private (decapsulation) key; its bytes stay in Rust."""

    kind: KeyKind = "kem-decapsulation-key"

    def decapsulate(self, ciphertext: BytesLike) -> bytes:
        """Decapsulates (FIPS 203 Alg. 21); a wrong well-sized ciphertext gives an unrelated secret."""
        ct = as_bytes(ciphertext, "ciphertext")
        handle = self._live("pq_kem_decapsulate")
        return self._native.output(
            "pq_kem_decapsulate",
            self._sizes()[2],
            lambda out, cap, n: self._native.raw.pq_kem_decapsulate(handle, ct, len(ct), out, cap, n),
        )

    def open_sealed(self, sealed: BytesLike, aad: BytesLike = b"") -> bytes:
        """Opens a box sealed to this key's public half with the same ``aad`` (``DECRYPTION_FAILED`` otherwise)."""
        s, a = as_bytes(sealed, "sealed"), as_bytes(aad, "aad")
        handle = self._live("pq_seal_open")
        return self._native.output(
            "pq_seal_open",
            max(0, len(s) - SEALED_BOX_OVERHEAD - self._sizes()[1]),
            lambda out, cap, n: self._native.raw.pq_seal_open(handle, a, len(a), s, len(s), out, cap, n),
        )


class _SignatureKey(PqKey[SignatureAlgorithm]):
    """Either signature key: both verify (a signing key with its own public half)."""

    def verify(self, message: BytesLike, signature: BytesLike, *, context: BytesLike = b"") -> bool:
        """ML-DSA.Verify (FIPS 204 Alg. 3) / strict Ed25519: ``False`` for ``VERIFICATION_FAILED``."""
        m, s, c = as_bytes(message, "message"), as_bytes(signature, "signature"), as_bytes(context, "context")
        handle = self._live("pq_sig_verify")
        return self._verdict("pq_sig_verify", self._native.raw.pq_sig_verify(handle, m, len(m), c, len(c), s, len(s)))

    def verify_prehashed(
        self, hash: HashAlgorithm, digest: BytesLike, signature: BytesLike, *, context: BytesLike = b""
    ) -> bool:
        """HashML-DSA.Verify (FIPS 204 Alg. 5) over a caller-computed ``digest``."""
        h = hash_id(hash)
        d, s, c = as_bytes(digest, "digest"), as_bytes(signature, "signature"), as_bytes(context, "context")
        handle = self._live("pq_sig_verify_prehashed")
        rc = self._native.raw.pq_sig_verify_prehashed(handle, h, d, len(d), c, len(c), s, len(s))
        return self._verdict("pq_sig_verify_prehashed", rc)

    def verify_internal(self, m_prime: BytesLike, signature: BytesLike) -> bool:
        """ML-DSA.Verify_internal (FIPS 204 Alg. 8) over a formatted message ``M'``."""
        m, s = as_bytes(m_prime, "m_prime"), as_bytes(signature, "signature")
        handle = self._live("pq_sig_verify_internal")
        rc = self._native.raw.pq_sig_verify_internal(handle, m, len(m), s, len(s))
        return self._verdict("pq_sig_verify_internal", rc)

    def verify_mu(self, mu: BytesLike, signature: BytesLike) -> bool:
        """ML-DSA.Verify given the 64-byte external μ = SHAKE256(SHAKE256(pk, 64) ‖ M', 64) (FIPS 204)."""
        m, s = as_bytes(mu, "mu"), as_bytes(signature, "signature")
        handle = self._live("pq_sig_verify_mu")
        rc = self._native.raw.pq_sig_verify_mu(handle, m, len(m), s, len(s))
        return self._verdict("pq_sig_verify_mu", rc)

    def _verdict(self, op: str, rc: int) -> bool:
        if rc == PqStatus.VERIFICATION_FAILED:
            return False
        self._native.check(op, rc)
        return True


class VerifyingKey(_SignatureKey):
    """A signature public (verifying) key."""

    kind: KeyKind = "verifying-key"


class SigningKey(_SignatureKey):
    """A signature private (signing) key; its bytes stay in Rust."""

    kind: KeyKind = "signing-key"

    def sign(
        self,
        message: BytesLike,
        *,
        context: BytesLike = b"",
        deterministic: bool = False,
        rnd: BytesLike | None = None,
    ) -> bytes:
        """
        ML-DSA.Sign (FIPS 204 Alg. 2; hedged by default) or pure Ed25519. ``context`` is at most
        255 bytes (Ed25519 takes none); ``rnd`` (32 bytes, known-answer tests) excludes
        ``deterministic``.
        """
        m, c, r = as_bytes(message, "message"), as_bytes(context, "context"), self._rnd(deterministic, rnd)
        handle = self._live("pq_sig_sign")
        return self._native.output(
            "pq_sig_sign",
            self._sizes()[3],
            lambda out, cap, n: self._native.raw.pq_sig_sign(handle, m, len(m), c, len(c), r, len(r), out, cap, n),
        )

    def sign_prehashed(
        self,
        hash: HashAlgorithm,
        digest: BytesLike,
        *,
        context: BytesLike = b"",
        deterministic: bool = False,
        rnd: BytesLike | None = None,
    ) -> bytes:
        """HashML-DSA.Sign (FIPS 204 Alg. 4) over a caller-computed ``digest`` of ``hash``."""
        h = hash_id(hash)
        d, c, r = as_bytes(digest, "digest"), as_bytes(context, "context"), self._rnd(deterministic, rnd)
        handle = self._live("pq_sig_sign_prehashed")
        raw = self._native.raw
        return self._native.output(
            "pq_sig_sign_prehashed",
            self._sizes()[3],
            lambda out, cap, n: raw.pq_sig_sign_prehashed(handle, h, d, len(d), c, len(c), r, len(r), out, cap, n),
        )

    def sign_internal(self, m_prime: BytesLike, *, deterministic: bool = False, rnd: BytesLike | None = None) -> bytes:
        """ML-DSA.Sign_internal (FIPS 204 Alg. 7) over ``M'``; ``UNSUPPORTED_OPERATION`` for Ed25519."""
        m, r = as_bytes(m_prime, "m_prime"), self._rnd(deterministic, rnd)
        handle = self._live("pq_sig_sign_internal")
        return self._native.output(
            "pq_sig_sign_internal",
            self._sizes()[3],
            lambda out, cap, n: self._native.raw.pq_sig_sign_internal(handle, m, len(m), r, len(r), out, cap, n),
        )

    def sign_mu(self, mu: BytesLike, *, deterministic: bool = False, rnd: BytesLike | None = None) -> bytes:
        """ML-DSA.Sign given the 64-byte external μ (see ``verify_mu``); ``UNSUPPORTED_OPERATION`` for Ed25519."""
        m, r = as_bytes(mu, "mu"), self._rnd(deterministic, rnd)
        handle = self._live("pq_sig_sign_mu")
        return self._native.output(
            "pq_sig_sign_mu",
            self._sizes()[3],
            lambda out, cap, n: self._native.raw.pq_sig_sign_mu(handle, m, len(m), r, len(r), out, cap, n),
        )

    def _rnd(self, deterministic: bool, rnd: BytesLike | None) -> bytes:
        """Empty = hedged (Rust draws it), zeros = deterministic, or the caller's."""
        if rnd is not None:
            if deterministic:
                raise TypeError("pass either rnd or deterministic, not both")
            return as_bytes(rnd, "rnd")
        if not deterministic or self.algorithm == "Ed25519":
            return b""
        if self.algorithm == "ECDSA-P256":
            raise TypeError(
                "ECDSA P-256 keys sign inside a device with its own randomness; deterministic is unavailable"
            )
        return _ZERO_RND


class AgreementPublicKey(PqKey[AgreementAlgorithm]):
    """An X25519 public key held as a handle (validated on import)."""

    kind: KeyKind = "agreement-public-key"


class AgreementPrivateKey(PqKey[AgreementAlgorithm]):
    """An X25519 private key; its bytes stay in Rust."""

    kind: KeyKind = "agreement-private-key"

    def agree(self, peer_public: BytesLike | AgreementPublicKey) -> bytes:
        """X25519 (RFC 7748) with the peer's public key; ``NON_CONTRIBUTORY`` for a low-order point."""
        peer = (
            peer_public.public_key() if isinstance(peer_public, AgreementPublicKey) else as_bytes(peer_public, "peer")
        )
        handle = self._live("pq_x25519_agree")
        return self._native.output(
            "pq_x25519_agree",
            self._sizes()[2],
            lambda out, cap, n: self._native.raw.pq_x25519_agree(handle, peer, len(peer), out, cap, n),
        )


class SecretKey(PqKey[SymmetricAlgorithm]):
    """An AES-256-GCM or ChaCha20-Poly1305 key; its bytes stay in Rust. It has no public half."""

    kind: KeyKind = "secret-key"

    def encrypt(self, aad: BytesLike, plaintext: BytesLike) -> bytes:
        """Encrypts under a fresh random 96-bit nonce drawn in Rust: ``nonce ‖ ciphertext ‖ tag``."""
        a, p = as_bytes(aad, "aad"), as_bytes(plaintext, "plaintext")
        handle = self._live("pq_sym_encrypt")
        return self._native.output(
            "pq_sym_encrypt",
            len(p) + AEAD_OVERHEAD,
            lambda out, cap, n: self._native.raw.pq_sym_encrypt(handle, a, len(a), p, len(p), out, cap, n),
            retry=True,
        )

    def decrypt(self, aad: BytesLike, sealed: BytesLike) -> bytes:
        """Decrypts ``nonce ‖ ciphertext ‖ tag``; ``DECRYPTION_FAILED`` for another key, aad or any changed byte."""
        a, s = as_bytes(aad, "aad"), as_bytes(sealed, "sealed")
        handle = self._live("pq_sym_decrypt")
        return self._native.output(
            "pq_sym_decrypt",
            max(0, len(s) - AEAD_OVERHEAD),
            lambda out, cap, n: self._native.raw.pq_sym_decrypt(handle, a, len(a), s, len(s), out, cap, n),
            retry=True,
        )


class MacKey(PqKey[MacAlgorithm]):
    """An HMAC key; its bytes stay in Rust, which also compares tags in constant time."""

    kind: KeyKind = "mac-key"

    def mac(self, data: BytesLike) -> bytes:
        """The HMAC tag of ``data``."""
        d = as_bytes(data, "data")
        handle = self._live("pq_mac_compute")
        return self._native.output(
            "pq_mac_compute",
            self._sizes()[3],
            lambda out, cap, n: self._native.raw.pq_mac_compute(handle, d, len(d), out, cap, n),
        )

    def verify(self, data: BytesLike, tag: BytesLike) -> bool:
        """Whether ``tag`` is the HMAC of ``data`` (``False`` for ``VERIFICATION_FAILED``)."""
        d, t = as_bytes(data, "data"), as_bytes(tag, "tag")
        rc = self._native.raw.pq_mac_verify(self._live("pq_mac_verify"), d, len(d), t, len(t))
        if rc == PqStatus.VERIFICATION_FAILED:
            return False
        self._native.check("pq_mac_verify", rc)
        return True


PrivateKey = KemPrivateKey | SigningKey | AgreementPrivateKey | SecretKey | MacKey
PublicKey = KemPublicKey | VerifyingKey | AgreementPublicKey


_KEMS: Final = ("ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing")
_SIGNERS: Final = ("ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "Ed25519", "ECDSA-P256")
_SYMMETRIC: Final = ("AES-256-GCM", "ChaCha20-Poly1305")
_MACS: Final = ("HMAC-SHA-256", "HMAC-SHA-512", "HMAC-SHA3-256")


def wrap_private(native: Native, algorithm: Algorithm, handle: int) -> PrivateKey:
    """Wraps a private-key handle in the class of its algorithm's family."""
    if algorithm in _KEMS:
        return KemPrivateKey(native, algorithm, handle)
    if algorithm in _SIGNERS:
        return SigningKey(native, algorithm, handle)
    if algorithm == "X25519":
        return AgreementPrivateKey(native, algorithm, handle)
    if algorithm in _SYMMETRIC:
        return SecretKey(native, algorithm, handle)
    if algorithm in _MACS:
        return MacKey(native, algorithm, handle)
    native.raw.pq_key_free(handle)
    raise TypeError(f"unknown algorithm {algorithm!r}")


def wrap_public(native: Native, algorithm: Algorithm, handle: int) -> PublicKey:
    """Wraps a public-key handle in the class of its algorithm's family."""
    if algorithm in _KEMS:
        return KemPublicKey(native, algorithm, handle)
    if algorithm in _SIGNERS:
        return VerifyingKey(native, algorithm, handle)
    if algorithm == "X25519":
        return AgreementPublicKey(native, algorithm, handle)
    native.raw.pq_key_free(handle)
    raise TypeError(f"unknown algorithm {algorithm!r}")
