"""
Status codes of the C ABI and the exception every failed call raises.

``PqStatus`` mirrors ``enum PqStatus`` in ``pqgate.h`` (``tests/test_header_parity.py``
checks it). Numbers are stable and grouped by range: argument ``-1…-99``, handle
``-100…-199``, crypto ``-200…-299``, keystore ``-300…-399``, secret sharing ``-400…-499``,
internal ``-900…``.
"""

from __future__ import annotations

from enum import IntEnum


class PqStatus(IntEnum):
    """Every status of the ABI, by name."""

    OK = 0
    NULL_POINTER = -1
    INVALID_LENGTH = -2
    BUFFER_TOO_SMALL = -3
    UNKNOWN_ALGORITHM = -4
    CONTEXT_TOO_LONG = -5
    INVALID_ARGUMENT = -6
    UNSUPPORTED_OPERATION = -7
    INPUT_TOO_LARGE = -8
    INVALID_HANDLE = -100
    STALE_HANDLE = -101
    WRONG_HANDLE_KIND = -102
    HANDLE_TABLE_FULL = -103
    VERIFICATION_FAILED = -200
    DECRYPTION_FAILED = -201
    INVALID_KEY = -202
    PAIRWISE_CONSISTENCY_FAILED = -203
    RANDOMNESS_UNAVAILABLE = -204
    SELF_TEST_FAILED = -205
    NON_CONTRIBUTORY = -206
    SIGNING_FAILED = -207
    KEYSTORE_UNAVAILABLE = -300
    KEYSTORE_CONFIG = -301
    KEYSTORE_AUTH_FAILED = -302
    ROOT_KEY_NOT_FOUND = -303
    ENVELOPE_MALFORMED = -304
    UNWRAP_FAILED = -305
    ROOT_KEY_IN_USE = -306
    KEYSTORE_DEVICE_ERROR = -307
    SHARES_INSUFFICIENT = -400
    SHARES_INCONSISTENT = -401
    SHARE_CORRUPT = -402
    SHARE_MALFORMED = -403
    PANIC = -900
    INTERNAL = -901


def status_name(code: int) -> str:
    """The name of ``code``, or ``"UNKNOWN_STATUS"`` for a number the ABI does not define."""
    try:
        return PqStatus(code).name
    except ValueError:
        return "UNKNOWN_STATUS"


class PqError(Exception):
    """
    A call into pqgate failed.

    ``code`` is the negative ``PqStatus`` number, ``status`` its name and ``op`` the C
    function (or, for checks made before calling, the binding method) that failed. The
    message comes from ``pq_status_message``, so Rust stays the one source of the wording.
    """

    code: int
    op: str
    status: str

    def __init__(self, op: str, code: int, message: str) -> None:
        self.code = code
        self.op = op
        self.status = status_name(code)
        super().__init__(f"{op}: {message} ({self.status}, {code})")


class LoadError(RuntimeError):
    """The library could not be opened, or its ABI version is not the one this binding needs."""
