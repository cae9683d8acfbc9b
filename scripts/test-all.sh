#!/usr/bin/env bash
# THE test command: set up the machine (idempotent), then run every test suite. Ends with one
# line `N passed, N failed`.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! "$REPO/scripts/setup.sh"; then
  echo "[test-all] set-up failed; no test ran"
  echo "0 passed, 1 failed"
  exit 1
fi
exec "$REPO/scripts/test.sh"
