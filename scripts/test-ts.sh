#!/usr/bin/env bash
# Runs TypeScript tests on one runtime: the whole test/ tree, one tier, or just the files and
# folders named. `deno task test…` and `bun run test…` call this script, so both runtimes
# always see the same files in the same order.
#
#   scripts/test-ts.sh deno|bun [unit | system | PATH]... [RUNNER-OPTION]...
#
#   (nothing)  every test file under test/
#   unit       the fast tier: in-process tests that open no database (no child servers, swtpm,
#              SoftHSM2, PostgreSQL or PGlite, crash loops or faults); seconds on one runtime
#   system     everything else
#   PATH       a test file, or a folder: every test file under it (both tiers); relative to
#              the repository root
#   -…         passed to the runner, e.g. --filter=NAME (Deno), --test-name-pattern=NAME (Bun)
#
# The tier is in the file name, and nowhere else: test/**/*.system.test.ts is the system tier,
# every other test/**/*.test.ts is the unit tier. Name a test `.system.test.ts` when it (or a
# support module it uses) starts a process or a device, opens a database (an in-memory PGlite
# runs initdb: seconds per test), needs root, or takes more than a few seconds;
# test/tiers.test.ts checks the imports. The unit tier runs without SOFTHSM2_CONF, so a unit
# test that reaches for SoftHSM fails instead of quietly becoming a system test; any
# selection holding a system test runs under scripts/with-softhsm.sh.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

usage() {
  echo "usage: scripts/test-ts.sh deno|bun [unit | system | PATH]... [RUNNER-OPTION]..." >&2
  exit 2
}

runtime="${1:-}"
case "$runtime" in deno | bun) shift ;; *) usage ;; esac

# test_files [FOLDER]: every test file under FOLDER (default test), sorted, one per line.
test_files() { find "${1:-test}" -type f -name '*.test.ts' | LC_ALL=C sort; }
is_system() { [[ "$1" == *.system.test.ts ]]; }

files=() options=()
for arg in "$@"; do
  case "$arg" in
    -*) options+=("$arg") ;;
    unit | system)
      while IFS= read -r file; do
        if is_system "$file"; then tier=system; else tier=unit; fi
        if [[ "$tier" == "$arg" ]]; then files+=("$file"); fi
      done < <(test_files)
      ;;
    *)
      path="${arg#./}"
      path="${path%/}"
      if [[ -d "$path" ]]; then
        mapfile -t found < <(test_files "$path")
        ((${#found[@]} > 0)) || { echo "scripts/test-ts.sh: no *.test.ts under $arg" >&2; exit 2; }
        files+=("${found[@]}")
      elif [[ -f "$path" ]]; then
        files+=("$path")
      else
        echo "scripts/test-ts.sh: $arg: no such file or folder" >&2
        exit 2
      fi
      ;;
  esac
done
if ((${#files[@]} == 0)); then mapfile -t files < <(test_files); fi

# The container image test runs last: it waits for the images that scripts/test-all.sh builds
# in the background (a cold Rust build inside the container), and everything else runs meanwhile.
LAST=(test/ops/image.system.test.ts)
ordered=() last=()
for file in "${files[@]}"; do
  if [[ " ${LAST[*]} " == *" ${file#./} "* ]]; then last+=("$file"); else ordered+=("$file"); fi
done
files=("${ordered[@]}" "${last[@]}")

# Any system-tier file in the selection: give the run its own SoftHSM2 token folder.
wrap=()
for file in "${files[@]}"; do
  if is_system "$file"; then wrap=(scripts/with-softhsm.sh) && break; fi
done

case "$runtime" in
  deno)
    run=(node_modules/.bin/deno test --allow-ffi --allow-env --allow-read --allow-write --allow-run
      --allow-net=127.0.0.1 "${options[@]}" "${files[@]}")
    ;;
  bun)
    # Bun reads a bare argument as a pattern to match; a path beginning with ./ or / names a file.
    for i in "${!files[@]}"; do [[ "${files[$i]}" == /* ]] || files[i]="./${files[$i]}"; done
    run=(node_modules/.bin/bun test "${options[@]}" "${files[@]}")
    ;;
esac
exec "${wrap[@]}" "${run[@]}"
