"""
INTERNAL: the raw C functions behind a ``Pqgate``, for the misuse and parity tests, which
must call the ABI exactly as a C caller would (wrong-kind handles, lying lengths, short
buffers, NULLs). Application code must not use this module: every check of the typed API
is bypassed here (for one, ctypes wraps an out-of-range ``uint32_t`` silently).
"""

from __future__ import annotations

from ._abi import RawLibrary, parse_prototypes
from ._pqgate import Pqgate
from .algorithms import AEADS, ALGORITHMS, HASHES, KEY_KINDS


def unsafe_raw_library(pq: Pqgate) -> RawLibrary:
    """The raw exports of the library ``pq`` opened."""
    return pq._native.raw


__all__ = ["AEADS", "ALGORITHMS", "HASHES", "KEY_KINDS", "RawLibrary", "parse_prototypes", "unsafe_raw_library"]
