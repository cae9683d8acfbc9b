/**
 * A bounded, least-recently-used map of database rows (or values made from them), each
 * tagged with the id of the row it came from, served only while its {@link CacheCoherence}
 * allows and for at most its time to live.
 *
 * @module
 */

import type { CacheCoherence, Change, CoherentCache } from "./coherence.ts";

interface Entry<V> {
  readonly value: V;
  readonly id: string;
  readonly expires: number;
}

/** What a {@link RowCache} holds and what drops its entries. */
export interface RowCacheOptions<V> {
  /** Most entries kept; the least recently used beyond it are dropped. */
  readonly capacity: number;
  /** The table whose change of row `id` drops the entries tagged `id`. */
  readonly table: "tokens" | "keys";
  /** Tables any change of which drops every entry. */
  readonly flushOn?: readonly Change["table"][];
  /** The id an entry is tagged with. */
  readonly idOf: (value: V) => string;
}

/** Rows by lookup key, dropped by row id. */
export class RowCache<V> implements CoherentCache {
  readonly #coherence: CacheCoherence;
  readonly #options: RowCacheOptions<V>;
  readonly #entries = new Map<string, Entry<V>>();
  readonly #byId = new Map<string, Set<string>>();

  constructor(coherence: CacheCoherence, options: RowCacheOptions<V>) {
    this.#coherence = coherence;
    this.#options = options;
    coherence.register(this);
  }

  /** The value under `key`, if it may be served (marked most recently used). */
  get(key: string): V | undefined {
    if (!this.#coherence.serving) return undefined;
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= performance.now()) {
      this.#untag(key, entry.id);
      return undefined;
    }
    this.#entries.set(key, entry); // re-inserted: Map order is the recency order
    return entry.value;
  }

  /** Stores `value` under `key` if `ticket` (taken before it was read) still allows. */
  set(key: string, value: V, ticket: number | undefined): void {
    if (!this.#coherence.accepts(ticket)) return;
    const id = this.#options.idOf(value);
    const old = this.#entries.get(key);
    if (old !== undefined) this.#untag(key, old.id);
    this.#entries.delete(key);
    this.#entries.set(key, { value, id, expires: performance.now() + this.#coherence.ttlMs });
    let keys = this.#byId.get(id);
    if (keys === undefined) this.#byId.set(id, keys = new Set());
    keys.add(key);
    while (this.#entries.size > this.#options.capacity) {
      const [oldest, entry] = this.#entries.entries().next().value as [string, Entry<V>];
      this.#entries.delete(oldest);
      this.#untag(oldest, entry.id);
    }
  }

  /** The value under `key`, or the one `read` finds in the database (stored unless absent or raced). */
  async read(key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const ticket = this.#coherence.ticket();
    const value = await read();
    if (value !== undefined) this.set(key, value, ticket);
    return value;
  }

  /** Number of entries held (served or not). */
  get size(): number {
    return this.#entries.size;
  }

  changed(change: Change): void {
    if (change.table === "*" || this.#options.flushOn?.includes(change.table)) {
      this.flush();
    } else if (change.table === this.#options.table) {
      for (const key of this.#byId.get(change.id) ?? []) this.#entries.delete(key);
      this.#byId.delete(change.id);
    }
  }

  flush(): void {
    this.#entries.clear();
    this.#byId.clear();
  }

  #untag(key: string, id: string): void {
    const keys = this.#byId.get(id);
    keys?.delete(key);
    if (keys?.size === 0) this.#byId.delete(id);
  }
}
