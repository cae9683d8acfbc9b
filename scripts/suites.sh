# Sourced by scripts/test.sh and scripts/sanitize.sh: runs test suites and sums their counts.
# The caller sets LOG_TAG (prefix of its log lines), calls begin_suites, then run_suite /
# run_step, and finally print_summary.

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARIES=()

log() { printf '[%s] %s\n' "$LOG_TAG" "$*"; }

# The common start of a suite script: cargo on PATH, plain runner output (so the summaries
# parse), LOCKED=(--locked) under CI=true, a LOGS folder removed at exit, and PQGATE_VECTORS
# (default <repo>/../shared/vectors). A missing vectors folder skips the vector suites, but
# under CI=true it ends the script with "<prefix>0 passed, 1 failed".
begin_suites() {
  local repo="$1" prefix="$2"
  if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    PATH="$HOME/.cargo/bin:$PATH"
  fi
  export NO_COLOR=1
  LOCKED=()
  if [[ "${CI:-}" == "true" ]]; then LOCKED=(--locked); fi
  LOGS="$(mktemp -d)"
  trap 'rm -rf "$LOGS"' EXIT
  export PQGATE_VECTORS="${PQGATE_VECTORS:-$repo/../shared/vectors}"
  if [[ ! -d "$PQGATE_VECTORS" ]]; then
    if [[ "${CI:-}" == "true" ]]; then
      log "PQGATE_VECTORS=$PQGATE_VECTORS is not a folder; CI=true requires the test vectors"
      echo "${prefix}0 passed, 1 failed"
      exit 1
    fi
    log "PQGATE_VECTORS=$PQGATE_VECTORS is not a folder; vector suites will be skipped"
  fi
  log "PQGATE_VECTORS=$PQGATE_VECTORS"
}

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

# How many AddressSanitizer / LeakSanitizer reports a suite's output holds.
count_sanitizer_reports() {
  grep -c -E '^==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer)' "$1" || true
}

# run_suite NAME FORMAT TIMEOUT COMMAND...: runs one suite, adds its counts to the totals.
# Every sanitizer report counts as one more failure: LSan reports after the runner printed its
# summary, and an ASan abort ends a test binary before it counts the test that hit it.
run_suite() {
  local name="$1" format="$2" limit="$3"
  shift 3
  local output="$LOGS/$name.log" rc lines passed failed reports note=""
  log "$name: $*"
  set +o errexit
  timeout --kill-after=30s "$limit" "$@" 2>&1 | tee "$output"
  rc="${PIPESTATUS[0]}"
  set -o errexit
  read -r lines passed failed < <(parse_counts "$format" "$output")
  reports="$(count_sanitizer_reports "$output")"
  if ((reports > 0)); then
    failed=$((failed + reports))
    note=" (sanitizer reports: $reports)"
  fi
  if ((lines == 0)); then
    failed=$((failed > 0 ? failed : 1))
    note+=" (no summary found, exit code $rc)"
  elif ((rc == 124 || rc == 137)); then
    failed=$((failed + 1))
    note+=" (timed out after $limit)"
  elif ((rc != 0 && failed == 0)); then
    failed=1
    note+=" (exit code $rc with no failed test reported)"
  elif ((passed + failed == 0)); then
    failed=1
    note+=" (ran no test)"
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

# Lists every suite's summary, then prints the total line, prefixed by $1 (may be empty).
print_summary() {
  local prefix="$1" line
  log "summary:"
  for line in "${SUMMARIES[@]}"; do log "  $line"; done
  echo "$prefix$TOTAL_PASSED passed, $TOTAL_FAILED failed"
}
