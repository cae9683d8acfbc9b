"""
Regression test for the crash of the Python front end pqgate grew from: ``munmap_chunk():
invalid pointer``.

Why the old design crashed: its Rust core returned results as JSON strings allocated by Rust
(``CString::into_raw``), and the Python side declared them ``c_char_p``. ctypes copied each
reply into a Python ``bytes`` object, and the binding then passed a pointer into memory owned
by Python's allocator to ``free()`` (it had lost the pointer Rust returned): a pointer
``malloc`` never handed out, which glibc detects and answers by aborting the process.

Why this ABI cannot: no export returns a pointer or allocates anything for the caller.
Every output goes into a buffer the caller allocated and still owns (``uint8_t *out,
uint32_t out_cap, uint32_t *out_len``), keys and keystores are opaque ``u64`` handles, and the
only things the caller ever releases are those handles, through ``pq_key_free`` /
``pq_keystore_close``, which detect stale, double and forged frees
(``test_header_parity.py`` pins that shape on the header itself). No memory ever crosses
from one allocator to the other, so there is nothing Python could free wrongly.

The replay (``crash_replay.py``) runs in a child process under two memory checkers, each
first shown to catch the old bug with the same harness (``--old-design``):

- ``PYTHONMALLOC=debug`` (guard bytes and checks on every Python allocation) with glibc's
  ``MALLOC_CHECK_=3`` (checked ``free`` and heap consistency; since glibc 2.34 it takes
  effect only with ``libc_malloc_debug.so`` preloaded, which is done when it exists);
- AddressSanitizer, preloaded (``LD_PRELOAD=libasan.so``) into the stock interpreter and the
  release library with ``PYTHONMALLOC=malloc``, so every allocation of Python, ctypes and Rust
  goes through ASan's ``malloc``/``free`` and an invalid or double free anywhere is reported.
  Leak checking is off: the interpreter itself leaves memory to the OS at exit.
"""

from __future__ import annotations

import ctypes.util
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("crash_replay.py")
SESSIONS = 600  # about 1.5 s per checker on this machine
INVALID_FREE = ("invalid pointer", "double free", "free(): ", "AddressSanitizer", "Debug memory block")


def libasan() -> str:
    """The ASan runtime to preload; missing: a failure under ``CI=true``, elsewhere a named skip."""
    name = ctypes.util.find_library("asan")
    if name is None:
        if os.environ.get("CI") == "true":
            pytest.fail("libasan not found (gcc's libasan package); CI=true, so the ASan replay fails")
        pytest.skip("libasan not found: the crash replay ran under PYTHONMALLOC=debug only")
    return name


def checkers() -> dict[str, dict[str, str]]:
    malloc_debug = ctypes.util.find_library("c_malloc_debug")
    return {
        "pymalloc-debug": {
            "PYTHONMALLOC": "debug",
            "MALLOC_CHECK_": "3",
            **({"LD_PRELOAD": malloc_debug} if malloc_debug else {}),
        },
        "asan": {
            "PYTHONMALLOC": "malloc",
            "LD_PRELOAD": libasan(),
            "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1:halt_on_error=1",
        },
    }


def run(checker: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **checkers()[checker], "PYTHONFAULTHANDLER": "1"}
    return subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, str(CHILD), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("checker", ["pymalloc-debug", "asan"])
def test_the_harness_catches_the_old_designs_invalid_free(checker: str) -> None:
    result = run(checker, "--old-design")
    assert "returned" not in result.stdout, "the invalid free went unnoticed"
    # Where the bogus pointer lands varies with address-space randomisation: glibc aborts
    # (`munmap_chunk(): invalid pointer`, `free(): invalid size`) or faults reading the fake
    # chunk header; ASan reports the free. Each one is the crash.
    crashed = result.returncode in (-signal.SIGABRT, -signal.SIGSEGV)
    assert crashed or "AddressSanitizer: attempting free" in result.stderr, (result.returncode, result.stderr[-2000:])


@pytest.mark.parametrize("checker", ["pymalloc-debug", "asan"])
def test_session_keys_created_passed_around_and_dropped_free_nothing_invalid(checker: str) -> None:
    result = run(checker, str(SESSIONS))
    report = f"exit {result.returncode}\nstdout: {result.stdout[-1000:]}\nstderr: {result.stderr[-3000:]}"
    assert result.returncode == 0, report
    assert result.stdout.strip().endswith(f"crash replay: {SESSIONS} sessions, 0 live handles"), report
    assert not any(sign in result.stderr for sign in INVALID_FREE), report
