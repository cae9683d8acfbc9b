"""
The mechanics every call shares: input checks, status checking, output buffers with their
single retry, handle out-parameters, and the size and message caches.

Every call allocates its own out-parameters (the TypeScript binding reuses scratch arrays
because it is single-threaded; here threads call concurrently, and ctypes releases the GIL
for the duration of each call).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Final, NamedTuple

from ._abi import RawLibrary
from .errors import PqError, PqStatus

#: Anything accepted where the API takes bytes; copied to ``bytes`` unless it is one already,
#: so nothing can change the input while Rust reads it.
BytesLike = bytes | bytearray | memoryview

U32_MAX: Final = 0xFFFF_FFFF
_SIZE_COUNT: Final = 7

OutputBuffer = ctypes.Array[ctypes.c_ubyte]
OutputCall = Callable[[OutputBuffer, int, ctypes.c_uint32], int]


class AlgorithmSizes(NamedTuple):
    """The 7 sizes ``pq_algorithm_sizes`` reports, in ABI order; ``0`` = not applicable."""

    public_key: int
    private_key: int
    seed: int
    ciphertext: int
    shared_secret: int
    signature: int
    encapsulation_randomness: int


def as_bytes(value: object, what: str) -> bytes:
    """
    ``value`` as ``bytes``: a ``bytes`` object as is, a ``bytearray`` or ``memoryview`` copied.

    Raises ``TypeError`` for anything else (a ``str``, an ``int``, a list: ``bytes(5)`` would
    silently be five zero bytes) and ``ValueError`` for a length that does not fit a ``u32``.
    """
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, bytearray | memoryview):
        data = bytes(value)
    else:
        raise TypeError(f"{what} must be bytes, bytearray or memoryview, got {type(value).__name__}")
    if len(data) > U32_MAX:
        raise ValueError(f"{what} is too large ({len(data)} bytes)")
    return data


def text_or_bytes(value: object, what: str) -> bytes:
    """A ``str`` as UTF-8, anything else as :func:`as_bytes` takes it."""
    return value.encode() if isinstance(value, str) else as_bytes(value, what)


def u32(value: object, what: str) -> int:
    """``value`` if it is an ``int`` (not a ``bool``) in ``0…2**32-1``: ctypes would wrap it silently."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if not 0 <= value <= U32_MAX:
        raise ValueError(f"{what} must be between 0 and {U32_MAX}, got {value}")
    return value


class Native:
    """Shared mechanics over one opened library."""

    raw: RawLibrary

    def __init__(self, raw: RawLibrary) -> None:
        self.raw = raw
        self._sizes: dict[int, AlgorithmSizes] = {}
        self._messages: dict[int, str] = {}

    def message(self, code: int) -> str:
        """The text of a status, from Rust (cached: messages are constant)."""
        cached = self._messages.get(code)
        if cached is not None:
            return cached
        size = 128
        out_len = ctypes.c_uint32()
        for _ in range(2):
            out = (ctypes.c_ubyte * size)()
            rc = self.raw.pq_status_message(code, out, size, out_len)
            if rc != PqStatus.BUFFER_TOO_SMALL:
                break
            size = out_len.value
        if rc != PqStatus.OK:
            return f"unknown status {code}"
        text = ctypes.string_at(out, out_len.value).decode("utf-8", "replace")
        self._messages[code] = text
        return text

    def error(self, op: str, code: int) -> PqError:
        """A ``PqError`` for ``code``, worded by Rust."""
        return PqError(op, code, self.message(code))

    def check(self, op: str, rc: int) -> None:
        """Raises ``PqError`` unless ``rc`` is ``OK``."""
        if rc != PqStatus.OK:
            raise self.error(op, rc)

    def output(self, op: str, size: int, call: OutputCall, *, retry: bool = False) -> bytes:
        """
        Runs an export into a fresh ``size``-byte buffer and returns the bytes Rust wrote. With
        ``retry``, a ``BUFFER_TOO_SMALL`` answer (sizes that depend on the data) is retried once
        at the size Rust reported. The buffer is wiped after copying out (it may hold a secret).
        """
        out_len = ctypes.c_uint32()
        out = (ctypes.c_ubyte * size)()
        rc = call(out, size, out_len)
        if rc == PqStatus.BUFFER_TOO_SMALL and retry:
            size = out_len.value
            out = (ctypes.c_ubyte * size)()
            rc = call(out, size, out_len)
        self.check(op, rc)
        result = ctypes.string_at(out, min(out_len.value, size))
        ctypes.memset(out, 0, size)
        return result

    def new_handle(self, op: str, call: Callable[[ctypes.c_uint64], int]) -> int:
        """Runs an export that stores a new handle in its ``uint64_t *handle`` out-parameter."""
        handle = ctypes.c_uint64()
        self.check(op, call(handle))
        return handle.value

    def sizes(self, algorithm: int) -> AlgorithmSizes:
        """Sizes of an algorithm (by ABI number), cached after the first call."""
        cached = self._sizes.get(algorithm)
        if cached is not None:
            return cached
        out = (ctypes.c_uint32 * _SIZE_COUNT)()
        count = ctypes.c_uint32()
        self.check("pq_algorithm_sizes", self.raw.pq_algorithm_sizes(algorithm, out, _SIZE_COUNT, count))
        sizes = AlgorithmSizes(*out)
        self._sizes[algorithm] = sizes
        return sizes
