"""
Handle lifecycle (as ``test/ffi/lifecycle.test.ts``): ``with`` frees every handle it opens,
``close`` is idempotent, a dropped object is freed by the garbage collector as a backstop,
threads racing to close one object free its handle exactly once, and a handle can be neither
copied nor pickled (two owners would free it twice).
"""

from __future__ import annotations

import copy
import gc
import pickle
import threading
from pathlib import Path

import pytest

import pqgate

from .support import raises_status


@pytest.fixture
def start(pq: pqgate.Pqgate) -> int:
    gc.collect()  # objects other tests dropped are freed now, not in the middle of this test
    return pq.live_handle_count()


def test_1000_keys_in_with_blocks_leave_the_count_unchanged(pq: pqgate.Pqgate, start: int) -> None:
    for i in range(1000):
        seed = i.to_bytes(2, "little") + bytes(30)
        with pq.generate_key("X25519") if i % 2 == 0 else pq.key_from_seed("Ed25519", seed) as key:
            assert pq.live_handle_count() == start + 1
            assert not key.closed
        assert key.closed
    assert pq.live_handle_count() == start


def test_close_is_idempotent_and_a_closed_key_refuses_everything(pq: pqgate.Pqgate, start: int) -> None:
    key = pq.generate_key("ML-KEM-512")
    ciphertext, _ = key.encapsulate()
    assert pq.live_handle_count() == start + 1
    for _ in range(3):
        key.close()
    assert pq.live_handle_count() == start
    for use in (lambda: key.decapsulate(ciphertext), key.encapsulate, key.public_key):
        raises_status(use, "STALE_HANDLE")
    assert "closed" in repr(key)


def test_an_exception_inside_with_frees_exactly_once(pq: pqgate.Pqgate, start: int) -> None:
    with pytest.raises(pqgate.PqError), pq.generate_key("ML-DSA-44") as key:
        key.sign(b"m", context=bytes(300))
    assert key.closed
    assert pq.live_handle_count() == start


def test_dropped_keys_and_keystores_are_freed_by_the_collector(pq: pqgate.Pqgate, start: int, tmp_path: Path) -> None:
    keys = [pq.generate_key("X25519") for _ in range(50)]
    cycle: list[object] = [pq.generate_key("Ed25519")]
    cycle.append(cycle)  # only the cycle collector can free this one
    store = pq.open_software_keystore(str(tmp_path))
    assert pq.live_handle_count() == start + 52  # the count includes keystore handles
    del keys, cycle, store
    gc.collect()
    assert pq.live_handle_count() == start


def test_threads_racing_to_close_one_key_free_it_once(pq: pqgate.Pqgate, start: int) -> None:
    for _ in range(20):
        key = pq.generate_key("Ed25519")
        barrier = threading.Barrier(8)
        errors: list[BaseException] = []

        def close(
            key: pqgate.SigningKey = key, barrier: threading.Barrier = barrier, errors: list[BaseException] = errors
        ) -> None:
            barrier.wait()
            try:
                key.close()
            except BaseException as error:  # collected and asserted below
                errors.append(error)

        threads = [threading.Thread(target=close) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [], "exactly one thread freed the handle; the others did nothing"
        assert pq.live_handle_count() == start


def test_a_handle_cannot_be_copied_or_pickled(pq: pqgate.Pqgate, tmp_path: Path) -> None:
    with pq.generate_key("ML-KEM-768") as key, pq.open_software_keystore(str(tmp_path)) as store:
        for owner in (key, store):
            for duplicate in (copy.copy, copy.deepcopy, pickle.dumps):
                with pytest.raises(TypeError, match="cannot be copied or pickled"):
                    duplicate(owner)
