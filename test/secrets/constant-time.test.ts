// The constant-time comparisons of tokens and tags (src/services/constant-time.ts) give the
// right answers for every kind of mismatch: a flipped byte anywhere, a prefix, an extension,
// another length. (Their timing rests on node:crypto's native timingSafeEqual; a wall-clock
// test of it would be noise on a shared machine.)

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { constantTimeEqual, secretsEqual } from "../../src/services/constant-time.ts";
import { flip } from "../support/pq.ts";

const tag = crypto.getRandomValues(new Uint8Array(32));

test("constantTimeEqual: equal tags match; a flipped bit at any position or another length does not", () => {
  assert.equal(constantTimeEqual(tag, tag.slice()), true);
  assert.equal(constantTimeEqual(new Uint8Array(0), new Uint8Array(0)), true);
  for (let i = 0; i < tag.length; i++) {
    for (const bit of [0x01, 0x80]) assert.equal(constantTimeEqual(tag, flip(tag, i, bit)), false, `byte ${i}`);
  }
  assert.equal(constantTimeEqual(tag, tag.subarray(0, 31)), false);
  assert.equal(constantTimeEqual(tag.subarray(0, 31), tag), false);
});

test("secretsEqual: the presented secret must equal the expected one exactly, whatever the lengths", () => {
  const expected = new TextEncoder().encode("scrape-secret-4b1d");
  assert.equal(secretsEqual(new TextEncoder().encode("scrape-secret-4b1d"), expected), true);
  for (
    const presented of ["scrape-secret-4b1e", "scrape-secret-4b1", "scrape-secret-4b1d ", "", "Scrape-secret-4b1d"]
  ) {
    assert.equal(secretsEqual(new TextEncoder().encode(presented), expected), false, presented);
  }
  for (let i = 0; i < tag.length; i++) assert.equal(secretsEqual(flip(tag, i), tag), false, `byte ${i}`);
  assert.equal(secretsEqual(tag, tag.slice()), true);
});
