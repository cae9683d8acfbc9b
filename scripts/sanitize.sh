#!/usr/bin/env bash
# The Rust workspace tests and the FFI tests once under AddressSanitizer, built like
# scripts/fuzz.sh with stable rustc + RUSTC_BOOTSTRAP=1 (no nightly toolchain):
#
#   1. `cargo test --workspace` with ASan and LeakSanitizer (rustc links its static ASan
#      runtime into every test executable);
#   2. test/ffi on Deno and on Bun against an ASan build of libpqgate.so (PQGATE_LIB), with
#      ASan's runtime preloaded: rustc does not link the runtime into a cdylib, so the
#      library's __asan_* symbols must come from a shared runtime loaded first. That runtime
#      is built here from rustc's own static one, so it matches the instrumentation's LLVM.
#      LeakSanitizer is off there (see FFI_ASAN_OPTIONS).
#
# Prints one summary per suite and ends with `sanitize: N passed, M failed`. Every sanitizer
# report counts as a failure; exits non-zero if anything failed.
#
# Builds into rust/target/asan (never rust/target/release) with CARGO_BUILD_JOBS=1 unless
# set. Environment: PQGATE_VECTORS as for scripts/test.sh; CI=true adds --locked.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

LOG_TAG=sanitize
# shellcheck source=scripts/suites.sh
source "$REPO/scripts/suites.sh"

begin_suites "$REPO" "sanitize: "

TRIPLE=x86_64-unknown-linux-gnu
export CARGO_TARGET_DIR="$REPO/rust/target/asan"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
export RUSTC_BOOTSTRAP=1
# --target keeps build scripts and proc-macros uninstrumented. Debug assertions turn on the
# standard library's checks of unsafe preconditions (from_raw_parts and the like) in the FFI.
export RUSTFLAGS="-Zsanitizer=address -Cforce-frame-pointers=yes -Cdebug-assertions -Coverflow-checks"
# The release profile with parallel codegen: this build is never shipped, and the tests still
# run optimised code.
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
CARGO_ARGS=(--workspace --release --target "$TRIPLE" "${LOCKED[@]}")
# The cdylib for the FFI runs: `cargo test` compiles it but leaves it in deps/ only; the
# `cargo build --lib` after it finds the very same unit fresh (rust/core/Cargo.toml makes both
# commands resolve the same features) and only copies it here, without a second link.
LIBRARY="$CARGO_TARGET_DIR/$TRIPLE/release/libpqgate.so"
RUNTIME="$CARGO_TARGET_DIR/libasan-rustc.so"

ASAN_COMMON="detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
# One leak inside SoftHSM2 (through OpenSSL) is suppressed: see scripts/lsan.supp.
export LSAN_OPTIONS="suppressions=$REPO/scripts/lsan.supp:print_suppressions=0"
# LeakSanitizer is off inside Deno and Bun: Deno leaves about ten of its own allocations at exit
# (a stripped binary, so they cannot be suppressed by name without hiding ours too) and has
# unloaded libpqgate by then, so our frames would show as <unknown module>; Bun exits without
# running the leak check at all. Leaked handles are caught by the binding's own accounting
# (test/ffi/lifecycle.test.ts) and leaks in Rust by step 1.
FFI_ASAN_OPTIONS="detect_leaks=0:$ASAN_COMMON"

# Links rustc's static ASan runtime into a shared object that LD_PRELOAD can load. The
# preinit object is left out (.preinit_array is not allowed in a shared object); preloading
# runs the runtime's constructor before anything else instead.
build_runtime() {
  local archive objects
  archive="$(rustc --print sysroot)/lib/rustlib/$TRIPLE/lib/librustc-stable_rt.asan.a"
  [[ -f "$archive" ]] || {
    echo "no ASan runtime at $archive" >&2
    return 1
  }
  if [[ -f "$RUNTIME" && "$RUNTIME" -nt "$archive" ]]; then return 0; fi
  objects="$(mktemp -d)"
  (cd "$objects" && ar x "$archive" && rm -f asan_preinit.cpp.o &&
    cc -shared -o "$RUNTIME.tmp" -Wl,--whole-archive ./*.o -Wl,--no-whole-archive -lpthread -ldl -lm)
  rm -rf "$objects"
  mv "$RUNTIME.tmp" "$RUNTIME"
}

# The cdylib must really be instrumented, or the FFI runs would check nothing.
library_is_instrumented() {
  nm -D --undefined-only "$LIBRARY" | grep ' __asan_init$' >/dev/null
}

# ffi_suite NAME FORMAT COMMAND...: runs an FFI test command with the runtime preloaded and
# the ASan library selected; with-softhsm.sh stays outside the preload.
ffi_suite() {
  local name="$1" format="$2"
  shift 2
  run_suite "$name" "$format" 30m scripts/with-softhsm.sh env LD_PRELOAD="$RUNTIME" PQGATE_LIB="$LIBRARY" \
    ASAN_OPTIONS="$FFI_ASAN_OPTIONS" "$@"
}

started=$SECONDS
run_step "asan build" bash -c 'cd rust && cargo test --no-run --quiet "$@" && exec cargo build --lib --quiet "$@"' \
  _ "${CARGO_ARGS[@]}"
log "asan build: $((SECONDS - started)) s"
ASAN_OPTIONS="detect_leaks=1:$ASAN_COMMON" run_suite rust rust 45m \
  bash -c 'cd rust && exec cargo test --no-fail-fast "$@"' _ "${CARGO_ARGS[@]}"

run_step "asan runtime" build_runtime
run_step "library instrumented" library_is_instrumented
ffi_suite "ffi deno" deno node_modules/.bin/deno test --allow-ffi --allow-env --allow-read --allow-write \
  --allow-run --allow-net=127.0.0.1 test/ffi/
ffi_suite "ffi bun" bun node_modules/.bin/bun test test/ffi/

print_summary "sanitize: "
((TOTAL_FAILED == 0))
