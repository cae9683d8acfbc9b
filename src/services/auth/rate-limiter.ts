/**
 * Rate limits: a token bucket per id (a token id, or a client address for requests without a
 * valid token), decided in this process's memory: taking from a bucket never waits for the
 * database.
 *
 * Shared limits (`shared`: several processes on one PostgreSQL): each bucket is this replica's
 * view of one cluster-wide bucket. Every {@link SYNC_INTERVAL_MS} {@link RateLimiter.sync}
 * sends what this replica admitted since the last sync, in one statement for all tokens, to
 * the shared buckets (`db/rate-buckets.ts`), which refill at the same rate and take off every
 * replica's admissions; the levels read back replace this replica's views (less what it
 * admitted while the statement ran). So a replica admits from a view that misses only what the
 * others admitted since their last sync, and the cluster admits at most
 * `burst + rate × t + (replicas − 1) × (what one replica admits in a sync interval)` over any
 * time `t` (docs/LIMITS.md#rate-limits): a bucket overdrawn by that much goes negative and every
 * replica waits until it refilled. Tokens used on this replica within the last
 * {@link SYNC_HORIZON_MS} are read back even when idle here, so a view is at most one interval
 * old when the token returns. A sync that fails leaves the views as they are and sends their
 * admissions with the next one.
 *
 * @module
 */

import type { Clock } from "../../common/clock.ts";
import type { Database } from "../../db/client.ts";
import { flushRateBuckets, type RateAdmissions } from "../../db/rate-buckets.ts";

/** The default limit of requests without a valid token, per client address (`PQGATE_ANON_RATE_*`). */
export const DEFAULT_ANONYMOUS_RATE: RateLimit = { perSecond: 5, burst: 20 };

/** How often a shared limiter flushes its admissions and reads the cluster's buckets back. */
export const SYNC_INTERVAL_MS = 250;
/** How long after its last use here a token's shared bucket is still read back. */
export const SYNC_HORIZON_MS = 60_000;
/** Most tokens one sync statement carries (the most recently used). */
const SYNC_BATCH = 1_000;

/** Which limit a request ran into: its token's, or its address's (requests without a valid token). */
export type LimitName = "token" | "anonymous";

/** What a refusal tells the client about the limit it hit: the problem's extension members. */
export type LimitDescription = {
  readonly limit: LimitName;
  /** Sustained requests per second: across all replicas when `scope` is `cluster`, else per process. */
  readonly rate: number;
  /** Burst, in the same scope. */
  readonly burst: number;
  /** `cluster`: shared by every replica on the database; `process`: per gateway process. */
  readonly scope: "cluster" | "process";
};

/** Limits of one bucket. */
export interface RateLimit {
  /** Sustained requests per second. */
  readonly perSecond: number;
  /** Requests allowed in a burst. */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Admitted here since the last sync was sent. */
  pending: number;
  /** When this replica last took from it. */
  usedAt: number;
}

/** Token buckets, at most `maxBuckets` of them (the oldest are dropped first). */
export class RateLimiter {
  /** Which limit this is, rate and burst included: what a 429 reports. */
  readonly description: LimitDescription;
  readonly #limit: RateLimit;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxBuckets: number;
  readonly #shared: boolean;
  #syncing = false;

  constructor(name: LimitName, limit: RateLimit, clock: Clock, maxBuckets = 10_000, shared = false) {
    this.description = {
      limit: name,
      rate: limit.perSecond,
      burst: limit.burst,
      scope: shared ? "cluster" : "process",
    };
    this.#limit = limit;
    this.#clock = clock;
    this.#maxBuckets = maxBuckets;
    this.#shared = shared;
  }

  /** Takes one request from `id`'s bucket; returns 0 if allowed, else seconds to wait. */
  take(id: string): number {
    const now = this.#clock.now().getTime();
    const bucket = this.#buckets.get(id) ?? { tokens: this.#limit.burst, at: now, pending: 0, usedAt: now };
    bucket.usedAt = now;
    this.#refill(bucket, now);
    this.#buckets.delete(id);
    this.#buckets.set(id, bucket);
    if (this.#buckets.size > this.#maxBuckets) this.#buckets.delete(this.#buckets.keys().next().value ?? "");
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (this.#shared) bucket.pending++;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#limit.perSecond);
  }

  /**
   * Sends the admissions since the last sync to the shared buckets and takes their levels back
   * (one statement); a sync already running makes this one a no-op.
   */
  async sync(db: Database): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    const sentAt = this.#clock.now().getTime();
    const sent = new Map<string, number>();
    const batch: RateAdmissions[] = [];
    // Map order is recency: the most recently used are last.
    const ids = [...this.#buckets.keys()];
    for (let i = ids.length - 1; i >= 0 && batch.length < SYNC_BATCH; i--) {
      const id = ids[i] as string;
      const bucket = this.#buckets.get(id) as Bucket;
      if (bucket.pending === 0 && sentAt - bucket.usedAt > SYNC_HORIZON_MS) break;
      batch.push({ id, taken: bucket.pending });
      sent.set(id, bucket.pending);
      bucket.pending = 0;
    }
    try {
      const levels = await flushRateBuckets(db, this.#limit, batch);
      const now = this.#clock.now().getTime();
      for (const { id, tokens } of levels) {
        const bucket = this.#buckets.get(id);
        if (bucket === undefined) continue;
        // The shared level as of the statement, refilled to now, less what was admitted here meanwhile.
        bucket.tokens = Math.min(this.#limit.burst, tokens + ((now - sentAt) / 1000) * this.#limit.perSecond) -
          bucket.pending;
        bucket.at = now;
      }
    } catch (error) {
      for (const [id, taken] of sent) {
        const bucket = this.#buckets.get(id);
        if (bucket !== undefined) bucket.pending += taken;
      }
      throw error;
    } finally {
      this.#syncing = false;
    }
  }

  #refill(bucket: Bucket, now: number): void {
    bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond);
    bucket.at = Math.max(bucket.at, now);
  }
}
