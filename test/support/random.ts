/**
 * Seeded randomness for tests that must be replayable: the seed comes from `PQGATE_TEST_SEED`
 * or the clock, and the test prints it when it fails.
 *
 * @module
 */

import process from "node:process";

/** mulberry32: small, fast, and good enough to pick operations and delays. */
export class SeededRandom {
  readonly seed: number;
  #state: number;

  constructor(seed = Number(process.env.PQGATE_TEST_SEED ?? Date.now() % 2 ** 31)) {
    this.seed = seed;
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** `n` bytes (device seeds the test can replay). */
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(0, 255));
  }
}
