# Sourced by scripts/test.sh and scripts/sanitize.sh: runs test suites and sums their counts.
# The caller sets LOG_TAG (prefix of its log lines), calls begin_suites, then run_suite /
# run_step (or start_suite / start_step … finish to run some side by side), and finally
# print_summary, which lists every suite's result and every step's duration.

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARIES=()
DURATIONS=()
STARTED_AT="$(date +%s.%N)"
declare -A PENDING=()

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
#   pytest: "==== X failed, Y passed, Z skipped, E errors in 1.23s ====" (errors count as failed)
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
    format == "pytest" && /^=+ .*[0-9]+ (passed|failed|errors?|skipped|deselected).* in [0-9.]+s( \([0-9:]+\))? =+$/ {
      lines++
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^passed,?$/) passed += $(i - 1)
        if ($i ~ /^(failed|errors?),?$/) failed += $(i - 1)
      }
    }
    END { printf "%d %d %d\n", lines, passed, failed }
  '
}

# How many AddressSanitizer / LeakSanitizer reports a suite's output holds.
count_sanitizer_reports() {
  grep -c -E '^==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer)' "$1" || true
}

# Seconds since the epoch, with fractions.
now() { date +%s.%N; }

# note_duration NAME START END [MARK]: one row of the duration table.
note_duration() {
  DURATIONS+=("$1|$(awk -v s="$2" -v e="$3" -v t="$STARTED_AT" 'BEGIN { printf "%.0f|%.0f|%.0f", s - t, e - t, e - s }')|${4:-}")
}

# account_suite NAME FORMAT LIMIT RC OUTPUT: adds a finished suite's counts to the totals.
# Every sanitizer report counts as one more failure: LSan reports after the runner printed its
# summary, and an ASan abort ends a test binary before it counts the test that hit it.
account_suite() {
  local name="$1" format="$2" limit="$3" rc="$4" output="$5" lines passed failed reports note=""
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

# account_step NAME RC: a step that is not a test suite must exit 0 (one failure otherwise).
account_step() {
  if (($2 != 0)); then
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    SUMMARIES+=("$1: failed")
    log "$1: failed"
  fi
}

# run_suite NAME FORMAT TIMEOUT COMMAND...: runs one suite, adds its counts to the totals.
run_suite() {
  local name="$1" format="$2" limit="$3"
  shift 3
  local output="$LOGS/$name.log" rc start
  log "$name: $*"
  start="$(now)"
  set +o errexit
  timeout --kill-after=30s "$limit" "$@" 2>&1 | tee "$output"
  rc="${PIPESTATUS[0]}"
  set -o errexit
  note_duration "$name" "$start" "$(now)"
  account_suite "$name" "$format" "$limit" "$rc" "$output"
}

# A step that is not a test suite but must succeed (counts as one failure otherwise).
run_step() {
  local name="$1" rc=0 start
  shift
  log "$name: $*"
  start="$(now)"
  "$@" || rc=$?
  note_duration "$name" "$start" "$(now)"
  account_step "$name" "$rc"
}

# start_suite NAME FORMAT TIMEOUT COMMAND...: starts a suite in the background, its output
# going to a log that `finish NAME` prints. Start only suites that share no port, folder or
# device with what runs beside them.
start_suite() {
  local name="$1" format="$2" limit="$3"
  shift 3
  log "$name: started in the background: $*"
  PENDING[$name]="suite|$format|$limit"
  background "$name" timeout --kill-after=30s "$limit" "$@"
}

# start_step NAME COMMAND...: run_step in the background; `finish NAME` waits for it.
start_step() {
  local name="$1"
  shift
  log "$name: started in the background: $*"
  PENDING[$name]="step||"
  background "$name" "$@"
}

# adopt_step NAME DIR: a step the process that exec'd this script started (scripts/test-all.sh
# starts the fuzz build during the set-up), writing into DIR what `background` writes: start,
# log, rc and end, plus pid. `finish NAME` waits for its end mark, then removes DIR.
adopt_step() {
  local name="$1" dir="$2" file
  log "$name: started in the background during the set-up"
  for file in start log rc end; do ln -s "$dir/$file" "$LOGS/$name.$file"; done
  PENDING[$name]="step|||$(cat "$dir/pid")|$dir"
}

background() {
  local name="$1"
  shift
  (
    set +o errexit
    now >"$LOGS/$name.start"
    "$@" >"$LOGS/$name.log" 2>&1 </dev/null
    echo "$?" >"$LOGS/$name.rc"
    now >"$LOGS/$name.end"
  ) &
  PENDING[$name]+="|$!"
}

# finish NAME: waits for a suite or step started with start_suite / start_step, prints its
# output and adds its result to the totals.
finish() {
  local name="$1" kind format limit pid adopted rc
  IFS='|' read -r kind format limit pid adopted <<<"${PENDING[$name]}"
  unset "PENDING[$name]"
  if [[ -n "$adopted" ]]; then
    # Not a child this shell knows: poll for its end mark (one that died without it failed).
    while [[ ! -e "$LOGS/$name.end" && -e "/proc/$pid" && "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]]; do
      sleep 1
    done
  else
    wait "$pid" || true
  fi
  rc="$(cat "$LOGS/$name.rc" 2>/dev/null || echo 1)"
  log "$name: output (ran in the background):"
  cat "$LOGS/$name.log"
  note_duration "$name" "$(cat "$LOGS/$name.start")" "$(cat "$LOGS/$name.end" 2>/dev/null || now)" "∥"
  if [[ "$kind" == suite ]]; then
    account_suite "$name" "$format" "$limit" "$rc" "$LOGS/$name.log"
  else
    account_step "$name" "$rc"
  fi
  if [[ -n "$adopted" ]]; then rm -rf "$adopted"; fi
}

# The duration table: each step's wall-clock time and when it started and ended, counted from
# the start of the script (negative: during the set-up); ∥ marks steps that ran beside others. PQGATE_SETUP_SECONDS (set by
# scripts/test-all.sh) adds the set-up before it.
print_durations() {
  local name from to took mark total
  total="$(awk -v t="$STARTED_AT" -v e="$(now)" 'BEGIN { printf "%.0f", e - t }')"
  log "durations (m:ss; from/to: since the start of the tests; ∥ ran beside other steps):"
  log "$(printf '  %-34s %7s %7s %7s' step took from to)"
  if [[ -n "${PQGATE_SETUP_SECONDS:-}" ]]; then
    log "$(printf '  %-34s %7s' "set-up (scripts/setup.sh)" "$(mmss "$PQGATE_SETUP_SECONDS")")"
  fi
  while IFS='|' read -r name from to took mark; do
    log "$(printf '  %-34s %7s %7s %7s%s' "$name" "$(mmss "$took")" "$(mmss "$from")" "$(mmss "$to")" "${mark:+ $mark}")"
  done < <(((${#DURATIONS[@]} > 0)) && printf '%s\n' "${DURATIONS[@]}" | sort -t'|' -k2,2n -s)
  log "$(printf '  %-34s %7s' "tests (wall clock)" "$(mmss "$total")")"
  if [[ -n "${PQGATE_SETUP_SECONDS:-}" ]]; then
    log "$(printf '  %-34s %7s' "set-up and tests" "$(mmss $((total + PQGATE_SETUP_SECONDS)))")"
  fi
}

# m:ss; negative (-m:ss) for a step that started before the tests, during the set-up.
mmss() { if (($1 < 0)); then printf -- '-%d:%02d' $(((0 - $1) / 60)) $(((0 - $1) % 60)); else printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); fi; }

# Lists every suite's summary and the duration table, then prints the total line, prefixed by
# $1 (may be empty). Anything still running in the background is waited for first.
print_summary() {
  local prefix="$1" line name
  for name in "${!PENDING[@]}"; do finish "$name"; done
  log "summary:"
  for line in "${SUMMARIES[@]}"; do log "  $line"; done
  print_durations
  echo "$prefix$TOTAL_PASSED passed, $TOTAL_FAILED failed"
}
