"""
pqgate's Python binding: the C ABI of ``libpqgate.so`` through ``ctypes``, with the same
handle-based API as the TypeScript binding (``ffi/``). Bytes in, bytes out; every failure
is a ``PqError`` carrying the status code; every key and keystore is a context manager that
frees its handle exactly once.

```python
import pqgate

pq = pqgate.load()
with pq.generate_key("ML-KEM-768") as sk, pq.import_public_key("ML-KEM-768", sk.public_key()) as pk:
    ciphertext, shared_secret = pk.encapsulate()
    assert sk.decapsulate(ciphertext) == shared_secret
```
"""

from __future__ import annotations

from ._abi import EXPECTED_ABI_VERSION, library_candidates, open_library
from ._native import AlgorithmSizes, BytesLike
from ._pqgate import PASSWORD_MAX_OUTPUT, SHAMIR_MAX_SECRET, SHAMIR_SHARE_OVERHEAD, Pqgate, SelfTestResult
from .algorithms import (
    AeadAlgorithm,
    AgreementAlgorithm,
    Algorithm,
    HashAlgorithm,
    KemAlgorithm,
    KeyKind,
    MacAlgorithm,
    NativeAlgorithm,
    SignatureAlgorithm,
    SymmetricAlgorithm,
)
from .errors import LoadError, PqError, PqStatus, status_name
from .keys import (
    AgreementPrivateKey,
    AgreementPublicKey,
    Encapsulation,
    KemPrivateKey,
    KemPublicKey,
    MacKey,
    PqKey,
    PrivateKey,
    PublicKey,
    SecretKey,
    SigningKey,
    VerifyingKey,
)
from .keystore import KeyBinding, Keystore, KeystoreBackend, NativeKeyPair, Protection, RootKeyInfo
from .stats import NATIVE_OPS, NativeOpStats


def load(path: str | None = None) -> Pqgate:
    """
    Opens the native library (``path``, then ``PQGATE_LIB``, then the repository's
    ``rust/target/release/``) and checks its ABI version; ``LoadError`` otherwise.
    """
    return Pqgate(open_library(path))


__all__ = [
    "EXPECTED_ABI_VERSION",
    "NATIVE_OPS",
    "PASSWORD_MAX_OUTPUT",
    "SHAMIR_MAX_SECRET",
    "SHAMIR_SHARE_OVERHEAD",
    "AeadAlgorithm",
    "AgreementAlgorithm",
    "AgreementPrivateKey",
    "AgreementPublicKey",
    "Algorithm",
    "AlgorithmSizes",
    "BytesLike",
    "Encapsulation",
    "HashAlgorithm",
    "KemAlgorithm",
    "KemPrivateKey",
    "KemPublicKey",
    "KeyBinding",
    "KeyKind",
    "Keystore",
    "KeystoreBackend",
    "LoadError",
    "MacAlgorithm",
    "MacKey",
    "NativeAlgorithm",
    "NativeKeyPair",
    "NativeOpStats",
    "PqError",
    "PqKey",
    "PqStatus",
    "Pqgate",
    "PrivateKey",
    "Protection",
    "PublicKey",
    "RootKeyInfo",
    "SecretKey",
    "SelfTestResult",
    "SignatureAlgorithm",
    "SigningKey",
    "SymmetricAlgorithm",
    "VerifyingKey",
    "library_candidates",
    "load",
    "status_name",
]
