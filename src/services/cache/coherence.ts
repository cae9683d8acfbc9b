/**
 * When the read-path caches may serve rows: only while the database's change feed
 * (`db/change-feed.ts`) is subscribed, and each row for at most the configured time to live.
 *
 * Every change (a notification from any replica or from a direct database write, or this
 * process's own write) and every transition of the feed bumps an epoch and drops what it
 * concerns (a transition: everything). A row read from the database is stored only if the
 * epoch did not move while it was read ({@link CacheCoherence.ticket}), so a read that raced a
 * change never stores the row from before it. While the feed is down nothing is stored or
 * served: every request reads the database until the feed is back.
 *
 * @module
 */

import type { Change, ChangeFeed } from "../../db/change-feed.ts";

export type { Change } from "../../db/change-feed.ts";

/** A cache the coherence keeps: told each change, and flushed on every feed transition. */
export interface CoherentCache {
  changed(change: Change): void;
  flush(): void;
}

/** The serving state of a process's read-path caches. */
export class CacheCoherence {
  /** How long a stored row may be served, in milliseconds (0: never stored). */
  readonly ttlMs: number;
  readonly #caches = new Set<CoherentCache>();
  #subscribed = false;
  #epoch = 0;

  /** `ttlSeconds` 0 disables the caches (every request reads the database). */
  constructor(ttlSeconds: number) {
    this.ttlMs = ttlSeconds * 1000;
  }

  /** Whether rows may be served and stored now: the feed is subscribed and the TTL is positive. */
  get serving(): boolean {
    return this.#subscribed && this.ttlMs > 0;
  }

  /** Whether the change feed is subscribed (`pqgate_cache_listening`). */
  get listening(): boolean {
    return this.#subscribed;
  }

  /** Follows `feed`'s changes and state; returns the detachment. */
  follow(feed: ChangeFeed): () => void {
    return feed.listen({ changed: (change) => this.invalidate(change), subscribed: (up) => this.#transition(up) });
  }

  /** Adds a cache to keep. */
  register(cache: CoherentCache): void {
    this.#caches.add(cache);
  }

  /** Drops what `change` concerns (also called for this process's own writes, before any notification). */
  invalidate(change: Change): void {
    this.#epoch++;
    for (const cache of this.#caches) {
      if (change.table === "*") cache.flush();
      cache.changed(change);
    }
  }

  /**
   * Taken before reading a row from the database: `undefined` when nothing may be stored now,
   * else the epoch the row's store must still find ({@link accepts}).
   */
  ticket(): number | undefined {
    return this.serving ? this.#epoch : undefined;
  }

  /** Whether a row read under `ticket` may be stored: still serving, and no change since. */
  accepts(ticket: number | undefined): boolean {
    return ticket !== undefined && ticket === this.#epoch && this.serving;
  }

  #transition(up: boolean): void {
    this.#epoch++;
    this.#subscribed = up;
    for (const cache of this.#caches) cache.flush();
  }
}
