/**
 * Rate limits: a token bucket per id (a token id, or a client address for requests without a
 * valid token), in this process's memory (so with N replicas an id gets up to N times the
 * rate; documented in docs/LIMITS.md).
 *
 * @module
 */

import type { Clock } from "../../common/clock.ts";

/** The default limit of requests without a valid token, per client address (`PQGATE_ANON_RATE_*`). */
export const DEFAULT_ANONYMOUS_RATE: RateLimit = { perSecond: 5, burst: 20 };

/** Which limit a request ran into: its token's, or its address's (requests without a valid token). */
export type LimitName = "token" | "anonymous";

/** What a refusal tells the client about the limit it hit: the problem's extension members. */
export type LimitDescription = {
  readonly limit: LimitName;
  /** Sustained requests per second, per gateway process. */
  readonly rate: number;
  /** Burst, per gateway process. */
  readonly burst: number;
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
}

/** Token buckets, at most `maxBuckets` of them (the oldest are dropped first). */
export class RateLimiter {
  /** Which limit this is, rate and burst included: what a 429 reports. */
  readonly description: LimitDescription;
  readonly #limit: RateLimit;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxBuckets: number;

  constructor(name: LimitName, limit: RateLimit, clock: Clock, maxBuckets = 10_000) {
    this.description = { limit: name, rate: limit.perSecond, burst: limit.burst };
    this.#limit = limit;
    this.#clock = clock;
    this.#maxBuckets = maxBuckets;
  }

  /** Takes one request from `id`'s bucket; returns 0 if allowed, else seconds to wait. */
  take(id: string): number {
    const now = this.#clock.now().getTime();
    const bucket = this.#buckets.get(id) ?? { tokens: this.#limit.burst, at: now };
    bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond);
    bucket.at = now;
    this.#buckets.delete(id);
    this.#buckets.set(id, bucket);
    if (this.#buckets.size > this.#maxBuckets) this.#buckets.delete(this.#buckets.keys().next().value ?? "");
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#limit.perSecond);
  }
}
