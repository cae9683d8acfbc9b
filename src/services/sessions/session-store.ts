/**
 * The in-memory fast path of sessions: opened sessions (key handle and confirmation tag) by
 * id, so sealing and opening a cached session makes no database query. The database
 * (`db/sessions.ts`) is the truth; this cache follows it like the read-path caches do
 * (`services/cache/coherence.ts`): entries are stored and served only while the change feed is
 * subscribed, for at most the cache time to live, and dropped when a notification says their
 * row changed or went (ended, expired, evicted on any replica, or written directly).
 *
 * Every way an entry goes — dropped, evicted beyond the capacity, flushed, disposed — ends it
 * in one place: the key handle is freed (Rust zeroizes it) and the tag overwritten; a caller
 * holding the entry sees `ended` and answers as for an unknown session.
 *
 * @module
 */

import type { SecretKey } from "../../../ffi/mod.ts";
import type { CacheCoherence, Change, CoherentCache } from "../cache/coherence.ts";

/** One opened session. */
export interface SessionEntry {
  readonly owner: string;
  /** The token that established the session: the only one that may use it. */
  readonly tokenId: string;
  /** `gateway-key` mode: the stored key it was established with, checked against the caller's pattern. */
  readonly keyName: string | null;
  /** The AES-256-GCM key, in Rust; freed when the entry ends. */
  readonly key: SecretKey;
  /** The tag a client proves its key with; zeroed when the entry ends. */
  readonly clientConfirmation: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** Set once the entry ended: its key must not be used (the session may live on in the database). */
  ended: boolean;
}

/** Ends an entry: frees its key and wipes its tag (idempotent). */
export function endEntry(entry: SessionEntry): void {
  if (entry.ended) return;
  entry.ended = true;
  entry.key[Symbol.dispose]();
  entry.clientConfirmation.fill(0);
}

interface Slot {
  readonly entry: SessionEntry;
  /** `performance.now()` after which the entry is not served. */
  readonly until: number;
}

/** A bounded map of opened sessions by id (insertion order = age), kept coherent with the database. */
export class SessionCache implements CoherentCache, Disposable {
  readonly #coherence: CacheCoherence;
  readonly #capacity: number;
  readonly #slots = new Map<string, Slot>();

  constructor(coherence: CacheCoherence, capacity: number) {
    this.#coherence = coherence;
    this.#capacity = capacity;
    coherence.register(this);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#slots.size;
  }

  /** The entry of `id`, if it may be served. */
  get(id: string): SessionEntry | undefined {
    const slot = this.#slots.get(id);
    if (slot === undefined) return undefined;
    if (!this.#coherence.serving || slot.until <= performance.now()) {
      this.drop(id);
      return undefined;
    }
    return slot.entry;
  }

  /**
   * Keeps `entry` under `id` if `ticket` (taken before its row was read) still allows; returns
   * whether it did. An entry not kept is the caller's to end after use.
   */
  set(id: string, entry: SessionEntry, ticket: number | undefined): boolean {
    if (!this.#coherence.accepts(ticket)) return false;
    this.drop(id);
    this.#slots.set(id, { entry, until: performance.now() + this.#coherence.ttlMs });
    while (this.#slots.size > this.#capacity) {
      const oldest = this.#slots.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    return true;
  }

  /** Ends and forgets the entry of `id`. */
  drop(id: string): void {
    const slot = this.#slots.get(id);
    if (slot === undefined) return;
    this.#slots.delete(id);
    endEntry(slot.entry);
  }

  changed(change: Change): void {
    if (change.table === "sessions") this.drop(change.id);
  }

  flush(): void {
    for (const id of [...this.#slots.keys()]) this.drop(id);
  }

  [Symbol.dispose](): void {
    this.flush();
  }
}
