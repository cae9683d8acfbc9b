"""
The binding against ``rust/ffi/include/pqgate.h`` (as ``test/ffi/symbols-parity.test.ts``):
the prototypes ctypes is given are the header's, verbatim and in order; every enum table
equals the header's; and the header keeps the shape that makes the old crash impossible (no
pointer returned, no pointer-to-pointer out-parameter, no string type: nothing allocated by
the library ever reaches the caller to be freed).
"""

from __future__ import annotations

import re

import pytest

import pqgate
from pqgate.internal import AEADS, ALGORITHMS, HASHES, KEY_KINDS, RawLibrary, parse_prototypes
from pqgate.stats import NATIVE_STATS_LAYOUT

from .support import REPO

HEADER = (REPO / "rust" / "ffi" / "include" / "pqgate.h").read_text(encoding="utf-8")


def header_prototypes() -> list[str]:
    found = re.findall(r"^(\w+ pq_\w+\([^;]*\);)", HEADER, re.MULTILINE)
    return [" ".join(p.split()).replace("( ", "(") for p in found]


def header_enum(name: str, prefix: str) -> dict[str, int]:
    match = re.search(rf"enum {name}\n[^{{]*\{{([^}}]*)\}};", HEADER)
    assert match is not None, name
    return {
        k.removeprefix(prefix): int(v) for k, v in re.findall(r"^\s*(\w+) = (-?\d+),", match.group(1), re.MULTILINE)
    }


def squash(name: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", name.upper())


def test_the_prototypes_are_the_headers() -> None:
    from pqgate._prototypes import PROTOTYPES  # noqa: PLC0415

    assert PROTOTYPES.splitlines() == header_prototypes()
    assert len(header_prototypes()) == 62


def test_every_export_is_bound(raw: RawLibrary) -> None:
    assert raw.names == [name for _, name, _ in parse_prototypes()]
    with pytest.raises(AttributeError):
        _ = raw.pq_no_such_export


def test_nothing_the_library_allocates_reaches_the_caller() -> None:
    for result, name, parameters in parse_prototypes("\n".join(header_prototypes())):
        assert result in ("int32_t", "uint32_t"), f"{name} returns {result}"
        for ctype, param in parameters:
            assert ctype.count("*") <= 1, f"{name}({param}) is a pointer to a pointer"
            assert "char" not in ctype, f"{name}({param}) is a string"
        if name in ("pq_key_free", "pq_keystore_close"):
            assert [ctype for ctype, _ in parameters] == ["uint64_t"], "only handles are released"


def test_the_status_codes_are_the_headers() -> None:
    assert {s.name: s.value for s in pqgate.PqStatus} == header_enum("PqStatus", "PQ_STATUS_")


@pytest.mark.parametrize(
    ("table", "enum", "prefix"),
    [
        (ALGORITHMS, "PqAlgorithm", "PQ_ALGORITHM_"),
        (HASHES, "PqHashAlgorithm", "PQ_HASH_ALGORITHM_"),
        (AEADS, "PqAeadAlgorithm", "PQ_AEAD_ALGORITHM_"),
        (KEY_KINDS, "PqKeyKind", "PQ_KEY_KIND_"),
    ],
)
def test_the_name_tables_are_the_headers(table: dict[str, int], enum: str, prefix: str) -> None:
    assert {squash(k): v for k, v in table.items()} == {squash(k): v for k, v in header_enum(enum, prefix).items()}


def test_the_op_numbers_are_the_headers_one_per_export_but_abi_version() -> None:
    ops = {squash(k.removeprefix("pq_")): v for k, v in pqgate.NATIVE_OPS.items()}
    assert ops == {squash(k): v for k, v in header_enum("PqOp", "PQ_OP_").items()}
    exports = [name for _, name, _ in parse_prototypes("\n".join(header_prototypes()))]
    assert sorted(pqgate.NATIVE_OPS) == sorted(n for n in exports if n != "pq_abi_version")
    assert re.search(rf"^#define PQ_NATIVE_STATS_LAYOUT {NATIVE_STATS_LAYOUT}$", HEADER, re.MULTILINE)
