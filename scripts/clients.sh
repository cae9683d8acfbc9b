#!/usr/bin/env bash
# Regenerates the typed HTTP clients from the server's contract, in one step:
#   1. client/http/openapi.json  the OpenAPI document the real server serves (started on a free
#                                loopback port with a temporary data folder), and
#      client/http/schema.ts     openapi-typescript's types for it (scripts/dev/openapi.ts);
#   2. bindings/python/src/pqgate/http/  openapi-python-client's package for it
#                                (bindings/python/tools/http_client.py, pinned in requirements-dev.txt).
# Run it after changing a route's contract, then fix what no longer type-checks and commit all
# three. The test suites fail while any of them is stale (test/http-client/contract.system.test.ts,
# bindings/python/tests/test_http_generated.py). Needs the library (PQGATE_LIB or the release
# build) and bindings/python/.venv (scripts/setup.sh).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
node_modules/.bin/deno run --allow-all scripts/dev/openapi.ts
bindings/python/.venv/bin/python bindings/python/tools/http_client.py
