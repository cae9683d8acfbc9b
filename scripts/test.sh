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

LOG_TAG=test
# shellcheck source=scripts/suites.sh
source "$REPO/scripts/suites.sh"

begin_suites "$REPO" ""

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

print_summary ""
((TOTAL_FAILED == 0))
