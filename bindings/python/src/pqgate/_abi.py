"""
Opening ``libpqgate.so`` and declaring every export to ctypes from its C prototype.

Only ``int32_t``/``uint32_t``/``uint64_t`` values and caller-owned buffers cross: no export
returns a pointer, and none hands out memory for the caller to free, so there is nothing
for Python's allocator to free that it did not allocate (the old ``munmap_chunk(): invalid
pointer`` crash cannot be expressed through this ABI). The C types map to ctypes so that
ctypes itself enforces the direction of every buffer:

- ``const uint8_t *`` → ``c_char_p``: takes an immutable ``bytes`` (Rust only reads it) or
  ``None`` (NULL);
- ``uint8_t *`` → ``POINTER(c_ubyte)``: takes only a ctypes array, never a ``bytes`` object,
  so Rust can never write into an immutable Python object;
- ``uint32_t *`` / ``uint64_t *`` → pointers to one ``c_uint32`` / ``c_uint64``.

Where the library is looked for, in order (as ``ffi/library-path.ts``): an explicit path,
``PQGATE_LIB``, then the repository's release build ``rust/target/release/``.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from ._prototypes import PROTOTYPES
from .errors import LoadError

#: The ABI version this binding is written against (``pq_abi_version()``).
EXPECTED_ABI_VERSION: Final = 1

_C_TYPES: Final[dict[str, Any]] = {
    "int32_t": ctypes.c_int32,
    "uint32_t": ctypes.c_uint32,
    "uint64_t": ctypes.c_uint64,
    "const uint8_t *": ctypes.c_char_p,
    "uint8_t *": ctypes.POINTER(ctypes.c_ubyte),
    "uint32_t *": ctypes.POINTER(ctypes.c_uint32),
    "uint64_t *": ctypes.POINTER(ctypes.c_uint64),
}
_RESULT_TYPES: Final[dict[str, Any]] = {"int32_t": ctypes.c_int32, "uint32_t": ctypes.c_uint32}
_PROTOTYPE: Final = re.compile(r"^(\w+) (pq_\w+)\((.*)\);$")
_PARAMETER: Final = re.compile(r"^((?:const )?\w+ \*?)(\w+)$")


def parse_prototypes(text: str = PROTOTYPES) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``(result type, name, [(parameter type, parameter name)…])`` for each prototype line."""
    parsed = []
    for line in text.splitlines():
        match = _PROTOTYPE.match(line)
        if match is None:
            raise LoadError(f"unparsable prototype: {line}")
        result, name, params = match.groups()
        parameters = []
        for param in [] if params == "void" else params.split(", "):
            part = _PARAMETER.match(param)
            if part is None:
                raise LoadError(f"{name}: unparsable parameter {param!r}")
            parameters.append((part.group(1).strip(), part.group(2)))
        parsed.append((result, name, parameters))
    return parsed


class RawLibrary:
    """
    The opened library: one ctypes function per export, with ``argtypes`` and ``restype``
    set from its prototype (so ctypes refuses a wrong argument type instead of passing it).

    Nothing checks ``u32`` ranges here (ctypes would silently wrap ``2**32 + 1`` to ``1``);
    the typed API does that before every call. Use this class directly only to exercise the
    ABI as a C caller would (the misuse tests).
    """

    path: str

    def __init__(self, path: str) -> None:
        self.path = path
        self._functions: dict[str, Callable[..., int]] = {}
        lib = ctypes.CDLL(path)
        for result, name, parameters in parse_prototypes():
            function = getattr(lib, name)
            function.restype = _RESULT_TYPES[result]
            function.argtypes = [_C_TYPES[ctype] for ctype, _ in parameters]
            self._functions[name] = function

    def __getattr__(self, name: str) -> Callable[..., int]:
        functions = self.__dict__.get("_functions", {})
        if name in functions:
            return functions[name]  # type: ignore[no-any-return]
        raise AttributeError(name)

    @property
    def names(self) -> list[str]:
        """Every export, in header order."""
        return list(self._functions)


def library_file_name(platform: str = sys.platform) -> str:
    """The file name ``cargo build`` gives the cdylib on this platform."""
    if platform == "darwin":
        return "libpqgate.dylib"
    if platform == "win32":
        return "pqgate.dll"
    return "libpqgate.so"


def release_library_path() -> str:
    """The release build inside this repository (``bindings/python/src/pqgate/`` → ``rust/``)."""
    repo = Path(__file__).resolve().parents[4]
    return str(repo / "rust" / "target" / "release" / library_file_name())


def library_candidates(explicit: str | None = None) -> list[str]:
    """The candidate paths, most specific first, without duplicates or empty entries."""
    candidates = [explicit, os.environ.get("PQGATE_LIB"), release_library_path()]
    return list(dict.fromkeys(p for p in candidates if p))


def open_library(explicit: str | None = None) -> RawLibrary:
    """
    Opens the first candidate that loads and checks its ABI version.

    Raises ``LoadError`` listing every path tried, or when the ABI version differs from
    ``EXPECTED_ABI_VERSION`` (a mismatched library could misread every argument, so it is
    refused before any other call).
    """
    failures = []
    for path in library_candidates(explicit):
        try:
            raw = RawLibrary(path)
        except (OSError, AttributeError) as error:
            failures.append(f"  {path}: {error}")
            continue
        version = raw.pq_abi_version()
        if version != EXPECTED_ABI_VERSION:
            raise LoadError(
                f"pqgate library {path} has ABI version {version}; this binding needs {EXPECTED_ABI_VERSION}"
            )
        return raw
    tried = "\n".join(failures)
    raise LoadError(
        f"could not load the pqgate library; tried:\n{tried}\n"
        "Build it with `cd rust && cargo build --release` or set PQGATE_LIB."
    )
