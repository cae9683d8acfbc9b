"""
Generates ``pqgate.http`` (``src/pqgate/http/``), the HTTP client of the gateway's API, from the
committed OpenAPI document ``client/http/openapi.json`` with the pinned openapi-python-client
(``requirements-dev.txt``), formatted by the pinned ruff under this package's configuration.

    bindings/python/.venv/bin/python bindings/python/tools/http_client.py          # rewrite
    bindings/python/.venv/bin/python bindings/python/tools/http_client.py --check  # compare

``scripts/clients.sh`` runs it after refreshing the document from the server;
``tests/test_http_generated.py`` fails when the committed code is not what this makes.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: ``bindings/python``.
PYTHON_ROOT = Path(__file__).resolve().parents[1]
#: The OpenAPI document the server serves, as committed (``scripts/clients.sh`` refreshes it).
DOCUMENT = PYTHON_ROOT.parents[1] / "client" / "http" / "openapi.json"
#: Where the generated package lives.
TARGET = PYTHON_ROOT / "src" / "pqgate" / "http"
CONFIG = PYTHON_ROOT / "tools" / "openapi-python-client.yaml"


def generate(document: Path, root: Path) -> Path:
    """
    Generates the package into ``root/src/pqgate/http`` and returns that folder. This
    package's ``pyproject.toml`` is copied to ``root`` first, so the generator's ruff hooks
    apply the same configuration (per-file ignores included) as in the repository.
    """
    shutil.copy(PYTHON_ROOT / "pyproject.toml", root / "pyproject.toml")
    out = root / "src" / "pqgate" / "http"
    out.parent.mkdir(parents=True, exist_ok=True)
    tools = Path(sys.executable).parent  # the venv's openapi-python-client and ruff
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(tools / "openapi-python-client"),
        "generate",
        "--path",
        str(document),
        "--meta",
        "none",
        "--config",
        str(CONFIG),
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"openapi-python-client failed:\n{done.stdout}{done.stderr}")
    return out


def differences(expected: Path, actual: Path) -> list[str]:
    """The files (relative paths) that differ between two generated trees, caches ignored."""

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> list[str]:
        found = [prefix + name for name in comparison.left_only + comparison.right_only if name != "__pycache__"]
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        found += [prefix + name for name in mismatch + errors]
        for name, sub in comparison.subdirs.items():
            if name != "__pycache__":
                found += walk(sub, f"{prefix}{name}/")
        return found

    return sorted(walk(filecmp.dircmp(expected, actual), ""))


def main(argv: list[str]) -> int:
    """Rewrites :data:`TARGET`, or with ``--check`` only reports whether it is current."""
    with tempfile.TemporaryDirectory(prefix="pqgate-http-") as tmp:
        fresh = generate(DOCUMENT, Path(tmp))
        if "--check" in argv:
            stale = differences(fresh, TARGET) if TARGET.is_dir() else ["(missing)"]
            for name in stale:
                print(f"stale: src/pqgate/http/{name}")
            return 1 if stale else 0
        shutil.rmtree(TARGET, ignore_errors=True)
        shutil.copytree(fresh, TARGET)
    print(f"wrote {TARGET.relative_to(PYTHON_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
