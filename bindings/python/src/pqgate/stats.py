"""
The library's operation counters (``pq_native_stats``): for every export, its calls by the
status they returned and the time spent in it, counted inside the C boundary.

``NATIVE_OPS`` mirrors ``enum PqOp`` in ``pqgate.h`` and the table layout is the one
documented on ``pq_native_stats`` (both checked by ``tests/test_header_parity.py``).
"""

from __future__ import annotations

import struct
from typing import Final, NamedTuple

from .errors import status_name

#: Every counted export → its ``PqOp`` number (``pq_abi_version`` is not counted).
NATIVE_OPS: Final[dict[str, int]] = {
    "pq_status_message": 1,
    "pq_self_test": 2,
    "pq_algorithm_sizes": 3,
    "pq_live_handle_count": 4,
    "pq_native_stats": 5,
    "pq_key_generate": 6,
    "pq_key_from_seed": 7,
    "pq_key_import_private": 8,
    "pq_key_import_public": 9,
    "pq_key_export_public": 10,
    "pq_key_info": 11,
    "pq_key_free": 12,
    "pq_kem_encapsulate": 13,
    "pq_kem_encapsulate_deterministic": 14,
    "pq_kem_decapsulate": 15,
    "pq_x25519_agree": 16,
    "pq_sig_sign": 17,
    "pq_sig_sign_prehashed": 18,
    "pq_sig_sign_internal": 19,
    "pq_sig_verify": 20,
    "pq_sig_verify_prehashed": 21,
    "pq_sig_verify_internal": 22,
    "pq_hash": 23,
    "pq_hkdf": 24,
    "pq_aead_seal": 25,
    "pq_aead_open": 26,
    "pq_random_bytes": 27,
    "pq_keystore_open_software": 28,
    "pq_keystore_open_pkcs11": 29,
    "pq_keystore_open_tpm": 30,
    "pq_keystore_close": 31,
    "pq_keystore_info": 32,
    "pq_keystore_ping": 33,
    "pq_keystore_root_current": 34,
    "pq_keystore_root_rotate": 35,
    "pq_keystore_root_retire": 36,
    "pq_keystore_roots": 37,
    "pq_key_wrap": 38,
    "pq_key_unwrap": 39,
    "pq_key_rewrap": 40,
    "pq_native_key_generate": 41,
    "pq_native_key_load": 42,
    "pq_native_key_destroy": 43,
    "pq_envelope_root_id": 44,
    "pq_seal": 45,
    "pq_seal_open": 46,
    "pq_seal_private_key": 47,
    "pq_shamir_split": 48,
    "pq_shamir_combine": 49,
    "pq_password_derive": 50,
    "pq_sym_encrypt": 51,
    "pq_sym_decrypt": 52,
    "pq_mac_compute": 53,
    "pq_mac_verify": 54,
    "pq_sig_sign_mu": 55,
    "pq_sig_verify_mu": 56,
    "pq_hpke_seal": 57,
    "pq_hpke_open": 58,
    "pq_hpke_open_key": 59,
    "pq_keystore_open_tpm_fleet": 60,
    "pq_keystore_fleet": 61,
}

#: The table layout this binding reads (``PQ_NATIVE_STATS_LAYOUT``).
NATIVE_STATS_LAYOUT: Final = 1
#: Room for the table with 50 ops and 35 statuses; a larger table is retried at its size.
TABLE_BYTES: Final = 15_104

_OP_NAMES: Final = {number: name for name, number in NATIVE_OPS.items()}


class NativeOpStats(NamedTuple):
    """The counters of one export."""

    op: str
    """The export, e.g. ``pq_sig_sign``; ``op_<n>`` for an op newer than this binding."""
    calls: dict[str, int]
    """Calls by the name of the status they returned; statuses never returned are absent."""
    nanoseconds: int
    """Time spent in the export, summed over calls and threads, on the coarse monotonic clock
    (one call adds the whole ticks it spans, usually none: an estimate over many calls)."""


def decode_native_stats(table: bytes) -> list[NativeOpStats]:
    """The entries of a ``pq_native_stats`` table, one per op in ``PqOp`` order."""
    words = struct.unpack(f"<{len(table) // 8}Q", table[: len(table) // 8 * 8])
    if len(words) < 3 or words[0] != NATIVE_STATS_LAYOUT:
        raise ValueError(f"pq_native_stats: table layout {words[:1]}; this binding reads {NATIVE_STATS_LAYOUT}")
    ops, statuses = words[1], words[2]
    columns = [status_name(-code) for code in words[3 : 3 + statuses]]
    out = []
    for r in range(ops):
        at = 3 + statuses + r * (2 + statuses)
        calls: dict[str, int] = {}
        for status, count in zip(columns, words[at + 2 : at + 2 + statuses], strict=True):
            if count:
                calls[status] = calls.get(status, 0) + count
        out.append(NativeOpStats(_OP_NAMES.get(words[at], f"op_{words[at]}"), calls, words[at + 1]))
    return out
