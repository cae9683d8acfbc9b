/**
 * A real app for route tests: PGlite in memory (a copy of one migrated database), a software
 * keystore in a temporary folder, the real native library. Disposing it closes everything.
 *
 * @module
 */

import { join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { type Keystore, type KeystoreConfig, loadPqgate, type Pqgate } from "../../ffi/mod.ts";
import { createApp, type ErrorLog } from "../../src/app.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import type { TokenService } from "../../src/services/auth/token-service.ts";
import type { KeyService } from "../../src/services/keys/key-service.ts";
import type { AuditService } from "../../src/services/audit/audit-service.ts";
import { composeServices } from "../../src/bootstrap/compose.ts";
import type { CacheCoherence } from "../../src/services/cache/coherence.ts";
import { type Clock, systemClock } from "../../src/common/clock.ts";
import type { SyncSettings } from "../../src/services/sync/sync-service.ts";
import assert from "../support/assert.ts";
import { freshPglite } from "../support/database.ts";
import { tempDir } from "../support/pq.ts";

/** A running app plus what the tests inspect. */
export interface TestApp extends AsyncDisposable {
  readonly app: OpenAPIHono;
  /** Internal faults the app logged (a test run must produce none). */
  readonly faults: Readonly<Record<string, unknown>>[];
  /** The tokens service (to mint tokens with other scopes). */
  readonly tokens: TokenService;
  /** The key service of the user namespace (`keys.internal("sync")` holds custodial account keys). */
  readonly keys: KeyService;
  /** The audit trail the app records into, and its database (to inspect or tamper with rows). */
  readonly audit: AuditService;
  readonly db: Database;
  /** The app's software keystore. */
  readonly keystore: Keystore;
  /** The read-path caches' state (`listening` once the change feed is subscribed). */
  readonly caches: CacheCoherence;
  /** `app.request` with a JSON body, as the admin token unless `token` is given (`null`: none). */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<Response>;
}

/** Options of {@link testApp}. */
export interface TestAppOptions {
  readonly ratePerSecond?: number;
  readonly rateBurst?: number;
  readonly maxBodyBytes?: number;
  /** The tokens' clock (to expire tokens without waiting); the system clock by default. */
  readonly tokenClock?: Clock;
  /** `PQGATE_TOKEN_MAX_TTL` (90 days by default). */
  readonly tokenMaxTtlSeconds?: number;
  /** `PQGATE_ALLOW_PLAINTEXT_IMPORT` (off by default, as in production). */
  readonly allowPlaintextImport?: boolean;
  /** The import tokens' clock (to expire them without waiting). */
  readonly importClock?: Clock;
  /** The sessions' clock (to expire sessions without waiting); the system clock by default. */
  readonly sessionClock?: Clock;
  /** The sync clock (to expire challenges without waiting) and sync limits. */
  readonly syncClock?: Clock;
  readonly sync?: Partial<SyncSettings>;
  /** A PostgreSQL URL instead of in-memory PGlite. */
  readonly databaseUrl?: string;
  /** A PGlite data folder instead of an in-memory one (e.g. a database an older schema filled). */
  readonly dataDir?: string;
  /** Per-address rate of requests without a valid token (generous by default). */
  readonly anonymousRate?: { readonly perSecond: number; readonly burst: number };
  /** `PQGATE_AUDIT_FAIL_OPEN`; fail-closed by default. */
  readonly auditFailOpen?: boolean;
  /** Another keystore (a SoftHSM2 token) instead of a software keystore in a temporary folder. */
  readonly keystore?: KeystoreConfig;
  /** Told the SQL of every query the app's database handle runs. */
  readonly logQuery?: (query: string) => void;
  /** `PQGATE_CACHE_TTL_SECONDS` (the default otherwise; 0 caches nothing). */
  readonly cacheTtlSeconds?: number;
  /** The encryption keys' message limit per version and reservation block (tiny, to reach it). */
  readonly messageBudget?: { readonly messageLimit?: number; readonly reservationBlock?: number };
  /** `PQGATE_NATIVE_THREADS`: sign off the event loop on this many threads (none by default). */
  readonly nativeThreads?: number;
}

const onThread = loadPqgate();
const offloaded = new Map<number, Pqgate>();

/** The binding for `threads` offload threads: one per count, loaded once (threads live as long). */
function bindingFor(threads: number | undefined): Pqgate {
  if (threads === undefined || threads === 0) return onThread;
  let pq = offloaded.get(threads);
  if (pq === undefined) offloaded.set(threads, pq = loadPqgate({ offloadThreads: threads }));
  return pq;
}

/** Builds a fresh app with its own database and keystore. */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = tempDir();
  const pq = bindingFor(options.nativeThreads);
  const { databaseUrl, dataDir, logQuery } = options;
  // In memory unless told otherwise: a copy of one migrated database (test/support/database.ts).
  const database = databaseUrl !== undefined
    ? await openDatabase({ url: databaseUrl, logQuery })
    : dataDir !== undefined
    ? await openDatabase({ dataDir, logQuery })
    : await freshPglite({ logQuery });
  const keystore = pq.openKeystore(options.keystore ?? { backend: "software", dir: join(dir.path, "keys") });
  const services = composeServices({
    db: database.db,
    pq,
    keystore,
    clock: systemClock,
    rate: { perSecond: options.ratePerSecond ?? 1000, burst: options.rateBurst ?? 1000 },
    anonymousRate: options.anonymousRate ?? { perSecond: 1000, burst: 1000 },
    ...(options.auditFailOpen === undefined ? {} : { auditFailOpen: options.auditFailOpen }),
    keyCacheCapacity: 64,
    changes: database.changeFeed(),
    ...(options.cacheTtlSeconds === undefined ? {} : { cacheTtlSeconds: options.cacheTtlSeconds }),
    ...(options.sessionClock === undefined ? {} : { sessionClock: options.sessionClock }),
    ...(options.tokenClock === undefined ? {} : { tokenClock: options.tokenClock }),
    ...(options.tokenMaxTtlSeconds === undefined ? {} : { tokenMaxTtlSeconds: options.tokenMaxTtlSeconds }),
    ...(options.allowPlaintextImport === undefined ? {} : { allowPlaintextImport: options.allowPlaintextImport }),
    ...(options.importClock === undefined ? {} : { importClock: options.importClock }),
    ...(options.syncClock === undefined ? {} : { syncClock: options.syncClock }),
    ...(options.sync === undefined ? {} : { sync: options.sync }),
    ...(options.messageBudget === undefined ? {} : { messageBudget: options.messageBudget }),
  });
  const { tokens, audit, keys } = services;
  const admin = (await tokens.create("", { name: "test-admin", scopes: SCOPES, keyPattern: "*" })).secret;
  const faults: Readonly<Record<string, unknown>>[] = [];
  const log: ErrorLog = { error: (_message, fields) => void faults.push(fields) };
  const api = { ...services, ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }) };
  const app = createApp({ native: pq, keystore, log, api, keyBindings: keys.bindings });
  return {
    app,
    faults,
    tokens,
    keys,
    audit,
    keystore,
    caches: services.caches,
    db: database.db,
    call: (method, path, body, token = admin) => {
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const payload = body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) };
      return Promise.resolve(app.request(path, { method, headers, ...payload }));
    },
    [Symbol.asyncDispose]: async () => {
      await tokens.usageSettled();
      services[Symbol.dispose]();
      keystore[Symbol.dispose]();
      await database.close();
      dir[Symbol.dispose]();
    },
  };
}

/** Asserts a problem response of `type` and `status`; returns its body. */
export async function expectProblem(res: Response, status: number, type: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.equal(body.type, `urn:pqgate:problem:${type}`, text);
  assert.equal(body.status, status);
  return body;
}
