#!/usr/bin/env bash
# The Python binding's checks: ruff (lint and format), mypy --strict, then pytest, all from
# bindings/python/.venv (made by scripts/setup.sh). Ends with pytest's summary line, which
# scripts/suites.sh reads; exits non-zero if any step failed, so a red lint or type check
# counts as a failure of the suite even when every test passed.
#
# Environment: PQGATE_LIB (default: the release build), PQGATE_VECTORS (default
# <repo>/../shared/vectors; a missing folder skips the vector tests by name, or fails under CI=true).
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO/bindings/python" || exit 1
VENV=.venv/bin
if [[ ! -x "$VENV/pytest" ]]; then
  echo "[python] bindings/python/.venv is missing: run scripts/setup.sh"
  echo "0 passed, 1 failed"
  exit 1
fi

rc=0
gate() {
  local name="$1"
  shift
  if "$@"; then
    echo "[python] $name: ok"
  else
    echo "[python] $name: FAILED"
    rc=1
  fi
}
gate "ruff check" "$VENV/ruff" check --no-cache .
gate "ruff format" "$VENV/ruff" format --check --no-cache .
gate "mypy --strict" "$VENV/mypy" --strict
"$VENV/pytest" -p no:cacheprovider "$@" || rc=1
exit "$rc"
