"""
The real gateway for the HTTP client's tests: ``src/serve/deno.ts`` on the repository's pinned
Deno (the same command as ``deno task serve``) on a free loopback port, with a temporary
``PQGATE_DATA_DIR`` and the library of ``PQGATE_LIB`` (or the release build). The first start
writes the admin token to ``<data>/initial-admin-token``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from .support import REPO

#: What ``deno task serve`` grants (deno.json).
_GRANTS = ["--allow-env", "--allow-ffi", "--allow-net", "--allow-read", "--allow-write", "--allow-sys"]
#: A first start creates and migrates a PGlite database: 10-20 s on a loaded two-core machine.
_START_SECONDS = 60.0


@dataclass(frozen=True)
class Gateway:
    """A running gateway: its base URL and the first admin token."""

    url: str
    token: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gateway(data_dir: Path) -> Iterator[Gateway]:
    """Starts the server, waits for ``/healthz`` and the token file, and kills it on exit."""
    port = _free_port()
    deno = REPO / "node_modules" / ".bin" / "deno"
    env = {**os.environ, "PORT": str(port), "HOSTNAME": "127.0.0.1", "PQGATE_DATA_DIR": str(data_dir)}
    # setpriv (util-linux) kills the server if this process dies first, as scripts/dev/local-gateway.ts does.
    command = ["setpriv", "--pdeathsig", "KILL", "--", str(deno), "run", *_GRANTS, "src/serve/deno.ts"]
    server = subprocess.Popen(  # noqa: S603 - a fixed command line
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}"
        token_file = data_dir / "initial-admin-token"
        deadline = time.monotonic() + _START_SECONDS
        while not _healthy(url) or not token_file.exists():
            if server.poll() is not None:
                output = server.stdout.read().decode() if server.stdout else ""
                raise RuntimeError(f"the gateway exited with {server.returncode}:\n{output}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the gateway did not answer /healthz within {_START_SECONDS} s")
            time.sleep(0.1)
        yield Gateway(url, token_file.read_text().strip())
    finally:
        server.kill()
        server.wait()
        if server.stdout:
            server.stdout.close()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False
