"""
The child process of ``test_crash_replay.py``: replays the scenario that crashed the old
Python front end, many session keys created, passed between threads, used, and dropped (closed,
forgotten, or left in reference cycles) with garbage collection forced, then checks that
every handle was freed. ``--old-design`` instead commits the old design's bug once on purpose
(frees memory Python's allocator owns through ``free()``), so the parent can show that the
same harness catches it.

Run as ``python crash_replay.py SESSIONS`` or ``python crash_replay.py --old-design``.
"""

from __future__ import annotations

import ctypes
import gc
import queue
import random  # seeded, reproducible choices of a test (never key material)
import sys
import threading

import pqgate

KEMS: list[pqgate.KemAlgorithm] = ["ML-KEM-512", "ML-KEM-768", "X-Wing"]
WORKERS = 4


def old_design() -> None:
    # The old binding declared `restype = c_char_p` for a Rust function returning a JSON
    # `CString::into_raw()` pointer: ctypes copied the text into a Python bytes object and
    # the binding then handed a pointer to that object's memory to `free()`. The pointer
    # was never returned by malloc, and glibc aborted with `munmap_chunk(): invalid pointer`.
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [ctypes.c_void_p]
    reply = ctypes.c_char_p(b'{"shared_secret": "...", "ciphertext": "..."}')
    libc.free(ctypes.cast(reply, ctypes.c_void_p).value)
    print("old design: free() of a Python-owned pointer returned")


def session(pq: pqgate.Pqgate, server: pqgate.KemPrivateKey, rng: random.Random) -> pqgate.KemPrivateKey:
    """One session: a fresh key for it, the KEM exchange, a sealed message; returns the session key."""
    with pq.import_public_key(server.algorithm, server.public_key()) as server_public:
        ciphertext, secret = server_public.encapsulate()
    assert server.decapsulate(ciphertext) == secret
    key = pq.hkdf("SHA-256", secret, b"", b"pqgate session", 32)
    message = rng.randbytes(rng.randrange(0, 300))
    assert pq.aead_open("AES-256-GCM", key, b"aad", pq.aead_seal("AES-256-GCM", key, b"aad", message)) == message
    session_key = pq.generate_key(rng.choice(KEMS))
    sealed = session_key.seal(message)
    assert session_key.open_sealed(sealed) == message
    return session_key


def replay(sessions: int) -> None:
    pq = pqgate.load()
    rng = random.Random(20240521)  # noqa: S311
    servers = [pq.generate_key(alg) for alg in KEMS]
    handed: queue.Queue[pqgate.KemPrivateKey | None] = queue.Queue(maxsize=64)
    kept: list[object] = []
    lock = threading.Lock()

    def worker(seed: int) -> None:
        local = random.Random(seed)  # noqa: S311
        while (key := handed.get()) is not None:
            # Passed in from another thread: use it, then drop it one of four ways.
            ciphertext, secret = key.encapsulate()
            assert key.decapsulate(ciphertext) == secret
            fate = local.randrange(4)
            if fate == 0:
                key.close()
            elif fate == 1:
                with key:
                    key.public_key()
            elif fate == 2:
                cycle: list[object] = [key]
                cycle.append(cycle)
            else:
                with lock:
                    kept.append(key)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for i in range(sessions):
        handed.put(session(pq, servers[i % len(servers)], rng))
        if i % 100 == 99:
            with lock:
                kept.clear()
            gc.collect()
    for _ in threads:
        handed.put(None)
    for t in threads:
        t.join()
    for server in servers:
        server.close()
    kept.clear()
    gc.collect()
    live = pq.live_handle_count()
    print(f"crash replay: {sessions} sessions, {live} live handles")
    sys.exit(0 if live == 0 else 1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--old-design"]:
        old_design()
    else:
        replay(int(sys.argv[1]))
