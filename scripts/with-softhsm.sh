#!/usr/bin/env bash
# Runs a command with SOFTHSM2_CONF pointing at a fresh, empty SoftHSM2 token directory,
# removed afterwards. The TypeScript tests need it: SoftHSM reads SOFTHSM2_CONF from the
# process environment when the module loads, which a test cannot set portably from inside.
set -euo pipefail

dir="$(mktemp -d "${TMPDIR:-/tmp}/pqgate-softhsm.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tokens"
cat >"$dir/softhsm2.conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
CONF
export SOFTHSM2_CONF="$dir/softhsm2.conf"
"$@"
