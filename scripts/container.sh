#!/bin/sh
# The container image's entry point: runs the server, the health check or the operator CLI on
# the runtime the image was built for (PQGATE_RUNTIME, from the RUNTIME build argument).
#   container.sh [serve]          the server (src/serve/<runtime>.ts)
#   container.sh healthcheck      exit 0 when /readyz answers 200
#   container.sh cli ARGS…        the operator CLI (src/cli/main.ts)
set -eu
cd /app
command="${1:-serve}"
[ "$#" -gt 0 ] && shift
case "$command" in
serve) script="src/serve/${PQGATE_RUNTIME}.ts" ;;
healthcheck) script="src/serve/healthcheck.ts" ;;
cli) script="src/cli/main.ts" ;;
*)
  echo "usage: container.sh [serve | healthcheck | cli ARGS…]" >&2
  exit 64
  ;;
esac
case "$PQGATE_RUNTIME" in
# The same grants as `deno task serve` (deno.json explains why they are not narrower; --allow-run
# and --unstable-net let the server start its workers on one port, PQGATE_WORKERS).
deno) exec deno run --cached-only --allow-env --allow-ffi --allow-net --allow-read --allow-write --allow-sys --allow-run --unstable-net "$script" "$@" ;;
bun) exec bun "$script" "$@" ;;
*)
  echo "PQGATE_RUNTIME must be deno or bun, not '${PQGATE_RUNTIME}'" >&2
  exit 78
  ;;
esac
