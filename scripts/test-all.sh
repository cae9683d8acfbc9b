#!/usr/bin/env bash
# THE test command: set up the machine (idempotent), then run every test suite. Ends with one
# line `N passed, N failed`.
#
# The ASan build of the fuzz targets (rust/fuzz, its own workspace: ~10 CPU-minutes cold) needs
# only cargo and the Debian packages, so it starts right after the set-up's apt step, at the
# lowest CPU priority, and uses what the rest of the set-up (npm ci, the release build's
# single-threaded link) and the tests leave idle; scripts/test.sh waits for it before the fuzz
# smoke run and reports it (a failed build is a failure) in its duration table.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$SECONDS
fuzz_build=""
# A process and everything it started (the fuzz build: nice, fuzz.sh, cargo, rustc).
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
setup_failed() {
  if [[ -n "$fuzz_build" ]]; then kill_tree "$(cat "$fuzz_build/pid")"; fi
  echo "[test-all] set-up failed; no test ran"
  echo "0 passed, 1 failed"
  exit 1
}
"$REPO/scripts/setup.sh" apt || setup_failed
# What scripts/suites.sh's start_step records for a background step, in a folder of our own
# that scripts/test.sh adopts (PQGATE_FUZZ_BUILD) and removes.
fuzz_build="$(mktemp -d "${TMPDIR:-/tmp}/pqgate-fuzz-build.XXXXXX")"
(
  date +%s.%N >"$fuzz_build/start"
  rc=0
  nice -n 19 "$REPO/scripts/fuzz.sh" build >"$fuzz_build/log" 2>&1 </dev/null || rc=$?
  echo "$rc" >"$fuzz_build/rc"
  date +%s.%N >"$fuzz_build/end"
) &
echo "$!" >"$fuzz_build/pid"
"$REPO/scripts/setup.sh" npm rust python || setup_failed
# test.sh puts the set-up's duration in its table of step durations.
PQGATE_SETUP_SECONDS=$((SECONDS - started)) PQGATE_FUZZ_BUILD="$fuzz_build" exec "$REPO/scripts/test.sh"
