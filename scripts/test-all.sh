#!/usr/bin/env bash
# THE test command: set up the machine (idempotent), then run every test suite. Ends with one
# line `N passed, N failed`.
#
# Two builds need only the Debian packages, so they start right after the set-up's apt step, in
# the background, and use what the rest of the set-up (npm ci, the release build's
# single-threaded link) and the tests leave idle; scripts/test.sh adopts both, reports them in
# its duration table (a failed build is a failure) and waits for them:
#   - the ASan build of the fuzz targets (rust/fuzz, its own workspace: ~10 CPU-minutes cold),
#     at the lowest CPU priority, needed only by the fuzz smoke run at the end;
#   - the container images (scripts/image.sh: the local bases, then the Deno and the Bun image;
#     mostly downloads plus one cold Rust build inside the container), at normal priority: the
#     image test, last in each TypeScript suite (scripts/test-ts.sh), waits for them
#     (scripts/image.sh lets one build run at a time).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$SECONDS
fuzz_build=""
image_build=""
# A process and everything it started (the fuzz build: nice, fuzz.sh, cargo, rustc).
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
setup_failed() {
  local build
  for build in "$fuzz_build" "$image_build"; do
    if [[ -n "$build" ]]; then kill_tree "$(cat "$build/pid")"; fi
  done
  echo "[test-all] set-up failed; no test ran"
  echo "0 passed, 1 failed"
  exit 1
}
"$REPO/scripts/setup.sh" apt || setup_failed
# background_build NAME COMMAND...: runs COMMAND in the background, recording what
# scripts/suites.sh's start_step records for a background step (start, log, rc, end, pid) in a
# folder of our own, whose path it prints (the job's output goes elsewhere, or the command
# substitution would wait for it); scripts/test.sh adopts the folder and removes it.
background_build() {
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/pqgate-$1.XXXXXX")"
  shift
  (
    date +%s.%N >"$dir/start"
    rc=0
    "$@" >"$dir/log" 2>&1 </dev/null || rc=$?
    echo "$rc" >"$dir/rc"
    date +%s.%N >"$dir/end"
  ) >/dev/null &
  echo "$!" >"$dir/pid"
  echo "$dir"
}
fuzz_build="$(background_build fuzz-build nice -n 19 "$REPO/scripts/fuzz.sh" build)"
image_build="$(background_build image-build bash -c '"$1" build deno && "$1" build bun' _ "$REPO/scripts/image.sh")"
"$REPO/scripts/setup.sh" npm rust python || setup_failed
# test.sh puts the set-up's duration in its table of step durations.
PQGATE_SETUP_SECONDS=$((SECONDS - started)) PQGATE_FUZZ_BUILD="$fuzz_build" PQGATE_IMAGE_BUILD="$image_build" \
  exec "$REPO/scripts/test.sh"
