# syntax=docker/dockerfile:1
# pqgate container image (docs/DEPLOYMENT.md).
#
#   docker build --build-arg RUNTIME=deno -t pqgate:deno .     (or RUNTIME=bun)
#
# Stage 1 builds the Rust library exactly as scripts/setup.sh does, stage 2 installs the npm
# dependencies from the lockfile (keeping the /docs renderer's one bundle), the last stage is a
# slim Debian with the one runtime chosen by RUNTIME, running as an unprivileged user. The root
# filesystem may be read-only: state lives in the /data volume (PQGATE_DATA_DIR), the software
# keystore's root key in its own /keystore volume, scratch space in /tmp (mount a tmpfs).
# test/ops/dockerfile.test.ts keeps this file consistent with setup.sh, the config module and
# docs/DEPLOYMENT.md.

ARG RUNTIME=deno

# --- 1: the native library (Debian 12: tpm2-tss 3.2.1, which tss-esapi 7.7 needs) ------------
FROM rust:1.95-slim-bookworm AS native
# libtss2-dev, pkg-config, clang: building tss-esapi (the same packages scripts/setup.sh installs).
RUN apt-get update \
  && apt-get install -y --no-install-recommends libtss2-dev pkg-config clang \
  && rm -rf /var/lib/apt/lists/*
COPY rust/ /build/rust/
WORKDIR /build/rust
RUN cargo build --release --locked

# --- 2: npm dependencies from package-lock.json; keep one runtime, drop dev tools ---------------
# The /docs renderer (@scalar/api-reference) is a development dependency: its npm tree is about
# 300 MB, but the gateway serves only its self-contained browser bundle (src/http/docs-assets.ts),
# so that one file is kept through the prune, at the path where npm ci put it.
FROM node:22-bookworm-slim AS deps
ARG RUNTIME
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
  && mkdir -p /out/bin \
  && case "$RUNTIME" in \
       deno) cp node_modules/deno/deno /out/bin/deno ;; \
       bun) cp node_modules/bun/bin/bun.exe /out/bin/bun ;; \
       *) echo "RUNTIME must be deno or bun" >&2; exit 1 ;; \
     esac \
  && reference=node_modules/@scalar/api-reference/dist/browser/standalone.js \
  && cp "$reference" /out/reference.js \
  && npm prune --omit=dev --no-audit --no-fund \
  && mkdir -p "$(dirname "$reference")" \
  && mv /out/reference.js "$reference"

# --- 3: the runtime image ---------------------------------------------------------------------
FROM debian:bookworm-slim
ARG RUNTIME
# TPM 2.0 keystore: the ESAPI libraries the library links and the device and swtpm TCTIs.
# A PKCS#11 keystore needs the HSM vendor's module: mount it and set PQGATE_PKCS11_MODULE.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates libtss2-esys-3.0.2-0 libtss2-tctildr0 \
       libtss2-tcti-device0 libtss2-tcti-swtpm0 \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 pqgate \
  && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin pqgate \
  && mkdir -p /data /keystore \
  && chown 10001:10001 /data /keystore \
  && chmod 0700 /data /keystore
COPY --from=deps /out/bin/ /usr/local/bin/
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json deno.json ./
COPY migrations ./migrations
COPY ffi ./ffi
COPY src ./src
# The CLI's gateway commands (cli encrypt|decrypt|sign|verify|hmac) speak HTTP through the typed client.
COPY client/http ./client/http
COPY scripts/container.sh ./scripts/container.sh
COPY --from=native /build/rust/target/release/libpqgate.so /app/rust/target/release/libpqgate.so
# Deno compiles TypeScript into DENO_DIR: fill it now, so a read-only root filesystem suffices.
# Bun keeps no transpiler cache (it would try to write under HOME).
ENV DENO_DIR=/app/.deno \
    DENO_NO_UPDATE_CHECK=1 \
    BUN_RUNTIME_TRANSPILER_CACHE_PATH=0
RUN if [ "$RUNTIME" = deno ]; then \
      deno cache src/serve/deno.ts src/serve/healthcheck.ts src/cli/main.ts && chmod -R a+rX /app/.deno; \
    fi
ENV PQGATE_RUNTIME=${RUNTIME} \
    PQGATE_LIB=/app/rust/target/release/libpqgate.so \
    PORT=8080 \
    HOSTNAME=0.0.0.0 \
    PQGATE_DATA_DIR=/data \
    PQGATE_KEYSTORE_DIR=/keystore \
    TMPDIR=/tmp
# All state defaults to PQGATE_DATA_DIR (/data/db, /data/initial-admin-token), except the
# software keystore's root key, moved to a volume of its own: a copy of /data (a database dump,
# a volume snapshot, a backup) then holds only envelopes, never the key that opens them.
VOLUME ["/data", "/keystore"]
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/app/scripts/container.sh", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/scripts/container.sh"]
CMD ["serve"]
