#!/usr/bin/env bash
# libFuzzer over the C ABI (rust/fuzz), built with stable rustc + RUSTC_BOOTSTRAP=1 and the
# flags cargo-fuzz uses (SanitizerCoverage, AddressSanitizer with LeakSanitizer), so neither
# cargo-fuzz nor a nightly toolchain is needed.
#
#   scripts/fuzz.sh smoke SECONDS   every target for SECONDS each (the test command's suite);
#                                   ends with `fuzz: N passed, M failed`
#   scripts/fuzz.sh run HOURS       the long run: HOURS split over the targets, growing a work
#                                   corpus in rust/fuzz/target/work-corpus
#   scripts/fuzz.sh merge           minimises the work corpus into the committed rust/fuzz/corpus
#   scripts/fuzz.sh build           only builds the targets
#
# A target passes when libFuzzer exits 0: no crash, no ABI-contract assertion, no ASan or
# LSan report. Crashing inputs land in rust/fuzz/artifacts/<target>/.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$REPO/rust/fuzz"
TRIPLE=x86_64-unknown-linux-gnu
TARGETS=(primitives keys handles envelopes sequence)
BIN="$FUZZ/target/$TRIPLE/release"
WORK="$FUZZ/target/work-corpus"

if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
  PATH="$HOME/.cargo/bin:$PATH"
fi
LOCKED=()
if [[ "${CI:-}" == "true" ]]; then LOCKED=(--locked); fi

build() {
  # --target keeps build scripts and proc-macros uninstrumented (as cargo-fuzz does).
  (
    cd "$FUZZ"
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Zsanitizer=address -Cdebug-assertions \
-Coverflow-checks -Cforce-frame-pointers=yes" \
      cargo build --release --quiet --target "$TRIPLE" "${LOCKED[@]}"
  )
}

# fuzz TARGET SECONDS WORKDIR: runs one target; new inputs go to WORKDIR, the committed
# corpus is read only. Prints libFuzzer's output to stderr and returns its exit code.
fuzz() {
  local target="$1" seconds="$2" work="$3"
  mkdir -p "$work" "$FUZZ/artifacts/$target"
  ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:allocator_may_return_null=1" \
    "$BIN/$target" "$work" "$FUZZ/corpus/$target" \
    -max_total_time="$seconds" -detect_leaks=1 -timeout=60 -rss_limit_mb=2560 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$FUZZ/artifacts/$target/"
}

# The fuzz targets write key files: give each run its own TMPDIR and remove it.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/pqgate-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

mode="${1:-smoke}"
case "$mode" in
  build) build ;;
  smoke)
    seconds="${2:-15}"
    build
    passed=0 failed=0
    for target in "${TARGETS[@]}"; do
      log="$scratch/$target.log"
      if fuzz "$target" "$seconds" "$scratch/corpus-$target" >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "fuzz: $target: ok ($(grep -m1 -o 'number_of_executed_units: [0-9]*' "$log" | cut -d' ' -f2) runs in ${seconds}s)"
      else
        failed=$((failed + 1))
        tail -n 60 "$log"
        echo "fuzz: $target: FAILED (inputs in rust/fuzz/artifacts/$target/)"
      fi
    done
    echo "fuzz: $passed passed, $failed failed"
    ((failed == 0))
    ;;
  run)
    hours="${2:-1}"
    seconds="$(awk -v h="$hours" -v n="${#TARGETS[@]}" 'BEGIN { printf "%d", h * 3600 / n }')"
    build
    status=0
    for target in "${TARGETS[@]}"; do
      log="$FUZZ/target/run-$target.log"
      if fuzz "$target" "$seconds" "$WORK/$target" >"$log" 2>&1; then result=ok; else result=FAILED status=1; fi
      echo "fuzz run: $target: $result, $(grep -m1 -o 'number_of_executed_units: [0-9]*' "$log" | cut -d' ' -f2) runs in ${seconds}s, log $log"
    done
    exit "$status"
    ;;
  merge)
    build
    for target in "${TARGETS[@]}"; do
      merged="$scratch/merged-$target"
      mkdir -p "$merged" "$WORK/$target"
      "$BIN/$target" -merge=1 "$merged" "$FUZZ/corpus/$target" "$WORK/$target" >"$scratch/merge.log" 2>&1 ||
        { cat "$scratch/merge.log"; exit 1; }
      rm -rf "$FUZZ/corpus/$target" && mv "$merged" "$FUZZ/corpus/$target"
      echo "fuzz merge: $target: $(ls "$FUZZ/corpus/$target" | wc -l) inputs"
    done
    ;;
  *)
    echo "usage: scripts/fuzz.sh smoke SECONDS | run HOURS | merge | build" >&2
    exit 2
    ;;
esac
