// The X-Wing draft's test vectors (draft-connolly-cfrg-xwing-kem, spec/test-vectors.json)
// through the TypeScript binding: key from seed, deterministic encapsulation with eseed,
// decapsulation.

import { test } from "../../support/harness.ts";
import assert from "../../support/assert.ts";
import { loadPqgate } from "../../../ffi/mod.ts";
import { assertBytes, hexField, readJson, suiteFolder, Tally } from "./vectors.ts";

const pq = loadPqgate();
const TOTAL = 3;

interface XWingVector {
  seed: string;
  sk: string;
  pk: string;
  eseed: string;
  ct: string;
  ss: string;
}

test("X-Wing draft vectors: keyFromSeed, deterministic encapsulation, decapsulation", () => {
  const folder = suiteFolder("X-Wing", "xwing");
  if (folder === undefined) return;
  const tally = new Tally("X-Wing");
  const vectors = readJson<XWingVector[]>(folder, "test-vectors.json");
  vectors.forEach((v, i) => {
    const t = { ...v, tcId: i + 1 };
    const label = `X-Wing vector ${t.tcId}`;
    using sk = pq.keyFromSeed("X-Wing", hexField(t, "seed"));
    assertBytes(sk.publicKey(), hexField(t, "pk"), `${label} pk`);
    using pk = pq.importPublicKey("X-Wing", hexField(t, "pk"));
    const { ciphertext, sharedSecret } = pk.encapsulateDeterministic(hexField(t, "eseed"));
    assertBytes(ciphertext, hexField(t, "ct"), `${label} ct`);
    assertBytes(sharedSecret, hexField(t, "ss"), `${label} ss`);
    assertBytes(sk.decapsulate(hexField(t, "ct")), hexField(t, "ss"), `${label} decapsulate`);
    // The draft's sk is the seed itself: importing it gives the same key.
    using imported = pq.importPrivateKey("X-Wing", hexField(t, "sk"));
    assertBytes(imported.decapsulate(ciphertext), sharedSecret, `${label} imported sk`);
    tally.ran++;
  });
  tally.report();
  assert.equal(tally.ran, TOTAL);
});
