/**
 * Server configuration, read from the environment once at start and validated by zod.
 *
 * A bad value fails fast with one line per problem, naming the variable, instead of a
 * server that starts on a surprising port or address.
 *
 * @module
 */

import { availableParallelism } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { z } from "zod";
import { LOG_LEVELS, type LogLevel } from "./logger.ts";
import { DEFAULT_TOKEN_MAX_TTL_SECONDS } from "./services/auth/token-lifetime.ts";
import { DEFAULT_IMPORT_TOKEN_TTL_SECONDS } from "./services/keys/wrapped-import.ts";

/** Validated server configuration. */
export interface Config {
  /** TCP port to listen on (`PORT`, default 8080; 0 asks the OS for a free port). */
  readonly port: number;
  /** Address to listen on (`HOSTNAME`, default 127.0.0.1: loopback unless asked otherwise). */
  readonly hostname: string;
  /** Native library to load first (`PQGATE_LIB`); unset lets the binding search its defaults. */
  readonly libraryPath: string | undefined;
  /** Where root keys live (`PQGATE_KEYSTORE` and the backend's variables). */
  readonly keystore: KeystoreSettings;
  /** Where keys' metadata and envelopes live. */
  readonly database: DatabaseSettings;
  /** API tokens: bootstrap and rate limits. */
  readonly auth: AuthSettings;
  /** Logs, metrics and shutdown. */
  readonly ops: OpsSettings;
  /** Multi-device sync limits. */
  readonly sync: SyncLimits;
  /** The audit trail's failure policy. */
  readonly audit: AuditSettings;
  /** HTTPS, when both `PQGATE_TLS_CERT_FILE` and `PQGATE_TLS_KEY_FILE` are set; plain HTTP otherwise. */
  readonly tls: TlsSettings | undefined;
}

/** HTTPS served by the runtime's own server (docs/DEPLOYMENT.md, "TLS"). */
export interface TlsSettings {
  /** PEM certificate chain, leaf first (`PQGATE_TLS_CERT_FILE`). */
  readonly certFile: string;
  /** PEM private key (`PQGATE_TLS_KEY_FILE`): a secret file, owner-only, never logged. */
  readonly keyFile: string;
}

/** The audit trail (docs/AUDIT.md). */
export interface AuditSettings {
  /**
   * Keep a response whose audit record could not be stored (`PQGATE_AUDIT_FAIL_OPEN=true`);
   * default false: such a request is answered 503 `audit-unavailable`.
   */
  readonly failOpen: boolean;
}

/** Operations: logging, the metrics endpoint and graceful shutdown. */
export interface OpsSettings {
  /** Lowest level logged (`PQGATE_LOG_LEVEL`, default `info`; probes are logged at `debug`). */
  readonly logLevel: LogLevel;
  /** File holding the bearer token `/metrics` requires (`PQGATE_METRICS_TOKEN_FILE`). */
  readonly metricsTokenFile: string | undefined;
  /**
   * Serve `/metrics` without a token (`PQGATE_METRICS_OPEN=true`; default `false`). Without
   * it and without a token file, every scrape is refused: metrics are never open by default.
   */
  readonly metricsOpen: boolean;
  /** Longest wait for in-flight requests after SIGTERM/SIGINT (`PQGATE_SHUTDOWN_TIMEOUT_SECONDS`, default 8). */
  readonly shutdownTimeoutSeconds: number;
  /**
   * Seconds a connection may send nothing once a request's headers are in, or stay idle
   * between requests, before the server closes it (`PQGATE_IDLE_TIMEOUT_SECONDS`, default 10,
   * at most 255): Bun.serve's `idleTimeout`. Deno.serve offers no timeout at all, so it has no
   * effect there (docs/LIMITS.md); header reading is cut by Bun itself after about 10 s.
   */
  readonly idleTimeoutSeconds: number;
  /**
   * Server processes on one port (`PQGATE_WORKERS`: `auto`, the default, or a count): `auto` is
   * one per core on PostgreSQL and one on the embedded PGlite, which only one process may open
   * (a count above 1 without `DATABASE_URL` is refused). See `serve/workers.ts`.
   */
  readonly workers: number;
  /**
   * Worker threads that sign ML-DSA off the JavaScript thread in each process
   * (`PQGATE_NATIVE_THREADS`: a count, `0` for none, or `auto`, the default: one per core when
   * the process is alone, as on the embedded PGlite, none when a process runs on every core).
   * Measured faster on both runtimes for a lone process (bench/RESULTS.md, "Hot path"). See
   * `ffi/offload/`.
   */
  readonly nativeThreads: number;
}

/** Multi-device sync limits (docs/SYNC.md). */
export interface SyncLimits {
  /** Seconds a challenge may be answered (`PQGATE_SYNC_CHALLENGE_TTL`, default 120). */
  readonly challengeTtlSeconds: number;
  /** Recovery challenges per account per window (`PQGATE_SYNC_RECOVERY_ATTEMPTS`, default 5). */
  readonly recoveryAttempts: number;
  /** The window in seconds (`PQGATE_SYNC_RECOVERY_WINDOW`, default 900). */
  readonly recoveryWindowSeconds: number;
}

/** How the first admin token is made and how fast tokens may call. */
export interface AuthSettings {
  /** `PQGATE_ADMIN_TOKEN_FILE`: an operator-chosen admin secret installed at first start. */
  readonly adminTokenFile: string | undefined;
  /** Where a generated first admin secret is written (`PQGATE_INITIAL_TOKEN_OUT`). */
  readonly initialTokenOut: string;
  /** Sustained requests per second per token, per process (`PQGATE_RATE_LIMIT`, default 1000: docs/CONFIGURATION.md). */
  readonly ratePerSecond: number;
  /** Burst per token, per process (`PQGATE_RATE_BURST`, default 2000). */
  readonly rateBurst: number;
  /** Sustained requests per second per client address without a valid token (`PQGATE_ANON_RATE_LIMIT`, default 5). */
  readonly anonymousRatePerSecond: number;
  /** Burst per client address without a valid token (`PQGATE_ANON_RATE_BURST`, default 20). */
  readonly anonymousBurst: number;
  /**
   * Longest lifetime in seconds of a token without `tokens:admin` (`PQGATE_TOKEN_MAX_TTL`,
   * default 90 days), and the longest extension a renewal grants any token.
   */
  readonly tokenMaxTtlSeconds: number;
  /**
   * Accept `POST /v1/keys/import` with the private key in plaintext (`PQGATE_ALLOW_PLAINTEXT_IMPORT=true`;
   * default `false`: only the wrapped import, docs/KEYSTORES.md#wrapped-import).
   */
  readonly allowPlaintextImport: boolean;
  /** Lifetime in seconds of an import token of `POST /v1/keys/import-params` (`PQGATE_IMPORT_TOKEN_TTL`, default 600). */
  readonly importTokenTtlSeconds: number;
}

/** PostgreSQL when `DATABASE_URL` is set, else embedded PGlite in `PQGATE_DB_DIR`. */
export interface DatabaseSettings {
  /** `DATABASE_URL` (`postgres://…`); unset selects PGlite. Never logged: it may hold a password. */
  readonly url: string | undefined;
  /** PGlite data directory (`PQGATE_DB_DIR`, default `<PQGATE_DATA_DIR>/db`). */
  readonly dataDir: string;
  /**
   * Longest time a token, key row or checked key version is served from memory
   * (`PQGATE_CACHE_TTL_SECONDS`, default 10, at most 300; 0 turns the caches off). Changes reach
   * the caches sooner, by notification (docs/SCALING.md); this bounds a notification lost unseen.
   */
  readonly cacheTtlSeconds: number;
}

/**
 * The keystore as configured. Secrets (passphrase, PIN) are named by file, never given in
 * the environment, which other processes of the same user can read.
 */
export type KeystoreSettings =
  | {
    readonly backend: "software";
    /** Root-key directory (`PQGATE_KEYSTORE_DIR`, default `<PQGATE_DATA_DIR>/keystore`). */
    readonly dir: string;
    /** File holding the passphrase (`PQGATE_KEYSTORE_PASSPHRASE_FILE`); unset: key-file mode. */
    readonly passphraseFile: string | undefined;
  }
  | {
    readonly backend: "pkcs11";
    /** PKCS#11 module path (`PQGATE_PKCS11_MODULE`). */
    readonly module: string;
    /** Token label (`PQGATE_PKCS11_TOKEN`). */
    readonly tokenLabel: string;
    /** File holding the user PIN (`PQGATE_PKCS11_PIN_FILE`). */
    readonly pinFile: string;
  }
  | {
    readonly backend: "tpm";
    /** TCTI string (`PQGATE_TPM_TCTI`), e.g. `device:/dev/tpmrm0`. */
    readonly tcti: string;
  }
  | {
    readonly backend: "tpm-fleet";
    /** TCTI string of this node's TPM (`PQGATE_TPM_TCTI`). */
    readonly tcti: string;
    /** This node's name in the fleet (`PQGATE_FLEET_NODE`, docs/FLEET.md). */
    readonly node: string;
  };

/** The environment, or the part of it that {@link CONFIG_VARIABLES} names. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Every variable the server reads (so Deno can be granted `--allow-env` for these only). */
export const CONFIG_VARIABLES = [
  "PQGATE_DATA_DIR",
  "PORT",
  "HOSTNAME",
  "PQGATE_LIB",
  "PQGATE_KEYSTORE",
  "PQGATE_KEYSTORE_DIR",
  "PQGATE_KEYSTORE_PASSPHRASE_FILE",
  "PQGATE_PKCS11_MODULE",
  "PQGATE_PKCS11_TOKEN",
  "PQGATE_PKCS11_PIN_FILE",
  "PQGATE_TPM_TCTI",
  "PQGATE_FLEET_NODE",
  "DATABASE_URL",
  "PQGATE_DB_DIR",
  "PQGATE_CACHE_TTL_SECONDS",
  "PQGATE_ADMIN_TOKEN_FILE",
  "PQGATE_INITIAL_TOKEN_OUT",
  "PQGATE_RATE_LIMIT",
  "PQGATE_RATE_BURST",
  "PQGATE_ANON_RATE_LIMIT",
  "PQGATE_ANON_RATE_BURST",
  "PQGATE_TOKEN_MAX_TTL",
  "PQGATE_ALLOW_PLAINTEXT_IMPORT",
  "PQGATE_IMPORT_TOKEN_TTL",
  "PQGATE_AUDIT_FAIL_OPEN",
  "PQGATE_LOG_LEVEL",
  "PQGATE_METRICS_TOKEN_FILE",
  "PQGATE_METRICS_OPEN",
  "PQGATE_SHUTDOWN_TIMEOUT_SECONDS",
  "PQGATE_IDLE_TIMEOUT_SECONDS",
  "PQGATE_WORKERS",
  "PQGATE_NATIVE_THREADS",
  "PQGATE_SYNC_CHALLENGE_TTL",
  "PQGATE_SYNC_RECOVERY_ATTEMPTS",
  "PQGATE_SYNC_RECOVERY_WINDOW",
  "PQGATE_TLS_CERT_FILE",
  "PQGATE_TLS_KEY_FILE",
] as const;

/** Reads just {@link CONFIG_VARIABLES} through `get` (e.g. `Deno.env.get`). */
export function pickEnv(get: (name: string) => string | undefined): Env {
  return Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, get(name)]));
}

/** An empty variable counts as unset, as in most shells' `${VAR:-default}`. */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

const positiveInteger = z.string().regex(/^[1-9][0-9]{0,6}$/, "must be a positive integer").transform(Number);

const EnvSchema = z.object({
  // Where all state lives unless a variable of its own moves part of it.
  PQGATE_DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default(".pqgate-data")),
  PORT: z.preprocess(
    unsetIfEmpty,
    z.string()
      .regex(/^[0-9]{1,5}$/, "must be a decimal port number")
      .transform(Number)
      .pipe(z.number().int().max(65535, "must be at most 65535"))
      .default(8080),
  ),
  HOSTNAME: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[^\s/]+$/, "must be a host name or IP address").default("127.0.0.1"),
  ),
  PQGATE_LIB: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_KEYSTORE: z.preprocess(unsetIfEmpty, z.enum(["software", "pkcs11", "tpm", "tpm-fleet"]).default("software")),
  // The three state paths default to folders of PQGATE_DATA_DIR (`withStatePaths`).
  PQGATE_KEYSTORE_DIR: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_KEYSTORE_PASSPHRASE_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_PKCS11_MODULE: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_PKCS11_TOKEN: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_PKCS11_PIN_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_TPM_TCTI: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_FLEET_NODE: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "must be 1 to 63 letters, digits, '.', '_' or '-'")
      .optional(),
  ),
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
  ),
  PQGATE_DB_DIR: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_CACHE_TTL_SECONDS: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[0-9]{1,3}$/, "must be a whole number of seconds").transform(Number)
      .pipe(z.number().max(300, "must be at most 300")).default(10),
  ),
  PQGATE_ADMIN_TOKEN_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_INITIAL_TOKEN_OUT: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_RATE_LIMIT: z.preprocess(unsetIfEmpty, positiveInteger.default(1000)),
  PQGATE_RATE_BURST: z.preprocess(unsetIfEmpty, positiveInteger.default(2000)),
  PQGATE_ANON_RATE_LIMIT: z.preprocess(unsetIfEmpty, positiveInteger.default(5)),
  PQGATE_ANON_RATE_BURST: z.preprocess(unsetIfEmpty, positiveInteger.default(20)),
  PQGATE_TOKEN_MAX_TTL: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[1-9][0-9]{1,8}$/, "must be a whole number of seconds from 10 to 999999999")
      .transform(Number).default(DEFAULT_TOKEN_MAX_TTL_SECONDS),
  ),
  PQGATE_ALLOW_PLAINTEXT_IMPORT: z.preprocess(
    unsetIfEmpty,
    z.enum(["true", "false"], { message: "must be true or false" }).default("false").transform((v) => v === "true"),
  ),
  PQGATE_IMPORT_TOKEN_TTL: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[1-9][0-9]{1,4}$/, "must be a whole number of seconds from 10 to 99999")
      .transform(Number).default(DEFAULT_IMPORT_TOKEN_TTL_SECONDS),
  ),
  PQGATE_AUDIT_FAIL_OPEN: z.preprocess(
    unsetIfEmpty,
    z.enum(["true", "false"], { message: "must be true or false" }).default("false").transform((v) => v === "true"),
  ),
  PQGATE_LOG_LEVEL: z.preprocess(unsetIfEmpty, z.enum(LOG_LEVELS).default("info")),
  PQGATE_METRICS_TOKEN_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_METRICS_OPEN: z.preprocess(
    unsetIfEmpty,
    z.enum(["true", "false"], { message: "must be true or false" }).default("false").transform((v) => v === "true"),
  ),
  // 8 s: inside the 10 s Docker's `docker stop` grants before SIGKILL.
  PQGATE_SHUTDOWN_TIMEOUT_SECONDS: z.preprocess(unsetIfEmpty, positiveInteger.default(8)),
  // Bun.serve's idleTimeout takes 0–255 s; 0 (never) is not offered: it would invite slow clients.
  PQGATE_IDLE_TIMEOUT_SECONDS: z.preprocess(
    unsetIfEmpty,
    positiveInteger.pipe(z.number().max(255, "must be at most 255")).default(10),
  ),
  PQGATE_WORKERS: z.preprocess(
    unsetIfEmpty,
    z.union([z.literal("auto"), z.string().regex(/^[1-9][0-9]{0,2}$/, "must be auto or a count from 1 to 999")])
      .default("auto"),
  ),
  PQGATE_NATIVE_THREADS: z.preprocess(
    unsetIfEmpty,
    z.union([z.literal("auto"), z.string().regex(/^(0|[1-9][0-9]?)$/, "must be auto or a count from 0 to 99")])
      .default("auto"),
  ),
  PQGATE_SYNC_CHALLENGE_TTL: z.preprocess(unsetIfEmpty, positiveInteger.default(120)),
  PQGATE_SYNC_RECOVERY_ATTEMPTS: z.preprocess(unsetIfEmpty, positiveInteger.default(5)),
  PQGATE_SYNC_RECOVERY_WINDOW: z.preprocess(unsetIfEmpty, positiveInteger.default(900)),
  PQGATE_TLS_CERT_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  PQGATE_TLS_KEY_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
}).transform(withStatePaths).superRefine((env, ctx) => {
  // Each backend's own variables are required when (and only when) it is selected.
  const required: Record<typeof env.PQGATE_KEYSTORE, (keyof typeof env)[]> = {
    software: [],
    pkcs11: ["PQGATE_PKCS11_MODULE", "PQGATE_PKCS11_TOKEN", "PQGATE_PKCS11_PIN_FILE"],
    tpm: ["PQGATE_TPM_TCTI"],
    "tpm-fleet": ["PQGATE_TPM_TCTI", "PQGATE_FLEET_NODE"],
  };
  for (const name of required[env.PQGATE_KEYSTORE]) {
    if (env[name] === undefined) {
      ctx.addIssue({ code: "custom", path: [name], message: `required when PQGATE_KEYSTORE=${env.PQGATE_KEYSTORE}` });
    }
  }
  if (env.PQGATE_METRICS_OPEN && env.PQGATE_METRICS_TOKEN_FILE !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["PQGATE_METRICS_OPEN"],
      message: "contradicts PQGATE_METRICS_TOKEN_FILE: set one of them",
    });
  }
  // Half a TLS configuration would silently serve plain HTTP: refuse it.
  if ((env.PQGATE_TLS_CERT_FILE === undefined) !== (env.PQGATE_TLS_KEY_FILE === undefined)) {
    const missing = env.PQGATE_TLS_CERT_FILE === undefined ? "PQGATE_TLS_CERT_FILE" : "PQGATE_TLS_KEY_FILE";
    ctx.addIssue({
      code: "custom",
      path: [missing],
      message: "required with the other TLS file: set both PQGATE_TLS_CERT_FILE and PQGATE_TLS_KEY_FILE, or neither",
    });
  }
});

type ParsedEnv = z.infer<typeof EnvSchema>;

/**
 * The database, the software keystore and the first admin token default to `db/`, `keystore/`
 * and `initial-admin-token` in `PQGATE_DATA_DIR`; each variable of its own still wins (the
 * image moves the keystore to its own volume: docs/DEPLOYMENT.md says why).
 */
function withStatePaths<
  E extends {
    PQGATE_DATA_DIR: string;
    PQGATE_DB_DIR?: string | undefined;
    PQGATE_KEYSTORE_DIR?: string | undefined;
    PQGATE_INITIAL_TOKEN_OUT?: string | undefined;
  },
>(env: E) {
  const data = env.PQGATE_DATA_DIR;
  return {
    ...env,
    PQGATE_DB_DIR: env.PQGATE_DB_DIR ?? join(data, "db"),
    PQGATE_KEYSTORE_DIR: env.PQGATE_KEYSTORE_DIR ?? join(data, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: env.PQGATE_INITIAL_TOKEN_OUT ?? join(data, "initial-admin-token"),
  };
}

function keystoreSettings(env: ParsedEnv): KeystoreSettings {
  switch (env.PQGATE_KEYSTORE) {
    case "software":
      return { backend: "software", dir: env.PQGATE_KEYSTORE_DIR, passphraseFile: env.PQGATE_KEYSTORE_PASSPHRASE_FILE };
    case "pkcs11":
      return {
        backend: "pkcs11",
        module: env.PQGATE_PKCS11_MODULE ?? "",
        tokenLabel: env.PQGATE_PKCS11_TOKEN ?? "",
        pinFile: env.PQGATE_PKCS11_PIN_FILE ?? "",
      };
    case "tpm":
      return { backend: "tpm", tcti: env.PQGATE_TPM_TCTI ?? "" };
    case "tpm-fleet":
      return { backend: "tpm-fleet", tcti: env.PQGATE_TPM_TCTI ?? "", node: env.PQGATE_FLEET_NODE ?? "" };
  }
}

/** Thrown by {@link parseConfig}; `message` lists every invalid variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Parses the configuration from `env`.
 *
 * @throws {ConfigError} naming each invalid variable and why.
 */
export function parseConfig(env: Env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const { PORT, HOSTNAME, PQGATE_LIB } = result.data;
  const workers = workerCount(result.data.PQGATE_WORKERS, result.data.DATABASE_URL !== undefined);
  return {
    port: PORT,
    hostname: HOSTNAME,
    libraryPath: PQGATE_LIB,
    keystore: keystoreSettings(result.data),
    database: {
      url: result.data.DATABASE_URL,
      dataDir: result.data.PQGATE_DB_DIR,
      cacheTtlSeconds: result.data.PQGATE_CACHE_TTL_SECONDS,
    },
    auth: {
      adminTokenFile: result.data.PQGATE_ADMIN_TOKEN_FILE,
      initialTokenOut: result.data.PQGATE_INITIAL_TOKEN_OUT,
      ratePerSecond: result.data.PQGATE_RATE_LIMIT,
      rateBurst: result.data.PQGATE_RATE_BURST,
      anonymousRatePerSecond: result.data.PQGATE_ANON_RATE_LIMIT,
      anonymousBurst: result.data.PQGATE_ANON_RATE_BURST,
      tokenMaxTtlSeconds: result.data.PQGATE_TOKEN_MAX_TTL,
      allowPlaintextImport: result.data.PQGATE_ALLOW_PLAINTEXT_IMPORT,
      importTokenTtlSeconds: result.data.PQGATE_IMPORT_TOKEN_TTL,
    },
    ops: {
      logLevel: result.data.PQGATE_LOG_LEVEL,
      metricsTokenFile: result.data.PQGATE_METRICS_TOKEN_FILE,
      metricsOpen: result.data.PQGATE_METRICS_OPEN,
      shutdownTimeoutSeconds: result.data.PQGATE_SHUTDOWN_TIMEOUT_SECONDS,
      idleTimeoutSeconds: result.data.PQGATE_IDLE_TIMEOUT_SECONDS,
      workers,
      nativeThreads: nativeThreadCount(result.data.PQGATE_NATIVE_THREADS, workers),
    },
    sync: {
      challengeTtlSeconds: result.data.PQGATE_SYNC_CHALLENGE_TTL,
      recoveryAttempts: result.data.PQGATE_SYNC_RECOVERY_ATTEMPTS,
      recoveryWindowSeconds: result.data.PQGATE_SYNC_RECOVERY_WINDOW,
    },
    audit: { failOpen: result.data.PQGATE_AUDIT_FAIL_OPEN },
    tls: result.data.PQGATE_TLS_CERT_FILE === undefined || result.data.PQGATE_TLS_KEY_FILE === undefined
      ? undefined
      : { certFile: result.data.PQGATE_TLS_CERT_FILE, keyFile: result.data.PQGATE_TLS_KEY_FILE },
  };
}

/**
 * `PQGATE_NATIVE_THREADS` resolved: `auto` gives a lone process a signing thread per core (its
 * JavaScript thread would otherwise leave the other cores idle), and none to a process that
 * shares the machine with one per core (the threads would only contend with the other
 * processes' event loops).
 */
function nativeThreadCount(value: string, workers: number): number {
  if (value !== "auto") return Number(value);
  return workers === 1 ? availableParallelism() : 0;
}

/** `PQGATE_WORKERS` resolved: `auto` is every core on PostgreSQL, one process on PGlite. */
function workerCount(value: string, postgres: boolean): number {
  if (value === "auto") return postgres ? availableParallelism() : 1;
  const count = Number(value);
  if (count > 1 && !postgres) {
    throw new ConfigError(
      `invalid configuration:\n  PQGATE_WORKERS: ${count} processes need DATABASE_URL (PostgreSQL); ` +
        "the embedded PGlite database is opened by one process only",
    );
  }
  return count;
}

/**
 * For entry points: {@link parseConfig}, or print the problem and exit with status 78
 * (`EX_CONFIG`) so a misconfigured server never starts.
 */
export function configOrExit(env: Env): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`pqgate: ${error.message}`);
    process.exit(78);
  }
}
