/**
 * Where sessions live: this process's memory, in a bounded map. Sessions are per replica
 * (route a client's session calls to one replica) and die with the process: by design, since
 * a session key that is never written anywhere cannot leak from a disk or a backup later
 * (forward secrecy once the session ends).
 *
 * Every way a session ends — delete, expiry, eviction, failed confirmation, dispose — goes
 * through one place that overwrites its key with zeros.
 *
 * @module
 */

import { SessionError } from "./errors.ts";

/** One live session. */
export interface SessionEntry {
  readonly owner: string;
  /** The token that established the session: the only one that may use it. */
  readonly tokenId: string;
  /** `gateway-key` mode: the stored key it was established with, checked against the caller's pattern. */
  readonly keyName: string | null;
  /** The AES-256-GCM key; zeroed when the session ends. */
  readonly key: Uint8Array;
  /** The tag a client proves its key with. */
  readonly clientConfirmation: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Bounds of a {@link SessionStore}. */
export interface SessionStoreLimits {
  /** Sessions in all; the oldest is ended beyond it. */
  readonly capacity: number;
  /** Sessions per owner; that owner's oldest is ended beyond it, so one tenant cannot evict the others. */
  readonly maxPerOwner: number;
}

/** Expired sessions are purged at most this often (besides each one met on access). */
const SWEEP_INTERVAL_MS = 1000;

/** A bounded map of sessions by id (insertion order = age). */
export class SessionStore implements Disposable {
  readonly #limits: SessionStoreLimits;
  readonly #entries = new Map<string, SessionEntry>();
  readonly #perOwner = new Map<string, number>();
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(limits: SessionStoreLimits) {
    this.#limits = limits;
  }

  /** Number of live (possibly not yet purged) sessions. */
  get size(): number {
    return this.#entries.size;
  }

  /** Adds a session, ending the oldest ones beyond the limits. */
  add(id: string, entry: SessionEntry, now: number): void {
    this.#sweep(now);
    if ((this.#perOwner.get(entry.owner) ?? 0) >= this.#limits.maxPerOwner) {
      for (const [oldId, old] of this.#entries) {
        if (old.owner === entry.owner) {
          this.#end(oldId, old);
          break;
        }
      }
    }
    while (this.#entries.size >= this.#limits.capacity) {
      const oldest = this.#entries.entries().next().value;
      if (oldest === undefined) break;
      this.#end(oldest[0], oldest[1]);
    }
    this.#entries.set(id, entry);
    this.#perOwner.set(entry.owner, (this.#perOwner.get(entry.owner) ?? 0) + 1);
  }

  /**
   * The live session `id` of `owner`.
   *
   * @throws {SessionError} `session-not-found` (unknown, ended, or another owner's: the same
   * answer, so ids of other tenants cannot be probed); `session-expired` (then purged).
   */
  get(owner: string, id: string, now: number): SessionEntry {
    const entry = this.#entries.get(id);
    const mine = entry !== undefined && entry.owner === owner;
    // The session asked for is judged before the sweep, so its own expiry is reported as such.
    if (mine && now >= entry.expiresAt) this.#end(id, entry);
    this.#sweep(now);
    if (!mine) throw new SessionError("session-not-found", "No such session.");
    if (now >= entry.expiresAt) {
      throw new SessionError("session-expired", "The session has expired; establish a new one.");
    }
    return entry;
  }

  /** Ends session `id` of `owner`. @throws {SessionError} as {@link get}. */
  end(owner: string, id: string, now: number): void {
    this.#end(id, this.get(owner, id, now));
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < SWEEP_INTERVAL_MS) return;
    this.#lastSweep = now;
    for (const [id, entry] of this.#entries) {
      if (now >= entry.expiresAt) this.#end(id, entry);
    }
  }

  #end(id: string, entry: SessionEntry): void {
    entry.key.fill(0);
    entry.clientConfirmation.fill(0);
    this.#entries.delete(id);
    const left = (this.#perOwner.get(entry.owner) ?? 1) - 1;
    if (left === 0) this.#perOwner.delete(entry.owner);
    else this.#perOwner.set(entry.owner, left);
  }

  /** Ends every session (shutdown). */
  [Symbol.dispose](): void {
    for (const [id, entry] of this.#entries) this.#end(id, entry);
  }
}
