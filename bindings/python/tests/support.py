"""Helpers of the test files: status assertions, bit flips, and the shared test vectors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import pqgate

#: The repository root (this file is ``bindings/python/tests/support.py``).
REPO = Path(__file__).resolve().parents[3]


def _check(error: pqgate.PqError, name: str, op: str | None) -> None:
    assert error.status == name, f"expected {name}, got {error}"
    assert error.code == pqgate.PqStatus[name]
    if op is not None:
        assert error.op == op


def raises_status(call: Callable[[], object], name: str, op: str | None = None) -> pqgate.PqError:
    """Runs ``call`` and asserts it raises ``PqError`` with status ``name`` (and ``op``, when given)."""
    with pytest.raises(pqgate.PqError) as caught:
        call()
    _check(caught.value, name, op)
    return caught.value


@contextmanager
def status(name: str, op: str | None = None) -> Iterator[None]:
    """As :func:`raises_status`, for a block (in loops, where a lambda would capture the loop variable)."""
    with pytest.raises(pqgate.PqError) as caught:
        yield
    _check(caught.value, name, op)


def flip(data: bytes, index: int, mask: int = 1) -> bytes:
    """A copy of ``data`` with bits ``mask`` of byte ``index`` flipped (negative counts from the end)."""
    out = bytearray(data)
    out[index] ^= mask
    return bytes(out)


def vectors_root() -> Path:
    """``$PQGATE_VECTORS`` (relative to the repository root) or ``<repo>/../shared/vectors``, as the TS suites."""
    return (REPO / (os.environ.get("PQGATE_VECTORS") or "../shared/vectors")).resolve()


def suite_folder(name: str, relative: str) -> Path:
    """
    The folder of one vector suite. Missing: a failure under ``CI=true`` (CI never passes by
    skipping), elsewhere a skip that pytest's summary names (``-ra``).
    """
    folder = vectors_root() / relative
    if folder.is_dir():
        return folder
    message = f"vector suite {name}: folder not found at {folder} (set PQGATE_VECTORS)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI=true, so this fails")
    pytest.skip(message)


def read_json(folder: Path, file: str) -> Any:  # noqa: ANN401 (vector files are untyped JSON)
    return json.loads((folder / file).read_text(encoding="utf-8"))


def join_acvp(folder: Path) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """``(group, test)`` pairs of ``prompt.json`` joined with ``expectedResults.json`` by tgId/tcId."""
    expected = {
        (group["tgId"], test["tcId"]): test
        for group in read_json(folder, "expectedResults.json")["testGroups"]
        for test in group["tests"]
    }
    for group in read_json(folder, "prompt.json")["testGroups"]:
        for test in group["tests"]:
            result = expected.get((group["tgId"], test["tcId"]))
            if result is None:
                raise AssertionError(f"no expected result for tgId {group['tgId']} tcId {test['tcId']}")
            yield group, {**test, **result}


def field(test: dict[str, Any], name: str) -> bytes:
    """The bytes of hex field ``name``; a missing field fails (never an empty input)."""
    value = test.get(name)
    if not isinstance(value, str):
        raise AssertionError(f"tcId {test.get('tcId')}: missing hex field {name}")
    return bytes.fromhex(value)
