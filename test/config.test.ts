// Configuration from the environment: defaults, valid values and fail-fast errors.

import { availableParallelism } from "node:os";
import { test } from "./support/harness.ts";
import assert from "./support/assert.ts";
import { CONFIG_VARIABLES, ConfigError, parseConfig, pickEnv } from "../src/config.ts";

const DEFAULT_AUTH = {
  adminTokenFile: undefined,
  initialTokenOut: ".pqgate-data/initial-admin-token",
  ratePerSecond: 1000,
  rateBurst: 2000,
  anonymousRatePerSecond: 5,
  anonymousBurst: 20,
  tokenMaxTtlSeconds: 90 * 86400,
  allowPlaintextImport: false,
  importTokenTtlSeconds: 600,
};
const DEFAULT_OPS = {
  logLevel: "info",
  metricsTokenFile: undefined,
  metricsOpen: false,
  shutdownTimeoutSeconds: 8,
  idleTimeoutSeconds: 10,
  workers: 1,
  nativeThreads: availableParallelism(),
};
const DEFAULT_SYNC = { challengeTtlSeconds: 120, recoveryAttempts: 5, recoveryWindowSeconds: 900 };
const DEFAULT_DATABASE = { url: undefined, dataDir: ".pqgate-data/db", cacheTtlSeconds: 10 };
const DEFAULT_KEYSTORE = { backend: "software", dir: ".pqgate-data/keystore", passphraseFile: undefined };

test("an empty environment gives the defaults", () => {
  assert.deepEqual(parseConfig({}), {
    port: 8080,
    hostname: "127.0.0.1",
    libraryPath: undefined,
    keystore: DEFAULT_KEYSTORE,
    database: DEFAULT_DATABASE,
    auth: DEFAULT_AUTH,
    ops: DEFAULT_OPS,
    sync: DEFAULT_SYNC,
    audit: { failOpen: false },
    tls: undefined,
  });
});

test("empty variables count as unset", () => {
  assert.deepEqual(parseConfig({ PORT: "", HOSTNAME: "", PQGATE_LIB: "" }), parseConfig({}));
});

test("valid values are taken", () => {
  assert.deepEqual(parseConfig({ PORT: "0", HOSTNAME: "::1", PQGATE_LIB: "/opt/libpqgate.so" }), {
    port: 0,
    hostname: "::1",
    libraryPath: "/opt/libpqgate.so",
    keystore: DEFAULT_KEYSTORE,
    database: DEFAULT_DATABASE,
    auth: DEFAULT_AUTH,
    ops: DEFAULT_OPS,
    sync: DEFAULT_SYNC,
    audit: { failOpen: false },
    tls: undefined,
  });
});

test("PQGATE_TOKEN_MAX_TTL is a whole number of seconds (90 days by default)", () => {
  assert.equal(parseConfig({ PQGATE_TOKEN_MAX_TTL: "3600" }).auth.tokenMaxTtlSeconds, 3600);
  for (const bad of ["0", "5", "90d", "-1", "1.5"]) {
    assert.throws(() => parseConfig({ PQGATE_TOKEN_MAX_TTL: bad }), /PQGATE_TOKEN_MAX_TTL/);
  }
});

test("plaintext import is off unless PQGATE_ALLOW_PLAINTEXT_IMPORT=true; PQGATE_IMPORT_TOKEN_TTL is in seconds", () => {
  assert.equal(parseConfig({ PQGATE_ALLOW_PLAINTEXT_IMPORT: "true" }).auth.allowPlaintextImport, true);
  assert.throws(() => parseConfig({ PQGATE_ALLOW_PLAINTEXT_IMPORT: "yes" }), /PQGATE_ALLOW_PLAINTEXT_IMPORT/);
  assert.equal(parseConfig({ PQGATE_IMPORT_TOKEN_TTL: "120" }).auth.importTokenTtlSeconds, 120);
  for (const bad of ["0", "5", "10m", "100000"]) {
    assert.throws(() => parseConfig({ PQGATE_IMPORT_TOKEN_TTL: bad }), /PQGATE_IMPORT_TOKEN_TTL/);
  }
});

test("sync limits are configurable and must be positive integers", () => {
  const env = {
    PQGATE_SYNC_CHALLENGE_TTL: "30",
    PQGATE_SYNC_RECOVERY_ATTEMPTS: "3",
    PQGATE_SYNC_RECOVERY_WINDOW: "60",
  };
  assert.deepEqual(parseConfig(env).sync, { challengeTtlSeconds: 30, recoveryAttempts: 3, recoveryWindowSeconds: 60 });
  assert.throws(() => parseConfig({ PQGATE_SYNC_RECOVERY_ATTEMPTS: "0" }), /PQGATE_SYNC_RECOVERY_ATTEMPTS/);
});

test("the audit trail fails closed unless PQGATE_AUDIT_FAIL_OPEN=true; anonymous rates are positive integers", () => {
  assert.equal(parseConfig({ PQGATE_AUDIT_FAIL_OPEN: "true" }).audit.failOpen, true);
  assert.equal(parseConfig({ PQGATE_AUDIT_FAIL_OPEN: "false" }).audit.failOpen, false);
  assert.throws(() => parseConfig({ PQGATE_AUDIT_FAIL_OPEN: "yes" }), /PQGATE_AUDIT_FAIL_OPEN/);
  const env = { PQGATE_ANON_RATE_LIMIT: "2", PQGATE_ANON_RATE_BURST: "3" };
  assert.deepEqual(
    [parseConfig(env).auth.anonymousRatePerSecond, parseConfig(env).auth.anonymousBurst],
    [2, 3],
  );
  assert.throws(() => parseConfig({ PQGATE_ANON_RATE_LIMIT: "0" }), /PQGATE_ANON_RATE_LIMIT/);
});

test("DATABASE_URL selects PostgreSQL and must be a postgres URL; PQGATE_DB_DIR moves PGlite", () => {
  assert.deepEqual(parseConfig({ DATABASE_URL: "postgres://gw@127.0.0.1:5432/pqgate" }).database, {
    url: "postgres://gw@127.0.0.1:5432/pqgate",
    dataDir: ".pqgate-data/db",
    cacheTtlSeconds: 10,
  });
  assert.equal(parseConfig({ PQGATE_DB_DIR: "/var/lib/pqgate/db" }).database.dataDir, "/var/lib/pqgate/db");
  assert.throws(
    () => parseConfig({ DATABASE_URL: "mysql://x" }),
    (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message) && !/mysql/.test(e.message),
  );
});

test("PQGATE_CACHE_TTL_SECONDS bounds how long cached rows are served: 0 to 300 seconds, 0 turns caching off", () => {
  assert.equal(parseConfig({ PQGATE_CACHE_TTL_SECONDS: "0" }).database.cacheTtlSeconds, 0);
  assert.equal(parseConfig({ PQGATE_CACHE_TTL_SECONDS: "300" }).database.cacheTtlSeconds, 300);
  for (const bad of ["301", "-1", "1.5", "ten"]) {
    assert.throws(() => parseConfig({ PQGATE_CACHE_TTL_SECONDS: bad }), /PQGATE_CACHE_TTL_SECONDS/, bad);
  }
});

test("PQGATE_DATA_DIR moves all state at once; each state variable still overrides its part", () => {
  const moved = parseConfig({ PQGATE_DATA_DIR: "/var/lib/pqgate" });
  assert.equal(moved.database.dataDir, "/var/lib/pqgate/db");
  assert.deepEqual(moved.keystore, { backend: "software", dir: "/var/lib/pqgate/keystore", passphraseFile: undefined });
  assert.equal(moved.auth.initialTokenOut, "/var/lib/pqgate/initial-admin-token");
  // The image's layout: state in /data, the software root key on a mount of its own.
  const image = parseConfig({ PQGATE_DATA_DIR: "/data/", PQGATE_KEYSTORE_DIR: "/keystore" });
  assert.equal(image.database.dataDir, "/data/db");
  assert.deepEqual(image.keystore, { backend: "software", dir: "/keystore", passphraseFile: undefined });
  assert.equal(image.auth.initialTokenOut, "/data/initial-admin-token");
  const each = parseConfig({
    PQGATE_DATA_DIR: "/var/lib/pqgate",
    PQGATE_DB_DIR: "/srv/db",
    PQGATE_INITIAL_TOKEN_OUT: "/root/first-token",
  });
  assert.equal(each.database.dataDir, "/srv/db");
  assert.equal(each.auth.initialTokenOut, "/root/first-token");
  assert.deepEqual(parseConfig({ PQGATE_DATA_DIR: "" }), parseConfig({}));
});

test("each keystore backend takes its own variables, and requires them", () => {
  const pkcs11 = {
    PQGATE_KEYSTORE: "pkcs11",
    PQGATE_PKCS11_MODULE: "/usr/lib/softhsm/libsofthsm2.so",
    PQGATE_PKCS11_TOKEN: "pqgate",
    PQGATE_PKCS11_PIN_FILE: "/run/secrets/pin",
  };
  assert.deepEqual(parseConfig(pkcs11).keystore, {
    backend: "pkcs11",
    module: "/usr/lib/softhsm/libsofthsm2.so",
    tokenLabel: "pqgate",
    pinFile: "/run/secrets/pin",
  });
  assert.deepEqual(parseConfig({ PQGATE_KEYSTORE: "tpm", PQGATE_TPM_TCTI: "device:/dev/tpmrm0" }).keystore, {
    backend: "tpm",
    tcti: "device:/dev/tpmrm0",
  });
  assert.deepEqual(
    parseConfig({ PQGATE_KEYSTORE_DIR: "/var/lib/pqgate/keys", PQGATE_KEYSTORE_PASSPHRASE_FILE: "/run/secrets/pass" })
      .keystore,
    { backend: "software", dir: "/var/lib/pqgate/keys", passphraseFile: "/run/secrets/pass" },
  );
  assert.throws(
    () => parseConfig({ PQGATE_KEYSTORE: "pkcs11", PQGATE_PKCS11_MODULE: "/m.so" }),
    (e: unknown) =>
      e instanceof ConfigError && /PQGATE_PKCS11_TOKEN/.test(e.message) && /PQGATE_PKCS11_PIN_FILE/.test(e.message),
  );
  assert.throws(
    () => parseConfig({ PQGATE_KEYSTORE: "tpm" }),
    (e: unknown) => e instanceof ConfigError && /TCTI/.test(e.message),
  );
  assert.throws(
    () => parseConfig({ PQGATE_KEYSTORE: "hsm" }),
    (e: unknown) => e instanceof ConfigError && /PQGATE_KEYSTORE/.test(e.message),
  );
});

test("PQGATE_TLS_CERT_FILE and PQGATE_TLS_KEY_FILE turn on HTTPS together; one without the other is refused", () => {
  assert.deepEqual(
    parseConfig({ PQGATE_TLS_CERT_FILE: "/etc/pqgate/cert.pem", PQGATE_TLS_KEY_FILE: "/run/key.pem" }).tls,
    {
      certFile: "/etc/pqgate/cert.pem",
      keyFile: "/run/key.pem",
    },
  );
  assert.equal(parseConfig({ PQGATE_TLS_CERT_FILE: "", PQGATE_TLS_KEY_FILE: "" }).tls, undefined);
  assert.throws(
    () => parseConfig({ PQGATE_TLS_CERT_FILE: "/c.pem" }),
    /PQGATE_TLS_KEY_FILE: required with the other TLS file/,
  );
  assert.throws(
    () => parseConfig({ PQGATE_TLS_KEY_FILE: "/k.pem" }),
    /PQGATE_TLS_CERT_FILE: required with the other TLS file/,
  );
});

test("PQGATE_IDLE_TIMEOUT_SECONDS: 1 to 255 seconds, 10 by default", () => {
  assert.equal(parseConfig({ PQGATE_IDLE_TIMEOUT_SECONDS: "255" }).ops.idleTimeoutSeconds, 255);
  for (const bad of ["0", "256", "5s", "-1"]) {
    assert.throws(() => parseConfig({ PQGATE_IDLE_TIMEOUT_SECONDS: bad }), /PQGATE_IDLE_TIMEOUT_SECONDS/);
  }
});

test("bad values fail with one line per variable", () => {
  for (const port of ["http", "80.5", "0x50", " 80", "65536", "-1"]) {
    assert.throws(
      () => parseConfig({ PORT: port }),
      (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
    );
  }
  assert.throws(
    () => parseConfig({ PORT: "x", HOSTNAME: "a b" }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message) && /HOSTNAME/.test(e.message),
  );
});

test("pickEnv reads exactly the configuration variables", () => {
  const asked: string[] = [];
  const env = pickEnv((name) => {
    asked.push(name);
    return name === "PORT" ? "9000" : undefined;
  });
  assert.deepEqual(asked, [...CONFIG_VARIABLES]);
  assert.equal(parseConfig(env).port, 9000);
});

test("operations variables: log level, metrics token file, shutdown timeout", () => {
  const env = {
    PQGATE_LOG_LEVEL: "debug",
    PQGATE_METRICS_TOKEN_FILE: "/run/secrets/metrics",
    PQGATE_SHUTDOWN_TIMEOUT_SECONDS: "25",
  };
  assert.deepEqual(parseConfig(env).ops, {
    logLevel: "debug",
    metricsTokenFile: "/run/secrets/metrics",
    metricsOpen: false,
    shutdownTimeoutSeconds: 25,
    idleTimeoutSeconds: 10,
    workers: 1,
    nativeThreads: availableParallelism(),
  });
  assert.equal(parseConfig({ PQGATE_METRICS_OPEN: "true" }).ops.metricsOpen, true);
  assert.throws(
    () => parseConfig({ PQGATE_METRICS_OPEN: "yes" }),
    (e: unknown) => e instanceof ConfigError && /PQGATE_METRICS_OPEN: must be true or false/.test(e.message),
  );
  assert.throws(
    () => parseConfig({ PQGATE_METRICS_OPEN: "true", PQGATE_METRICS_TOKEN_FILE: "/run/secrets/metrics" }),
    (e: unknown) => e instanceof ConfigError && /PQGATE_METRICS_OPEN: contradicts/.test(e.message),
  );
  assert.throws(
    () => parseConfig({ PQGATE_LOG_LEVEL: "verbose", PQGATE_SHUTDOWN_TIMEOUT_SECONDS: "0" }),
    (e: unknown) =>
      e instanceof ConfigError && /PQGATE_LOG_LEVEL/.test(e.message) &&
      /PQGATE_SHUTDOWN_TIMEOUT_SECONDS/.test(e.message),
  );
});

test("PQGATE_NATIVE_THREADS: auto by default, a thread per core for a lone process, none beside a process per core", () => {
  const url = "postgres://pqgate@db/pqgate";
  assert.equal(parseConfig({}).ops.nativeThreads, availableParallelism());
  assert.equal(parseConfig({ DATABASE_URL: url }).ops.nativeThreads, 0);
  assert.equal(parseConfig({ PQGATE_NATIVE_THREADS: "auto" }).ops.nativeThreads, availableParallelism());
  const lone = { DATABASE_URL: url, PQGATE_WORKERS: "1", PQGATE_NATIVE_THREADS: "auto" };
  assert.equal(parseConfig(lone).ops.nativeThreads, availableParallelism());
  assert.equal(parseConfig({ ...lone, PQGATE_WORKERS: "2" }).ops.nativeThreads, 0);
  assert.equal(parseConfig({ PQGATE_NATIVE_THREADS: "0" }).ops.nativeThreads, 0);
  assert.equal(
    parseConfig({ DATABASE_URL: url, PQGATE_WORKERS: "2", PQGATE_NATIVE_THREADS: "3" }).ops.nativeThreads,
    3,
  );
  for (const bad of ["-1", "100", "many", "1.5"]) {
    assert.throws(
      () => parseConfig({ PQGATE_NATIVE_THREADS: bad }),
      (e: unknown) => e instanceof ConfigError && /PQGATE_NATIVE_THREADS: must be auto or a count/.test(e.message),
    );
  }
});

test("PQGATE_WORKERS: auto is every core on PostgreSQL and one process on PGlite; more than one needs PostgreSQL", () => {
  const url = "postgres://pqgate@db/pqgate";
  assert.equal(parseConfig({}).ops.workers, 1);
  assert.equal(parseConfig({ PQGATE_WORKERS: "auto" }).ops.workers, 1);
  assert.equal(parseConfig({ DATABASE_URL: url }).ops.workers, availableParallelism());
  assert.equal(parseConfig({ DATABASE_URL: url, PQGATE_WORKERS: "3" }).ops.workers, 3);
  assert.equal(parseConfig({ PQGATE_WORKERS: "1" }).ops.workers, 1);
  assert.throws(
    () => parseConfig({ PQGATE_WORKERS: "2" }),
    (e: unknown) => e instanceof ConfigError && /PQGATE_WORKERS: 2 processes need DATABASE_URL/.test(e.message),
  );
  for (const bad of ["0", "many", "-1", "1000"]) {
    assert.throws(
      () => parseConfig({ DATABASE_URL: url, PQGATE_WORKERS: bad }),
      (e: unknown) => e instanceof ConfigError && /PQGATE_WORKERS: must be auto or a count/.test(e.message),
    );
  }
});
