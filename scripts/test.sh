#!/usr/bin/env bash
# Runs the style gates (rustfmt, clippy, deno fmt/lint/check), then every test suite: Rust
# (cargo test, release, with the criterion benchmarks in test mode), the TypeScript tests on
# Deno and on Bun and the Python binding's suite (ruff, mypy --strict, pytest; all load the
# release library set-up built), and the libFuzzer smoke run. Keystore tests start their own swtpm and SoftHSM2 tokens. Prints one summary per
# suite and a table of each step's duration, and ends with exactly one line
# `N passed, N failed` summing all suites. A suite that crashes, times out, runs no test or
# whose summary cannot be read counts as at least one failure. Exits non-zero if anything
# failed.
#
# On a fresh 2-core machine most of the time is compiling, so the order is chosen to build
# each crate as few times as possible and to keep both cores busy:
#   - setup.sh's `cargo build --release` already built the library the TypeScript suites load,
#     and nothing here rebuilds it (the "rust library" step only checks it is current);
#   - the Rust tests build in that same release profile (rust/Cargo.toml: no cross-crate LTO,
#     which is what once gave the tests a profile of their own), so they reuse its compiled
#     dependencies and compile only the test crates. The same `cargo test` builds the criterion
#     benchmarks and runs them once (criterion's test mode);
#   - clippy and then the Rust tests run in the background at nice 10 beside the TypeScript
#     suites, which start as soon as the TypeScript gate has passed;
#   - the fuzz targets (their own workspace, built with ASan) build in the background at the
#     lowest CPU priority from the set-up's apt step on (scripts/test-all.sh; from the start
#     here when this script runs alone), using what the other steps leave idle, and are run
#     at the end on their own;
#   - the Deno and Bun suites run side by side (fresh ports, folders and SoftHSM2 tokens each;
#     much of their time is spent waiting for servers and devices), and the Python suite (about
#     20 s of CPU, no ports or devices) and the Rust tests (at nice 10) beside them. Deno runs them with --no-check: the
#     "ts fmt, lint, types" step has type-checked test/ already (checking again took ~20 s of
#     CPU with a cold Deno cache). In-memory test apps load a copy of one migrated PGlite
#     database (test/support/database.ts) instead of running initdb and the migrations each.
#
# Environment: PQGATE_VECTORS (default <repo>/../shared/vectors; required under CI=true).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

LOG_TAG=test
# shellcheck source=scripts/suites.sh
source "$REPO/scripts/suites.sh"

begin_suites "$REPO" ""

# The ASan build of the fuzz targets (cold: ~5 min of both cores) needs nothing else;
# scripts/test-all.sh starts it during the set-up already.
if [[ -n "${PQGATE_FUZZ_BUILD:-}" && -f "$PQGATE_FUZZ_BUILD/pid" ]]; then
  adopt_step "fuzz build (background, nice 19)" "$PQGATE_FUZZ_BUILD"
else
  start_step "fuzz build (background, nice 19)" nice -n 19 scripts/fuzz.sh build
fi
# The container images (scripts/image.sh), which test/ops/image.system.test.ts builds and runs
# on each runtime: built here beforehand (or by scripts/test-all.sh during the set-up), so each
# suite's image test finds its image built (it waits for a build in progress).
if [[ -n "${PQGATE_IMAGE_BUILD:-}" && -f "$PQGATE_IMAGE_BUILD/pid" ]]; then
  adopt_step "image build (background)" "$PQGATE_IMAGE_BUILD"
else
  start_step "image build (background)" bash -c 'scripts/image.sh build deno && scripts/image.sh build bun'
fi

# Style gates first: cheap, and a red one is as much a failure as a red test.
run_step "rust fmt" bash -c 'cd rust && exec cargo fmt --check'
run_step "fuzz fmt" bash -c 'cd rust/fuzz && exec cargo fmt --check'
# The TypeScript and Python suites load rust/target/release/libpqgate.so: make sure it is
# current (set-up built it; this is a no-op then), before clippy and the Rust tests take the
# build lock.
run_step "rust library" bash -c 'cd rust && exec cargo build --release --quiet "$@"' _ "${LOCKED[@]}"
# Clippy checks every crate again (metadata only, about 1.5 min of both cores cold): in the
# background at nice 10, like the Rust tests after it (which wait for its build lock).
start_step "rust clippy (background, nice 10)" nice -n 10 bash -c 'cd rust && exec cargo clippy --workspace --all-targets --release --quiet "$@" -- -D warnings' _ "${LOCKED[@]}"
run_step "ts fmt, lint, types" node_modules/.bin/deno task check
# The Rust tests (compiling the test crates, linking a dozen binaries) run beside the TypeScript suites,
# which spend much of their time waiting for servers and devices, at nice 10: they take the
# idle CPU first and yield to the suites when those need it, without the near-starvation of
# nice 19 (their swtpm and SoftHSM2 children inherit the priority). --all-targets adds the
# native benchmarks (rust/core/benches) in criterion's test mode: each runs once, so a broken
# benchmark fails here rather than in the next `deno task bench:all`. It leaves out the doc
# tests, hence the second command.
start_suite rust rust 45m nice -n 10 bash -c 'cd rust && rc=0 && cargo test --workspace --release --no-fail-fast --all-targets "$@" ||
  rc=$?; cargo test --workspace --release --no-fail-fast --doc "$@" || rc=$?; exit "$rc"' _ "${LOCKED[@]}"
start_suite python pytest 10m scripts/test-python.sh
start_suite deno deno 40m node_modules/.bin/deno task test --no-check
run_suite bun bun 40m node_modules/.bin/bun run test
finish python
finish deno
finish "image build (background)"
finish "rust clippy (background, nice 10)"
finish rust
# libFuzzer smoke over the C ABI under ASan/LSan, alone on the machine: every target for
# PQGATE_FUZZ_SECONDS (default 6) seconds.
finish "fuzz build (background, nice 19)"
run_suite fuzz plain 20m scripts/fuzz.sh smoke "${PQGATE_FUZZ_SECONDS:-6}"

print_summary ""
((TOTAL_FAILED == 0))
