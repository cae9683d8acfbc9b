/**
 * Group commit: items submitted one at a time are written in batches, at most one batch in
 * flight. A write starts on the event loop's next turn (`setImmediate`), with everything
 * submitted until then; items that arrive while a batch is being written wait for it and then
 * go together, in submission order, in the next one. Under load, one write (one statement)
 * then serves many callers; at rest an item waits one turn of the event loop. Waiting that turn
 * matters on PGlite, which answers queries without yielding to I/O: requests handled in one
 * turn reach the audit trail together, where writing the first at once made every batch one
 * row (bench/RESULTS.md, "Hot path"). Each caller's promise settles only when the batch
 * holding its item has been written, so an acknowledgement still means "stored".
 *
 * @module
 */

import { setImmediate } from "node:timers";

/** How a {@link GroupCommit} writes. */
export interface GroupCommitOptions<T, R> {
  /** Writes `items` together, all or none; resolves with one result per item, in order. */
  readonly write: (items: readonly T[]) => Promise<readonly R[]>;
  /** Most items in one batch (bounds the size of one statement). */
  readonly maxBatch: number;
  /**
   * Whether a failed batch may be caused by one of its items (bad data) rather than by the
   * store (an outage, a lock timeout). Such a batch is written again one item at a time, so
   * one bad item fails alone; any other failure fails the whole batch at once, without
   * hammering a store that is already failing.
   */
  readonly itemMayBeAtFault: (error: unknown) => boolean;
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/** Batches submissions into writes; see the module documentation. */
export class GroupCommit<T, R> {
  readonly #options: GroupCommitOptions<T, R>;
  #queue: Pending<T, R>[] = [];
  #writing = false;

  constructor(options: GroupCommitOptions<T, R>) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    }
    this.#options = options;
  }

  /** Resolves with `item`'s result once the batch holding it is written; rejects if that fails. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        await this.#writeBatch(this.#queue.splice(0, this.#options.maxBatch));
      }
    } finally {
      this.#writing = false;
    }
  }

  /** Writes `batch` and settles every promise in it; never throws. */
  async #writeBatch(batch: readonly Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.#options.write(batch.map((p) => p.item));
      if (results.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} items was written with ${results.length} results`);
      }
      batch.forEach((pending, i) => pending.resolve(results[i] as R));
    } catch (error) {
      if (batch.length > 1 && this.#options.itemMayBeAtFault(error)) {
        for (const pending of batch) await this.#writeBatch([pending]);
      } else {
        for (const pending of batch) pending.reject(error);
      }
    }
  }
}
