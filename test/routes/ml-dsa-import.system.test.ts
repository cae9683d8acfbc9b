// BYOK over HTTP: `POST /v1/keys/import` with a crafted expanded ML-DSA key (an out-of-range
// s1 or s2 coefficient, or a tr that is not H(pk)) is a 422 problem with code INVALID_KEY and
// stores nothing; the genuine `sk ‖ pk` imports and its signatures verify under pk.

import { Buffer } from "node:buffer";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { expectProblem, testApp } from "./support.ts";
import { flippedTr, ML_DSA, outOfRange, vectorKeyPairs, withPublic } from "../support/ml-dsa-keys.ts";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

test("POST /v1/keys/import refuses crafted expanded ML-DSA keys with INVALID_KEY", async () => {
  await using t = await testApp({ allowPlaintextImport: true });
  const pairs = vectorKeyPairs();
  for (const alg of ML_DSA) {
    const pair = pairs.get(alg);
    assert.ok(pair !== undefined, alg);
    const { sk, pk } = pair;
    const crafted = {
      "s1-alone": outOfRange(alg, sk, "s1"),
      s1: withPublic(outOfRange(alg, sk, "s1"), pk),
      s2: withPublic(outOfRange(alg, sk, "s2"), pk),
      tr: withPublic(flippedTr(sk), pk),
    };
    for (const [what, privateKey] of Object.entries(crafted)) {
      const name = `byok-${alg.toLowerCase()}-${what}`;
      const res = await t.call("POST", "/v1/keys/import", { name, algorithm: alg, privateKey: b64(privateKey) });
      const problem = await expectProblem(res, 422, "invalid-crypto-input");
      assert.equal(problem.code, "INVALID_KEY", `${alg} ${what}`);
      assert.equal((await t.call("GET", `/v1/keys/${name}`)).status, 404, "nothing was stored");
    }
    const name = `byok-${alg.toLowerCase()}`;
    const created = await t.call("POST", "/v1/keys/import", {
      name,
      algorithm: alg,
      privateKey: b64(withPublic(sk, pk)),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const message = b64(new TextEncoder().encode("imported"));
    const signed = await t.call("POST", `/v1/keys/${name}/sign`, { message });
    assert.equal(signed.status, 200);
    const { signature } = (await signed.json()) as { signature: string };
    const verdict = await t.call("POST", `/v1/keys/${name}/verify`, { message, signature });
    assert.deepEqual(await verdict.json(), { valid: true, version: 1 });
  }
  assert.deepEqual(t.faults, []);
}, { timeoutMs: 60_000 });
