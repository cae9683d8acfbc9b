/**
 * GroupCommit on its own: batching while a write is in flight, order, the batch bound, and
 * how failures spread (one bad item alone, a store failure to the whole batch).
 *
 * @module
 */

import { GroupCommit } from "../../src/services/audit/group-commit.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";

class ItemError extends Error {}
class StoreError extends Error {}

/** A store whose writes finish when the test says so, recording each batch it was given. */
function manualStore(fail: (items: readonly number[]) => Error | undefined = () => undefined) {
  const batches: number[][] = [];
  const waiting: (() => void)[] = [];
  const commit = new GroupCommit<number, string>({
    write: async (items) => {
      batches.push([...items]);
      await new Promise<void>((resolve) => waiting.push(resolve));
      const error = fail(items);
      if (error !== undefined) throw error;
      return items.map((i) => `stored ${i}`);
    },
    maxBatch: 3,
    itemMayBeAtFault: (error) => error instanceof ItemError,
  });
  /** Lets the write in flight finish, then lets the queue move on. */
  const finishOne = async () => {
    for (let i = 0; i < 10 && waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 0));
    waiting.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { commit, batches, finishOne };
}

/** Lets timers and I/O run once: the write a submission schedules starts. */
const turn = () => new Promise((r) => setTimeout(r, 0));

test("the first item is written alone; items arriving meanwhile go together, in order, at most maxBatch", async () => {
  const { commit, batches, finishOne } = manualStore();
  const results = [commit.submit(1)];
  await turn(); // item 1's write is in flight
  for (let i = 2; i <= 6; i++) results.push(commit.submit(i));
  for (let i = 0; i < 3; i++) await finishOne();
  assert.deepEqual(await Promise.all(results), [1, 2, 3, 4, 5, 6].map((i) => `stored ${i}`));
  assert.deepEqual(batches, [[1], [2, 3, 4], [5, 6]]);
  // Quiet again: the next item does not wait for company.
  const later = commit.submit(7);
  await finishOne();
  assert.equal(await later, "stored 7");
  assert.deepEqual(batches.at(-1), [7]);
});

test("items submitted in one turn of the event loop go together: the write starts on the next turn", async () => {
  // PGlite answers queries without yielding to I/O, so requests handled in one turn reach the
  // audit trail together; writing the first at once would make every batch one row.
  const { commit, batches, finishOne } = manualStore();
  const results = [1, 2, 3, 4, 5, 6].map((i) => commit.submit(i));
  assert.deepEqual(batches, [], "nothing is written before the turn ends");
  for (let i = 0; i < 2; i++) await finishOne();
  assert.deepEqual(await Promise.all(results), [1, 2, 3, 4, 5, 6].map((i) => `stored ${i}`));
  assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6]]);
});

test("a batch failing because of one item is written again item by item: only that item fails", async () => {
  const { commit, batches, finishOne } = manualStore((items) => items.includes(3) ? new ItemError("bad 3") : undefined);
  const results = [1, 2, 3, 4].map((i) => commit.submit(i).then((r) => r, (e: Error) => e.message));
  for (let i = 0; i < 5; i++) await finishOne();
  assert.deepEqual(await Promise.all(results), ["stored 1", "stored 2", "bad 3", "stored 4"]);
  assert.deepEqual(batches, [[1, 2, 3], [1], [2], [3], [4]]);
});

test("a store failure fails the whole batch at once, and the next batch is tried afresh", async () => {
  let down = true;
  const { commit, batches, finishOne } = manualStore(() => down ? new StoreError("store down") : undefined);
  const first = [commit.submit(1).then((r) => r, (e: Error) => e.message)];
  await turn();
  first.push(...[2, 3].map((i) => commit.submit(i).then((r) => r, (e: Error) => e.message)));
  await finishOne();
  down = false;
  await finishOne();
  assert.deepEqual(await Promise.all(first), ["store down", "stored 2", "stored 3"]);
  down = true;
  const failed = [4, 5].map((i) => commit.submit(i).then((r) => r, (e: Error) => e.message));
  await finishOne();
  assert.deepEqual(await Promise.all(failed), ["store down", "store down"]);
  assert.deepEqual(batches, [[1], [2, 3], [4, 5]], "one write for the failing batch, not one per item");
});

test("a write returning the wrong number of results fails its batch; a bad maxBatch is refused", async () => {
  const commit = new GroupCommit<number, number>({
    write: (items) => Promise.resolve(items.slice(1)),
    maxBatch: 8,
    itemMayBeAtFault: () => false,
  });
  await assert.rejects(commit.submit(1), /a batch of 1 items was written with 0 results/);
  for (const maxBatch of [0, 1.5, Number.NaN]) {
    assert.throws(
      () => new GroupCommit({ write: () => Promise.resolve([]), maxBatch, itemMayBeAtFault: () => false }),
      RangeError,
    );
  }
});
