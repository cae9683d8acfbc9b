#!/usr/bin/env bash
# Runs the style gates (rustfmt, clippy, deno fmt/lint/check), then every test suite: Rust
# (cargo test, release), then the TypeScript tests on Deno and on Bun (they load the release
# library, so Rust goes first). Keystore tests start their own swtpm and SoftHSM2 tokens. Prints one summary per suite and
# ends with exactly one line `N passed, N failed` summing all suites. A suite that crashes,
# times out, runs no test or whose summary cannot be read counts as at least one failure.
# Exits non-zero if anything failed.
#
# Environment: PQGATE_VECTORS (default <repo>/../shared/vectors; required under CI=true).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf '[test] %s\n' "$*"; }

if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
  PATH="$HOME/.cargo/bin:$PATH"
fi
export NO_COLOR=1 # plain runner output, so the summaries parse
export PQGATE_VECTORS="${PQGATE_VECTORS:-$REPO/../shared/vectors}"
if [[ ! -d "$PQGATE_VECTORS" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    log "PQGATE_VECTORS=$PQGATE_VECTORS is not a folder; CI=true requires the test vectors"
    echo "0 passed, 1 failed"
    exit 1
  fi
  log "PQGATE_VECTORS=$PQGATE_VECTORS is not a folder; vector suites will be skipped"
fi
log "PQGATE_VECTORS=$PQGATE_VECTORS"

LOCKED=()
if [[ "${CI:-}" == "true" ]]; then LOCKED=(--locked); fi
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARIES=()

# Prints "<summary lines found> <passed> <failed>" read from a runner's output.
#   rust: libtest's "test result: ok. X passed; Y failed; ..." (one per test binary)
#   deno: "ok | X passed | Y failed (…)" or "FAILED | X passed (N steps) | Y failed | …"
#   bun:  " X pass" and " Y fail" on lines of their own
#   plain: "<suite>: X passed, Y failed" (scripts/fuzz.sh: one test per fuzz target)
parse_counts() {
  local format="$1" file="$2"
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$file" | awk -v format="$format" '
    function count_words(   i) {
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^passed[;,]?$/) passed += $(i - 1)
        if ($i ~ /^failed;?$/) failed += $(i - 1)
      }
    }
    format == "rust" && /^test result: / { lines++; count_words() }
    format == "deno" && /^(ok|FAILED) \| [0-9]+ passed/ { lines++; count_words() }
    format == "bun" && /^ *[0-9]+ pass$/ { lines++; passed += $1 }
    format == "bun" && /^ *[0-9]+ fail$/ { failed += $1 }
    format == "plain" && /^[a-z]+: [0-9]+ passed, [0-9]+ failed$/ { lines++; count_words() }
    END { printf "%d %d %d\n", lines, passed, failed }
  '
}

# run_suite NAME FORMAT TIMEOUT COMMAND...: runs one suite, adds its counts to the totals.
run_suite() {
  local name="$1" format="$2" limit="$3"
  shift 3
  local output="$LOGS/$name.log" rc lines passed failed note=""
  log "$name: $*"
  set +o errexit
  timeout --kill-after=30s "$limit" "$@" 2>&1 | tee "$output"
  rc="${PIPESTATUS[0]}"
  set -o errexit
  read -r lines passed failed < <(parse_counts "$format" "$output")
  if ((lines == 0)); then
    failed=$((failed > 0 ? failed : 1))
    note=" (no summary found, exit code $rc)"
  elif ((rc == 124 || rc == 137)); then
    failed=$((failed + 1))
    note=" (timed out after $limit)"
  elif ((rc != 0 && failed == 0)); then
    failed=1
    note=" (exit code $rc with no failed test reported)"
  elif ((passed + failed == 0)); then
    failed=1
    note=" (ran no test)"
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  SUMMARIES+=("$name: $passed passed, $failed failed$note")
  log "$name: $passed passed, $failed failed$note"
}

# A step that is not a test suite but must succeed (counts as one failure otherwise).
run_step() {
  local name="$1"
  shift
  log "$name: $*"
  if ! "$@"; then
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    SUMMARIES+=("$name: failed")
    log "$name: failed"
  fi
}

# Style gates first: cheap, and a red one is as much a failure as a red test.
run_step "rust fmt" bash -c 'cd rust && exec cargo fmt --check'
run_step "fuzz fmt" bash -c 'cd rust/fuzz && exec cargo fmt --check'
run_step "rust clippy" bash -c 'cd rust && exec cargo clippy --workspace --all-targets --release --quiet "$@" -- -D warnings' _ "${LOCKED[@]}"
run_step "ts fmt, lint, types" node_modules/.bin/deno task check
run_suite rust rust 45m bash -c 'cd rust && exec cargo test --workspace --release "$@"' _ "${LOCKED[@]}"
# The native benchmarks (rust/core/benches) in criterion's test mode: each runs once, so a
# broken benchmark fails here rather than in the next full `deno task bench:all`.
run_step "rust benches (criterion --test)" bash -c 'cd rust && exec cargo bench --workspace --bench primitives --quiet "$@" -- --test' _ "${LOCKED[@]}"
# The TypeScript suites load rust/target/release/libpqgate.so: make sure it is current.
run_step "rust library" bash -c 'cd rust && exec cargo build --release --quiet "$@"' _ "${LOCKED[@]}"
run_suite deno deno 25m node_modules/.bin/deno task test
run_suite bun bun 25m node_modules/.bin/bun run test
# libFuzzer smoke over the C ABI under ASan/LSan (cold build ~5 min on 2 cores).
run_suite fuzz plain 20m scripts/fuzz.sh smoke "${PQGATE_FUZZ_SECONDS:-6}"

log "summary:"
for line in "${SUMMARIES[@]}"; do log "  $line"; done
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
((TOTAL_FAILED == 0))
