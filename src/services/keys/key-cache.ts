/**
 * Private-key handles opened from envelopes (or device references), kept for reuse: a TPM
 * unwrap costs milliseconds, a handle call microseconds. Least recently used handles are
 * disposed (their key zeroized in Rust) beyond the capacity.
 *
 * Disposal of an evicted or forgotten handle waits for the next macrotask: a request that got
 * the handle and resumes after an `await` (a microtask) may still be about to use it, while
 * another request's continuation evicts it. Callers use a handle without awaiting in between.
 *
 * @module
 */

import type { PqKey } from "../../../ffi/mod.ts";

/** A bounded LRU of open key handles, keyed by `keyId:version`. */
export class KeyCache implements Disposable {
  readonly #capacity: number;
  readonly #entries = new Map<string, PqKey>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The cached key for `id`, if any (marked most recently used). */
  peek(id: string): PqKey | undefined {
    const hit = this.#entries.get(id);
    if (hit === undefined || hit.disposed) return undefined;
    this.#entries.delete(id); // re-insert: Map order is the recency order
    this.#entries.set(id, hit);
    return hit;
  }

  /** The cached key for `id`, or the one `open` makes (then cached). */
  get<K extends PqKey>(id: string, open: () => K): K {
    const hit = this.peek(id);
    if (hit !== undefined) return hit as K;
    const key = open();
    this.#entries.set(id, key);
    while (this.#entries.size > this.#capacity) {
      const [oldest, evicted] = this.#entries.entries().next().value as [string, PqKey];
      this.#entries.delete(oldest);
      disposeLater(evicted);
    }
    return key;
  }

  /** Drops every cached version of `keyId` (rotation settings changed, key deleted). */
  forget(keyId: string): void {
    for (const [id, key] of this.#entries) {
      if (id.startsWith(`${keyId}:`)) {
        this.#entries.delete(id);
        disposeLater(key);
      }
    }
  }

  /** Drops every cached handle (the database's keys were truncated). */
  forgetAll(): void {
    for (const key of this.#entries.values()) disposeLater(key);
    this.#entries.clear();
  }

  /** Number of open handles. */
  get size(): number {
    return this.#entries.size;
  }

  [Symbol.dispose](): void {
    for (const key of this.#entries.values()) key[Symbol.dispose]();
    this.#entries.clear();
  }
}

/** Disposes `key` once the current task's microtasks (pending continuations) have run. */
function disposeLater(key: PqKey): void {
  setTimeout(() => key[Symbol.dispose](), 0);
}
