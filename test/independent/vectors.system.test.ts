// The independent implementation (noble only, written from docs/sync-protocol.md) regenerates
// exactly the committed vectors, and reads back its own objects: a change to the document's
// formulas that is not carried into the vectors (or the reverse) fails here.

import { readFileSync } from "node:fs";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import * as p from "./protocol.ts";
import { makeVectors, vectorText } from "./vectors.ts";

// Pure JavaScript ML-DSA and Argon2id: seconds, hence the system tier.
const SLOW = { timeoutMs: 120_000 };
let made: ReturnType<typeof makeVectors> | undefined;
const vectors = () => made ??= makeVectors();

test("the committed test/vectors/sync files are what the document's formulas give", () => {
  for (const [file, content] of Object.entries(vectors())) {
    const committed = readFileSync(new URL(`../vectors/sync/${file}`, import.meta.url), "utf8");
    assert.equal(committed, vectorText(content), `${file}: regenerate with deno run -A test/independent/vectors.ts`);
  }
}, SLOW);

test("the independent implementation opens, verifies and combines its own vectors", () => {
  const v = vectors();
  // deno-lint-ignore no-explicit-any
  const boxes = (v["sealed-boxes.json"] as any).boxes;
  for (const b of boxes) {
    assert.equal(p.hex(p.open(p.unhex(b.recipientSeed), p.unhex(b.aad), p.unhex(b.sealed))), b.plaintext);
  }
  // deno-lint-ignore no-explicit-any
  for (const s of (v["statements.json"] as any).statements) {
    const ok = p.hybridVerify(
      s.signerScheme,
      p.unhex(s.signerPublicKey),
      p.unhex(s.message),
      p.unhex(s.signature),
      p.utf8(s.context),
    );
    assert.ok(ok, s.kind);
  }
  // deno-lint-ignore no-explicit-any
  for (const s of (v["shamir.json"] as any).splits) {
    const shares = s.shares.map(p.unhex);
    assert.equal(p.hex(p.shamirCombine(shares.slice(-s.threshold))), s.secret);
  }
  // deno-lint-ignore no-explicit-any
  for (const b of (v["backups.json"] as any).backups) {
    assert.equal(p.hex(p.openBackupBlob(p.unhex(b.backupKey), b.accountId, p.unhex(b.blob))), b.bundle);
  }
}, SLOW);
