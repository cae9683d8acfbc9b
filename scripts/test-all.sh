#!/usr/bin/env bash
# THE test command: set up the machine (idempotent), then run every test suite. Ends with one
# line `N passed, N failed`.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$SECONDS
if ! "$REPO/scripts/setup.sh"; then
  echo "[test-all] set-up failed; no test ran"
  echo "0 passed, 1 failed"
  exit 1
fi
# test.sh puts the set-up's duration in its table of step durations.
PQGATE_SETUP_SECONDS=$((SECONDS - started)) exec "$REPO/scripts/test.sh"
