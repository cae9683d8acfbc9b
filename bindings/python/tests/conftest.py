"""Shared fixtures: one opened library per test session (``PQGATE_LIB`` or the release build)."""

from __future__ import annotations

import pytest

import pqgate
from pqgate.internal import RawLibrary, unsafe_raw_library


@pytest.fixture(scope="session")
def pq() -> pqgate.Pqgate:
    return pqgate.load()


@pytest.fixture(scope="session")
def raw(pq: pqgate.Pqgate) -> RawLibrary:
    return unsafe_raw_library(pq)
