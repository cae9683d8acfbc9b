#!/usr/bin/env bash
# Prepares a Debian machine to build, test and serve pqgate. Idempotent and non-interactive
# (works under CI=true with no stdin); every step is skipped when already done.
#
#   1. Debian packages for the keystores and the build (apt; sudo only when not root).
#   2. npm dependencies, including the pinned deno and bun runtimes (`npm ci`).
#   3. The release build of the Rust library (rust/target/release/libpqgate.so).
#   4. The Python binding's virtual environment (bindings/python/.venv): the pinned tools of
#      bindings/python/requirements-dev.txt and the binding itself, installed editable.
#
#   scripts/setup.sh [apt | npm | rust | python]...   every step (default), or those named, in
#                                                     the order above
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf '[setup] %s\n' "$*"; }
die() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}

# swtpm*/tpm2-tools/libtss2-dev: TPM keystore and its tests; softhsm2/opensc: PKCS#11 keystore
# and its tests; postgresql: the scale-out database; pkg-config/clang: building tss-esapi;
# python3-venv: the Python binding's virtual environment (Debian 12's python3 is 3.11);
# chromium: the headless browser that checks the /docs reference page (test/docs/reference-page.system.test.ts);
# openssl: the throwaway certificates of the HTTPS tests (test/serve/tls.system.test.ts);
# podman/runc/debootstrap: building and running the container image (scripts/image.sh,
# test/ops/image.system.test.ts).
# Not golang-go: those tests' independent TLS client needs Go 1.25 or later (X25519MLKEM768 and
# ConnectionState().CurveID) and Debian 12 ships Go 1.19; see check_go below.
APT_PACKAGES=(swtpm swtpm-tools tpm2-tools libtss2-dev softhsm2 opensc postgresql pkg-config clang python3-venv chromium openssl podman runc debootstrap)

install_apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    log "apt: all ${#APT_PACKAGES[@]} packages installed, skipping"
    return
  fi
  command -v apt-get >/dev/null || die "apt-get not found (Debian expected); install by hand: ${missing[*]}"
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo; as root run: apt-get install -y ${missing[*]}"
    # Without a terminal sudo must not wait for a password: fail at once instead.
    if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  log "apt: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${APT_PACKAGES[@]}"
}

# The HTTPS tests measure the negotiated key-exchange group with Go's crypto/tls, which offers
# X25519MLKEM768 from Go 1.24 and reports the group from 1.25. Debian 12's golang-go is 1.19
# (neither), so Go comes from the machine (the development and CI machines have it in
# /usr/local/go); this only says whether it is new enough. Under CI=true those tests fail
# without it.
check_go() {
  local go=go version
  if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then go=/usr/local/go/bin/go; fi
  if ! version="$("$go" env GOVERSION 2>/dev/null)"; then
    log "go: not found: the HTTPS key-exchange tests need Go 1.25 or later on PATH (Debian 12's golang-go, 1.19, is too old)"
  elif [[ "$version" =~ ^go1\.([0-9]+) ]] && ((BASH_REMATCH[1] >= 25)); then
    log "go: $version (offers and reports X25519MLKEM768)"
  else
    log "go: $version is too old for the HTTPS key-exchange tests (Go 1.25 or later needed)"
  fi
}

install_npm_packages() {
  command -v npm >/dev/null || die "npm not found; install Node.js 18 or later with npm (apt-get install -y nodejs npm)"
  # `npm ci` wipes node_modules and reinstalls about 200 MB of runtimes: skip it when the
  # installed tree was made from exactly this lockfile and both runtimes answer.
  local stamp="node_modules/.pqgate-setup-stamp" want
  want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] &&
    node_modules/.bin/deno --version >/dev/null 2>&1 && node_modules/.bin/bun --version >/dev/null 2>&1; then
    log "npm: node_modules matches package-lock.json, skipping npm ci"
  else
    log "npm: npm ci (node $(node --version), npm $(npm --version 2>/dev/null))"
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
  local deno_version bun_version
  deno_version="$(node_modules/.bin/deno --version 2>/dev/null | head -n1)" ||
    die "node_modules/.bin/deno does not run (did the deno package's install script run?)"
  bun_version="$(node_modules/.bin/bun --version 2>/dev/null)" ||
    die "node_modules/.bin/bun does not run (did the bun package's install script run?)"
  log "runtimes: ${deno_version}; bun ${bun_version}"
}

build_rust_library() {
  if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    PATH="$HOME/.cargo/bin:$PATH"
  fi
  command -v cargo >/dev/null || die "cargo not found. Install Rust (1.85 or later; Debian's rustc is too old) with rustup:
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . \"\$HOME/.cargo/env\"
  then run this script again."
  local locked=()
  # CI must build exactly the committed Cargo.lock; developers may let cargo update it.
  if [[ "${CI:-}" == "true" ]]; then locked=(--locked); fi
  log "rust: cargo build --release${locked[*]:+ ${locked[*]}} ($(cargo --version))"
  (cd rust && cargo build --release "${locked[@]}")
  [[ -f rust/target/release/libpqgate.so ]] || die "rust/target/release/libpqgate.so was not built"
  log "rust: rust/target/release/libpqgate.so ready"
}

# The first Python 3.11 or later on PATH (pyenv's shims first, then Debian's python3).
find_python() {
  local candidate
  for candidate in "${PQGATE_PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  die "no Python 3.11 or later with the venv module found (apt-get install -y python3-venv, or set PQGATE_PYTHON)"
}

# The venv is rebuilt only when the pinned tools, the package metadata or the interpreter
# changed; otherwise this step takes a fraction of a second.
install_python_binding() {
  local dir=bindings/python python stamp want
  python="$(find_python)"
  stamp="$dir/.venv/.pqgate-setup-stamp"
  want="$({ cat "$dir/requirements-dev.txt" "$dir/pyproject.toml"; "$python" --version; } | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && "$dir/.venv/bin/python" -c 'import pqgate' 2>/dev/null; then
    log "python: $dir/.venv matches requirements-dev.txt, skipping"
    return
  fi
  log "python: creating $dir/.venv ($("$python" --version)) with $dir/requirements-dev.txt"
  "$python" -m venv --clear "$dir/.venv"
  "$dir/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$dir/requirements-dev.txt"
  # flit_core (pinned above) builds the editable install: no build dependency is fetched.
  "$dir/.venv/bin/pip" install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e "$dir"
  echo "$want" >"$stamp"
  log "python: $("$dir/.venv/bin/python" -c 'import pqgate; print("pqgate from", pqgate.__file__)')"
}

steps=(apt npm rust python)
for step in "$@"; do
  [[ " ${steps[*]} " == *" $step "* ]] || die "unknown step '$step' (steps: ${steps[*]})"
done
((${#@} == 0)) || steps=("$@")
for step in apt npm rust python; do
  [[ " ${steps[*]} " == *" $step "* ]] || continue
  case "$step" in
    apt) install_apt_packages && check_go ;;
    npm) install_npm_packages ;;
    rust) build_rust_library ;;
    python) install_python_binding ;;
  esac
done
log "done${*:+ ($*)}"
