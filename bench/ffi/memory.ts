// Resident memory over many create/use/free cycles through the binding (ML-KEM-768 key
// generated, encapsulated to, freed): a leak in the handle table, the binding's buffers or
// the FinalizationRegistry shows as growth between the first and the last sample.

import process from "node:process";
import type { Pqgate } from "../../ffi/mod.ts";

export interface MemoryRun {
  readonly cycles: number;
  /** RSS in MiB after each tenth of the cycles (the first after the warm-up tenth). */
  readonly rssMiB: number[];
  /** Last sample minus first, MiB. */
  readonly growthMiB: number;
  /** Live handles at the end (0 = every key freed). */
  readonly liveHandles: number;
}

const rssMiB = (): number => process.memoryUsage().rss / (1 << 20);

export function memoryCycles(pq: Pqgate, cycles: number): MemoryRun {
  const before = pq.liveHandleCount();
  const tenth = Math.max(1, Math.floor(cycles / 10));
  const samples: number[] = [];
  for (let i = 1; i <= cycles; i++) {
    using key = pq.generateKey("ML-KEM-768");
    key.encapsulate();
    if (i % tenth === 0) samples.push(rssMiB());
  }
  const rss = samples.length > 0 ? samples : [rssMiB()];
  const growthMiB = (rss.at(-1) ?? 0) - (rss[0] ?? 0);
  return { cycles, rssMiB: rss, growthMiB, liveHandles: pq.liveHandleCount() - before };
}
