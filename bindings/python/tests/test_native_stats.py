"""
The library's operation counters through the binding (as ``test/ffi/native-stats.test.ts``):
a successful and a failing call show up under their export and status, time is summed per
export, and the table lists every export once.
"""

from __future__ import annotations

import time

import pqgate
from pqgate.stats import NativeOpStats

from .support import raises_status


def of(stats: list[NativeOpStats], op: str) -> NativeOpStats:
    return next(s for s in stats if s.op == op)


def test_the_counters_list_every_export_but_abi_version_once(pq: pqgate.Pqgate) -> None:
    stats = pq.native_stats()
    assert [s.op for s in stats] == list(pqgate.NATIVE_OPS)
    assert all(s.nanoseconds >= 0 and all(n > 0 for n in s.calls.values()) for s in stats)
    reads = of(stats, "pq_native_stats").calls.get("OK", 0)
    assert of(pq.native_stats(), "pq_native_stats").calls["OK"] == reads + 1, "a read counts itself after copying"


def test_a_signature_and_a_failed_verification_are_counted_under_their_status(pq: pqgate.Pqgate) -> None:
    with pq.generate_key("ML-DSA-44") as key, pq.import_public_key("ML-DSA-44", key.public_key()) as public:
        before = pq.native_stats()
        signature = bytearray(key.sign(b"counted"))
        signature[0] ^= 1
        assert not public.verify(b"counted", signature)
        raises_status(lambda: pq.aead_open("AES-256-GCM", bytes(32), b"", bytes(40)), "DECRYPTION_FAILED")
        after = pq.native_stats()

    def delta(op: str, status: str) -> int:
        return of(after, op).calls.get(status, 0) - of(before, op).calls.get(status, 0)

    assert delta("pq_sig_sign", "OK") == 1
    assert delta("pq_sig_verify", "VERIFICATION_FAILED") == 1
    assert delta("pq_sig_verify", "OK") == 0
    assert delta("pq_aead_open", "DECRYPTION_FAILED") == 1


def test_the_time_spent_in_an_export_is_summed_over_its_calls(pq: pqgate.Pqgate) -> None:
    # One call adds whole ticks of the coarse monotonic clock (usually none): time shows over many calls.
    with pq.generate_key("ML-DSA-44") as key:
        before = of(pq.native_stats(), "pq_sig_sign").nanoseconds
        start = time.monotonic_ns()
        while time.monotonic_ns() - start < 60_000_000:
            key.sign(b"timed")
        wall = time.monotonic_ns() - start
        spent = of(pq.native_stats(), "pq_sig_sign").nanoseconds - before
    assert spent > 0, "60 ms of signing spans several ticks"
    assert spent <= wall + 10_000_000, "no more than the wall time, give or take a tick"
