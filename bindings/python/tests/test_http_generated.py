"""
``pqgate.http`` is exactly what the pinned openapi-python-client makes of the committed OpenAPI
document (``client/http/openapi.json``, itself kept equal to the server's by
``test/http-client/contract.system.test.ts``): a changed route that was not regenerated
(``scripts/clients.sh``) fails here, and then the changed models fail ``mypy --strict`` where
the tests use them.
"""

from __future__ import annotations

from pathlib import Path

from tools.http_client import DOCUMENT, TARGET, differences, generate


def test_generated_client_is_current(tmp_path: Path) -> None:
    stale = differences(generate(DOCUMENT, tmp_path), TARGET)
    assert stale == [], f"src/pqgate/http is stale ({', '.join(stale)}): run scripts/clients.sh"
