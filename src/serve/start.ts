/**
 * What both runtime entry points share: configuration, the native library, the keystore,
 * the database, the first admin token and the app. A failure here stops the process with a
 * clear message and a `sysexits` code before anything listens: 78 (`EX_CONFIG`) for
 * configuration, 69 (`EX_UNAVAILABLE`) for a keystore device or database that does not answer.
 * Once started, everything is logged as JSON lines (`logger.ts`).
 *
 * @module
 */

import process from "node:process";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { loadPqgate, PqError, runtimeInfo } from "../../ffi/mod.ts";
import { createApp } from "../app.ts";
import { type Config, configOrExit, type Env } from "../config.ts";
import { openDatabase, pingDatabase } from "../db/client.ts";
import { composeServices } from "../bootstrap/compose.ts";
import { FleetNode } from "../services/fleet/fleet-service.ts";
import type { KeyService } from "../services/keys/key-service.ts";
import type { ImportService } from "../services/keys/wrapped-import.ts";
import type { SessionService } from "../services/sessions/session-service.ts";
import type { Database } from "../db/client.ts";
import { purgeIdleRateBuckets } from "../db/rate-buckets.ts";
import { openConfiguredKeystore, readSecretFile, SecretFileError } from "../bootstrap/keystore-setup.ts";
import { systemClock } from "../common/clock.ts";
import { jsonLogger, type Logger } from "../logger.ts";
import { Metrics } from "../http/metrics.ts";
import { errorLogTo } from "../http/request-log.ts";
import { readTlsMaterial, TlsFileError, type TlsMaterial, tlsReport } from "./tls.ts";

const EX_UNAVAILABLE = 69;
const EX_CONFIG = 78;
/** Open private-key handles kept per process (each is a few KB of Rust memory). */
const KEY_CACHE_CAPACITY = 1024;

/** A configured, ready-to-serve app. */
export interface Started {
  readonly config: Config;
  readonly app: OpenAPIHono;
  readonly logger: Logger;
  /** The certificate and key to serve HTTPS with; undefined: plain HTTP. */
  readonly tls: TlsMaterial | undefined;
  /** Stops the key sweep and closes the services, the database and the keystore (after draining). */
  close(): Promise<void>;
}

/** Builds the app from `env`, or exits with a message. */
export async function start(env: Env): Promise<Started> {
  const config = configOrExit(env);
  const logger = jsonLogger(config.ops.logLevel);
  // Before anything is opened: a missing or unusable certificate is a configuration error.
  const tls = config.tls === undefined ? undefined : tlsOrExit(config.tls);
  const pq = loadPqgate({ path: config.libraryPath, offloadThreads: config.ops.nativeThreads });
  const keystore = openKeystoreOrExit(pq, config, logger);
  const database = await openDatabase(
    config.database.url === undefined ? { dataDir: config.database.dataDir } : { url: config.database.url },
  ).catch((error: Error) =>
    fail(`cannot open the ${config.database.url ? "PostgreSQL" : "PGlite"} database: ${error.message}`, EX_UNAVAILABLE)
  );
  const clock = systemClock;
  const fleet = config.keystore.backend === "tpm-fleet"
    ? await startFleetNode(
      new FleetNode(database.db, pq, keystore, config.keystore.node, (message) => logger.warn(message)),
      logger,
    )
    : undefined;
  const services = composeServices({
    db: database.db,
    pq,
    keystore,
    ...(fleet === undefined ? {} : { fleet: fleet.node }),
    clock,
    rate: { perSecond: config.auth.ratePerSecond, burst: config.auth.rateBurst },
    // Every process on a PostgreSQL database is a replica: the token limit is the cluster's.
    sharedRateLimits: database.driver === "postgres",
    anonymousRate: { perSecond: config.auth.anonymousRatePerSecond, burst: config.auth.anonymousBurst },
    auditFailOpen: config.audit.failOpen,
    keyCacheCapacity: KEY_CACHE_CAPACITY,
    changes: database.changeFeed(),
    cacheTtlSeconds: config.database.cacheTtlSeconds,
    tokenMaxTtlSeconds: config.auth.tokenMaxTtlSeconds,
    allowPlaintextImport: config.auth.allowPlaintextImport,
    importTokenTtlSeconds: config.auth.importTokenTtlSeconds,
    sync: config.sync,
  });
  const provided = config.auth.adminTokenFile === undefined
    ? undefined
    : new TextDecoder().decode(secretOrExit(config.auth.adminTokenFile));
  const bootstrapped = await services.tokens.bootstrap(config.auth.initialTokenOut, provided)
    .catch((error: Error) => fail(`cannot install the first admin token: ${error.message}`, EX_CONFIG));
  if (bootstrapped === "written") {
    logger.info(`first start: admin token written to ${config.auth.initialTokenOut} (mode 0600)`);
  }
  const metricsToken = config.ops.metricsTokenFile === undefined
    ? undefined
    : secretOrExit(config.ops.metricsTokenFile);
  await bindKeys(services.keys, logger);
  const app = createApp({
    native: pq,
    keystore,
    database: {
      ping: () => pingDatabase(database.db),
      ...(database.transactions === undefined ? {} : { transactions: database.transactions }),
    },
    keyBindings: services.keys.bindings,
    caches: services.caches,
    tls: tlsReport(config.tls, runtimeInfo()),
    clock,
    log: errorLogTo(logger),
    api: services,
    ops: { logger, metrics: new Metrics(), metricsToken, metricsOpen: config.ops.metricsOpen },
  });
  const sweep = sweepKeys(services.keys, services.imports, services.sessions, database.db, logger);
  const close = async () => {
    clearInterval(sweep);
    if (fleet !== undefined) clearInterval(fleet.timer);
    await services.tokens.usageSettled();
    services[Symbol.dispose]();
    await database.close();
    keystore[Symbol.dispose]();
  };
  return { config, app, logger, tls, close };
}

/** How often a fleet node checks the database for KEKs to import or forget (ms). */
export const FLEET_SYNC_MS = 2000;

/**
 * Loads this fleet node's KEKs (founding the fleet on an empty database), says plainly when the
 * node is not a member, and keeps it in step every {@link FLEET_SYNC_MS}: a KEK another node
 * made is imported, a retired one forgotten, and a revoked node drops them all. Never fatal: a
 * node that is not a member serves `/readyz` 503 and refuses key requests (keystore unavailable).
 */
async function startFleetNode(node: FleetNode, logger: Logger) {
  let last: string | undefined;
  const sync = async () => {
    let state: string;
    try {
      state = await node.load();
    } catch (error) {
      state = `error: ${(error as Error).message}`;
    }
    if (state === last) return;
    last = state;
    const messages: Record<string, string> = {
      founded: `fleet founded by node ${node.name}: first fleet KEK made and sealed by this TPM`,
      active: `fleet node ${node.name} active: ${node.loaded().length} fleet KEK(s) loaded`,
      "not-joined":
        `node ${node.name} has not joined the fleet: issue a token on a member (\`cli fleet join-token\`), then \`cli fleet join --token …\` here; key requests are refused until it is approved`,
      pending: `node ${node.name} awaits approval: \`cli fleet approve ${node.name}\` on a member`,
      revoked: `node ${node.name} was revoked from the fleet: it holds no fleet KEK`,
    };
    const message = messages[state];
    if (state === "founded" || state === "active") logger.info(message ?? state);
    else logger.error(message ?? `fleet sync failed (${state})`);
  };
  await sync();
  const timer = setInterval(() => void sync(), FLEET_SYNC_MS);
  return { node, timer };
}

/** How often keys due for deletion or auto-rotation are handled. */
const SWEEP_MS = 60_000;

/**
 * Purges keys due for deletion, expired import tokens, expired sessions and idle shared rate
 * buckets, and rotates keys due for rotation, now and every minute.
 */
function sweepKeys(
  keys: KeyService,
  imports: ImportService,
  sessions: SessionService,
  db: Database,
  logger: Logger,
): ReturnType<typeof setInterval> {
  const sweep = () =>
    Promise.all([
      keys.purgeDue(),
      keys.rotateDue(),
      imports.purgeExpired(),
      sessions.purgeExpired(),
      purgeIdleRateBuckets(db),
    ]).then(
      ([{ deleted, deviceKeysKept }, rotated]) => {
        if (deleted > 0) logger.info(`deleted ${deleted} key(s) whose grace period ended`);
        for (const kept of deviceKeysKept) {
          logger.error("a deleted key's device key was left in the device: its version failed its binding check", kept);
        }
        if (rotated > 0) logger.info(`auto-rotated ${rotated} key(s)`);
      },
      (error: Error) => logger.error("key sweep failed (retried next minute)", { error }),
    );
  void sweep();
  return setInterval(sweep, SWEEP_MS);
}

/**
 * Opens (on the first start after the upgrade: makes) the key-binding key before serving, and
 * says what became of the versions that existed before. A failure is logged, not fatal:
 * `/readyz` then reports not ready and every key request is refused until it is resolved.
 */
async function bindKeys(keys: KeyService, logger: Logger): Promise<void> {
  try {
    await keys.bindings.ensure();
  } catch (error) {
    logger.error("key bindings cannot be checked; key requests are refused until this is resolved", {
      error: error as Error,
    });
    return;
  }
  const upgrade = keys.bindings.upgrade;
  if (upgrade === undefined || upgrade.bound + upgrade.refused.length === 0) return;
  logger.info(`key-binding key made; ${upgrade.bound} existing key version(s) bound`);
  if (!upgrade.recorded) {
    logger.error("the one-time binding of existing key versions could not be recorded in the audit trail");
  }
  for (const refused of upgrade.refused) {
    logger.error("an existing key version failed its check against its private key and stays refused", refused);
  }
}

function openKeystoreOrExit(pq: ReturnType<typeof loadPqgate>, config: Config, logger: Logger) {
  try {
    const keystore = openConfiguredKeystore(pq, config.keystore);
    logger.info(`${keystore.backend} keystore open (keys are ${keystore.protection})`);
    return keystore;
  } catch (error) {
    if (error instanceof SecretFileError) fail(error.message, EX_CONFIG);
    if (error instanceof PqError) {
      const code = error.status === "KEYSTORE_UNAVAILABLE" ? EX_UNAVAILABLE : EX_CONFIG;
      fail(`cannot open the ${config.keystore.backend} keystore: ${error.message}`, code);
    }
    throw error;
  }
}

function tlsOrExit(settings: NonNullable<Config["tls"]>): TlsMaterial {
  try {
    return readTlsMaterial(settings);
  } catch (error) {
    if (error instanceof TlsFileError || error instanceof SecretFileError) fail(error.message, EX_CONFIG);
    throw error;
  }
}

function secretOrExit(path: string): Uint8Array {
  try {
    return readSecretFile(path);
  } catch (error) {
    return fail((error as Error).message, EX_CONFIG);
  }
}

function fail(message: string, code: number): never {
  console.error(`pqgate: ${message}`);
  process.exit(code);
}
