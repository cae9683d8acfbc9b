/**
 * The one place the `/v1` services are wired together, for the server (`serve/start.ts`) and
 * for the route tests alike, so both run the same composition.
 *
 * @module
 */

import type { Keystore, Pqgate } from "../../ffi/mod.ts";
import type { ApiDeps } from "../app.ts";
import type { Database } from "../db/client.ts";
import type { ChangeFeed } from "../db/change-feed.ts";
import { CacheCoherence } from "../services/cache/coherence.ts";
import { KeyRows } from "../services/keys/key-rows.ts";
import { AuditService } from "../services/audit/audit-service.ts";
import {
  DEFAULT_ANONYMOUS_RATE,
  type RateLimit,
  RateLimiter,
  SYNC_INTERVAL_MS,
} from "../services/auth/rate-limiter.ts";
import { TokenService } from "../services/auth/token-service.ts";
import { DEFAULT_TOKEN_MAX_TTL_SECONDS } from "../services/auth/token-lifetime.ts";
import { DataKeyService } from "../services/data-keys/data-key-service.ts";
import { EncryptionService } from "../services/encryption/encryption-service.ts";
import { HpkeService } from "../services/encryption/hpke-service.ts";
import { ImportService } from "../services/keys/wrapped-import.ts";
import { MacService } from "../services/macs/mac-service.ts";
import type { NonceBudgetSettings } from "../services/encryption/nonce-budget.ts";
import { KeyCache } from "../services/keys/key-cache.ts";
import { KeyBindings } from "../services/keys/key-binding.ts";
import { KeyService } from "../services/keys/key-service.ts";
import { finishRootRotation, rotateRootKey } from "../services/keys/root-rotation.ts";
import { type FleetNode, fleetRootKey } from "../services/fleet/fleet-service.ts";
import type { Clock } from "../common/clock.ts";
import { SessionService } from "../services/sessions/session-service.ts";
import { createSyncService, type SyncService, type SyncSettings } from "../services/sync/sync-service.ts";

/** What the services are built from. */
export interface ServiceInputs {
  readonly db: Database;
  readonly pq: Pqgate;
  readonly keystore: Keystore;
  /** This node of a TPM fleet (`PQGATE_KEYSTORE=tpm-fleet`): root rotations are fleet-KEK rotations. */
  readonly fleet?: FleetNode;
  readonly clock: Clock;
  /** Per-token request rate. */
  readonly rate: RateLimit;
  /**
   * Whether the per-token rate is shared by every process on the database (PostgreSQL: the
   * limiter syncs with `rate_buckets` every {@link SYNC_INTERVAL_MS}); false by default (one process).
   */
  readonly sharedRateLimits?: boolean;
  /** Per-client-address rate of requests without a valid token; {@link DEFAULT_ANONYMOUS_RATE} by default. */
  readonly anonymousRate?: RateLimit;
  /** Keep responses whose audit record could not be stored (else 503); false by default. */
  readonly auditFailOpen?: boolean;
  /** Open private-key handles kept (each a few KB of Rust memory). */
  readonly keyCacheCapacity: number;
  /**
   * The database's change feed (`OpenDatabase.changeFeed()`): while it is subscribed, tokens,
   * key rows and checked key versions are served from memory. Without it every request reads
   * the database.
   */
  readonly changes?: ChangeFeed;
  /** Longest time a cached row is served (`PQGATE_CACHE_TTL_SECONDS`; 0 caches nothing); {@link DEFAULT_CACHE_TTL_SECONDS} by default. */
  readonly cacheTtlSeconds?: number;
  /** Longest lifetime of a token without tokens:admin and of a renewal (`PQGATE_TOKEN_MAX_TTL`); 90 days by default. */
  readonly tokenMaxTtlSeconds?: number;
  /** The tokens' clock, when it must differ (tests that expire tokens). */
  readonly tokenClock?: Clock;
  /** The sessions' clock, when it must differ (tests that expire sessions). */
  readonly sessionClock?: Clock;
  /** Sync limits (challenge lifetime, recovery rate); defaults otherwise. */
  readonly sync?: Partial<SyncSettings>;
  /** The sync clock, when it must differ (tests that expire challenges). */
  readonly syncClock?: Clock;
  /** The encryption keys' message limit per version and reservation block: tests only (tiny limits). */
  readonly messageBudget?: Partial<NonceBudgetSettings>;
  /** Accept plaintext key import (`PQGATE_ALLOW_PLAINTEXT_IMPORT`); false by default. */
  readonly allowPlaintextImport?: boolean;
  /** Import token lifetime (`PQGATE_IMPORT_TOKEN_TTL`); 10 minutes by default. */
  readonly importTokenTtlSeconds?: number;
  /** The import tokens' clock, when it must differ (tests that expire tokens). */
  readonly importClock?: Clock;
}

/** Default of {@link ServiceInputs.cacheTtlSeconds}. */
export const DEFAULT_CACHE_TTL_SECONDS = 10;

/** Tokens, key rows and checked key versions kept in memory (each). */
const ROW_CACHE_CAPACITY = 4096;

/** The wired services; disposing ends sessions, detaches the caches and frees cached key handles. */
export type Services = ApiDeps & {
  /** The read-path caches' state (`pqgate_cache_listening`). */
  readonly caches: CacheCoherence;
  readonly keys: KeyService;
  readonly tokens: TokenService;
  readonly audit: AuditService;
  readonly sessions: SessionService;
  readonly sync: SyncService;
} & Disposable;

/** Builds every `/v1` service over one database and keystore. */
export function composeServices(inputs: ServiceInputs): Services {
  const { db, pq, keystore, clock } = inputs;
  const cache = new KeyCache(inputs.keyCacheCapacity);
  const caches = new CacheCoherence(inputs.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS);
  // Open handles go when their key changes anywhere (a deleted key's handles are freed on every
  // replica; a changed version is checked again before its next use), not when the feed drops:
  // a handle is only reached through a key row read under the coherence's rules.
  caches.register({
    changed: (change) => {
      if (change.table === "keys") cache.forget(change.id);
      else if (change.table === "*") cache.forgetAll();
    },
    flush: () => {},
  });
  const detach = inputs.changes === undefined ? () => {} : caches.follow(inputs.changes);
  const audit = new AuditService({ db, pq, keystore: () => keystore, clock });
  const bindings = new KeyBindings({
    db,
    pq,
    keystore,
    clock,
    // The one-time binding of the versions that existed before the upgrade, in the audit trail.
    recordUpgrade: (upgrade) =>
      audit.record({
        requestId: crypto.randomUUID(),
        actor: "gateway",
        owner: "",
        action: "keys.bind-existing",
        keyName: null,
        keyVersion: null,
        outcome: upgrade.refused.length === 0 ? "ok" : "key-integrity-failed",
        status: 0,
      }),
  });
  const rows = new KeyRows(ROW_CACHE_CAPACITY, caches);
  const fleet = inputs.fleet;
  const keys = new KeyService({
    db,
    pq,
    keystore,
    clock,
    cache,
    bindings,
    rows,
    ...(fleet === undefined ? {} : { refreshRoots: () => fleet.load().then(() => undefined) }),
  });
  // Sessions live in the database (any replica serves them), their opened keys in a cache
  // kept coherent by the change feed (docs/SESSIONS.md).
  const sessions = new SessionService({
    db,
    pq,
    keystore,
    keys,
    clock: inputs.sessionClock ?? clock,
    coherence: caches,
  });
  const limiter = new RateLimiter("token", inputs.rate, clock, undefined, inputs.sharedRateLimits ?? false);
  // A failed sync is retried at the next tick with the admissions it carried; meanwhile each
  // replica limits from its own view.
  const rateSync = inputs.sharedRateLimits === true
    ? setInterval(() => void limiter.sync(db).catch(() => {}), SYNC_INTERVAL_MS)
    : undefined;
  return {
    caches,
    keys,
    tokens: new TokenService(
      db,
      pq,
      inputs.tokenClock ?? clock,
      { coherence: caches, capacity: ROW_CACHE_CAPACITY },
      { maxTtlSeconds: inputs.tokenMaxTtlSeconds ?? DEFAULT_TOKEN_MAX_TTL_SECONDS },
    ),
    limiter,
    anonymousLimiter: new RateLimiter("anonymous", inputs.anonymousRate ?? DEFAULT_ANONYMOUS_RATE, clock),
    auditFailOpen: inputs.auditFailOpen ?? false,
    audit,
    sessions,
    dataKeys: new DataKeyService({ pq, keys }),
    encryption: new EncryptionService({ db, keys, budget: inputs.messageBudget }),
    hpke: new HpkeService(keys),
    imports: new ImportService({
      db,
      pq,
      keystore,
      keys,
      clock: inputs.importClock ?? clock,
      ttlSeconds: inputs.importTokenTtlSeconds,
      allowPlaintext: inputs.allowPlaintextImport ?? false,
    }),
    macs: new MacService(keys),
    // Custodial account keys live in the internal `sync` namespace: no key route reaches them.
    sync: createSyncService({
      db,
      pq,
      keys: keys.internal("sync"),
      clock: inputs.syncClock ?? clock,
      settings: inputs.sync,
    }),
    rootKey: inputs.fleet === undefined
      ? { rotate: () => rotateRootKey(db, pq, keystore), finish: () => finishRootRotation(db, pq, keystore) }
      : fleetRootKey(inputs.fleet),
    [Symbol.dispose]: () => {
      clearInterval(rateSync);
      detach();
      sessions[Symbol.dispose]();
      cache[Symbol.dispose]();
    },
  };
}
