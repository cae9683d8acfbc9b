// Signing off the event loop through the HTTP API (PQGATE_NATIVE_THREADS): concurrent ML-DSA
// signatures verify, batch items too, and a rotation while signatures are in flight (the cache
// drops and frees the old version's key) fails none of them: each verifies under the version it
// names.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { testApp } from "../routes/support.ts";

const message = (i: number) => toBase64Url(new TextEncoder().encode(`message ${i}`));

test("ML-DSA-65 signatures made off the event loop verify, through a rotation in flight", async () => {
  await using t = await testApp({ nativeThreads: 2 });
  assert.equal((await t.call("POST", "/v1/keys", { name: "off", algorithm: "ML-DSA-65" })).status, 201);
  const sign = (i: number) => t.call("POST", "/v1/keys/off/sign", { message: message(i) });
  const first = Array.from({ length: 24 }, (_, i) => sign(i));
  assert.equal((await t.call("POST", "/v1/keys/off/rotate")).status, 200);
  const second = Array.from({ length: 24 }, (_, i) => sign(24 + i));
  const answers = await Promise.all([...first, ...second]);
  const versions = new Set<number>();
  for (const [i, res] of answers.entries()) {
    const body = await res.json() as { signature: string; version: number };
    assert.equal(res.status, 200, JSON.stringify(body));
    versions.add(body.version);
    const verdict = await t.call("POST", "/v1/keys/off/verify", {
      message: message(i),
      signature: body.signature,
      version: body.version,
    });
    assert.deepEqual(await verdict.json(), { valid: true, version: body.version });
  }
  assert.ok([...versions].every((v) => v === 1 || v === 2), [...versions].join());
  assert.ok(versions.has(2), "signatures after the rotation use version 2");
}, { timeoutMs: 60_000 });

test("a sign batch made off the event loop answers every item, and verifies", async () => {
  await using t = await testApp({ nativeThreads: 2 });
  assert.equal((await t.call("POST", "/v1/keys", { name: "batch", algorithm: "ML-DSA-44" })).status, 201);
  const items = Array.from({ length: 20 }, (_, i) => ({ message: message(i) }));
  const res = await t.call("POST", "/v1/keys/batch/sign-batch", { items });
  const { results } = await res.json() as { results: { ok: boolean; signature: string; version: number }[] };
  assert.equal(results.length, 20);
  const verify = await t.call("POST", "/v1/keys/batch/verify-batch", {
    items: results.map((r, i) => ({ message: message(i), signature: r.signature, version: r.version })),
  });
  const verdicts = await verify.json() as { results: { ok: boolean; valid: boolean }[] };
  assert.deepEqual(verdicts.results.map((v) => v.ok && v.valid), results.map(() => true));
}, { timeoutMs: 60_000 });
