/**
 * Batches: each item succeeds or fails on its own. An item's expected refusal (a problem
 * type) is reported in place; an internal fault still fails the whole request, as it must
 * not be hidden inside a 200.
 *
 * @module
 */

import { domainProblem } from "./domain-problems.ts";

/** One item's outcome. */
export type ItemResult<T> =
  | ({ ok: true } & T)
  | { ok: false; problem: { type: string; title: string; status: number; detail: string } };

/** Runs `run` for every item in order and collects per-item results. */
export async function eachItem<I, T extends object>(
  items: readonly I[],
  run: (item: I) => Promise<T>,
): Promise<ItemResult<T>[]> {
  const results: ItemResult<T>[] = [];
  for (const item of items) {
    try {
      results.push({ ok: true, ...(await run(item)) });
    } catch (error) {
      const refused = domainProblem(error);
      if (refused === undefined) throw error;
      const { type, title, status, detail } = refused;
      results.push({ ok: false, problem: { type, title, status, detail } });
    }
  }
  return results;
}
