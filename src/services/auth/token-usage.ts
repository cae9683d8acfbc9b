/**
 * The coarse last-use time of tokens, without a write per request: a token's first use in
 * each minute (per process) queues its id, and one UPDATE writes every queued id at once.
 * The write starts after the request has been authenticated and is never awaited by it; a
 * failed write is dropped (the next minute's use writes again), never a failed request. At
 * most one write is in flight; ids queued meanwhile go in the next one. Memory holds only the
 * ids used in the current minute.
 *
 * @module
 */

import type { Clock } from "../../common/clock.ts";
import type { Database } from "../../db/client.ts";
import { recordTokenUse } from "../../db/tokens.ts";

const MINUTE_MS = 60_000;

/** Records token use at most once a minute per token; see the module documentation. */
export class TokenUsage {
  readonly #db: Database;
  readonly #clock: Clock;
  /** The minute each token was last queued in (ids of earlier minutes are pruned). */
  #queuedIn = new Map<string, number>();
  #pending = new Set<string>();
  #writing: Promise<void> | undefined;

  constructor(db: Database, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Notes a use of `tokenId` now; starts a write if this is its first use this minute. */
  used(tokenId: string): void {
    const minute = Math.floor(this.#clock.now().getTime() / MINUTE_MS);
    if (this.#queuedIn.get(tokenId) === minute) return;
    if (this.#queuedIn.size > 0 && !this.#queuedIn.has(tokenId)) this.#prune(minute);
    this.#queuedIn.set(tokenId, minute);
    this.#pending.add(tokenId);
    this.#writing ??= this.#drain();
  }

  /** Resolves when every use noted so far is written (or its write failed). */
  async settled(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.size > 0) {
        const ids = [...this.#pending];
        this.#pending.clear();
        try {
          await recordTokenUse(this.#db, ids, this.#clock.now());
        } catch {
          // Best effort: a lost last-use time is written again on the token's next minute of use.
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }

  #prune(minute: number): void {
    for (const [id, queued] of this.#queuedIn) if (queued !== minute) this.#queuedIn.delete(id);
  }
}
