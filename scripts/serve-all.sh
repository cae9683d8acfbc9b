#!/usr/bin/env bash
# Set up the machine (idempotent), then serve the API on Deno (PORT, HOSTNAME, PQGATE_LIB).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$REPO/scripts/setup.sh"
cd "$REPO"
exec node_modules/.bin/deno task serve
