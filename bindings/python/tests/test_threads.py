"""
Threads calling into the library at once. ctypes releases the GIL for every call, so these
calls really run in parallel inside Rust, whose handle table hands each operation its own
reference to the key: a key closed by one thread while another uses it is either still
used to completion or refused with ``STALE_HANDLE``, never freed under the running call.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pqgate

THREADS = 8


def run_all(work: Callable[[int], None], count: int = THREADS) -> None:
    """Runs ``work(i)`` on ``count`` threads released together; re-raises the first failure."""
    barrier = threading.Barrier(count)

    def task(i: int) -> None:
        barrier.wait()
        work(i)

    with ThreadPoolExecutor(count) as pool:
        for future in [pool.submit(task, i) for i in range(count)]:
            future.result()


def test_threads_share_keys_and_make_their_own(pq: pqgate.Pqgate) -> None:
    gc.collect()
    start = pq.live_handle_count()
    with pq.generate_key("ML-DSA-44") as signer, pq.generate_key("X-Wing") as kem:
        verifier_bytes = signer.public_key()

        def work(i: int) -> None:
            for j in range(15):
                message = f"thread {i} message {j}".encode()
                signature = signer.sign(message)
                with pq.import_public_key("ML-DSA-44", verifier_bytes) as verifier:
                    assert verifier.verify(message, signature)
                ciphertext, secret = kem.encapsulate()
                assert kem.decapsulate(ciphertext) == secret
                with pq.generate_key("ML-KEM-512") as own:
                    assert own.open_sealed(own.seal(message, b"aad"), b"aad") == message
                key = pq.random_bytes(32)
                assert (
                    pq.aead_open("ChaCha20-Poly1305", key, b"", pq.aead_seal("ChaCha20-Poly1305", key, b"", message))
                    == message
                )
                assert pq.shamir_combine(pq.shamir_split(key, 2, 3)[1:]) == key

        run_all(work)
    assert pq.live_handle_count() == start


def test_closing_a_key_while_other_threads_use_it(pq: pqgate.Pqgate) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()
    for _ in range(10):
        key = pq.generate_key("Ed25519")
        public = key.public_key()

        def work(i: int, key: pqgate.SigningKey = key, public: bytes = public) -> None:
            if i == 0:
                key.close()
                return
            for _ in range(20):
                try:
                    signature = key.sign(b"m")
                except pqgate.PqError as error:
                    outcome = "stale" if error.status == "STALE_HANDLE" else str(error)
                else:
                    with pq.import_public_key("Ed25519", public) as verifier:
                        assert verifier.verify(b"m", signature)
                    outcome = "signed"
                with lock:
                    outcomes.append(outcome)

        run_all(work)
        assert key.closed
    assert set(outcomes) <= {"signed", "stale"}
    assert "stale" in outcomes
