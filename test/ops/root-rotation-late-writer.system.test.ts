// Root rotation with a late writer: a replica wrapped a new key under the old root just before
// the rotation made a new one, and commits it while the rotation runs. The rotation's settle
// wait and second sweep re-wrap it before the old root is destroyed, so the key keeps working;
// a writer slower than the settle time would lose its key, which is the documented bound.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { throwsStatus } from "../support/pq.ts";
import { type Keystore, loadPqgate } from "../../ffi/mod.ts";
import type { Database } from "../../src/db/client.ts";
import { createKey } from "../../src/db/keys.ts";
import type { KeyBindings } from "../../src/services/keys/key-binding.ts";
import { rotateRootKey } from "../../src/services/keys/root-rotation.ts";
import { testApp } from "../routes/support.ts";

const pq = loadPqgate();

/** A key wrapped (and bound) under the keystore's current root now, stored only when `commit` runs. */
function wrappedElsewhere(db: Database, keystore: Keystore, bindings: KeyBindings, name: string) {
  const binding = { keyId: crypto.randomUUID(), version: 1, owner: "" };
  using key = pq.generateKey("ML-KEM-768");
  const envelope = keystore.wrap(key, binding);
  const row = { id: binding.keyId, owner: "", name, algorithm: "ML-KEM-768", protection: "software" };
  const version = {
    publicKey: key.publicKey(),
    envelope,
    nativeReference: null,
    rootId: pq.envelopeRootId(envelope),
    hybridScheme: null,
  };
  const bindingMac = bindings.mac({ ...row, namespace: "user" }, { version: 1, ...version });
  return {
    binding,
    envelope,
    commit: async () =>
      createKey(db, { ...row, autoRotateSeconds: null, deletionAllowed: false }, {
        ...version,
        bindingMac: await bindingMac,
      }),
  };
}

test("a key committed under the old root during a rotation is re-wrapped before the root is destroyed", async () => {
  await using t = await testApp();
  assert.equal((await t.call("POST", "/v1/keys", { name: "early", algorithm: "X-Wing" })).status, 201);
  const late = wrappedElsewhere(t.db, t.keystore, t.keys.bindings, "late");
  const rotation = rotateRootKey(t.db, pq, t.keystore, { settleMs: 500 });
  await new Promise((r) => setTimeout(r, 100));
  await late.commit();
  const report = await rotation;
  assert.deepEqual([report.rewrapped, report.failed, report.retired], [2, 0, 1]);
  // The late key decapsulates: a data key made for it unwraps again.
  const made = await t.call("POST", "/v1/keys/late/data-key", {});
  assert.equal(made.status, 200, await made.clone().text());
  const { plaintext, wrapped } = await made.json();
  const unwrapped = await t.call("POST", "/v1/keys/late/data-key/unwrap", { wrapped });
  assert.equal(unwrapped.status, 200, await unwrapped.clone().text());
  assert.equal((await unwrapped.json()).plaintext, plaintext);
  assert.deepEqual(t.faults, []);

  // A writer slower than the settle time: its envelope names a root that no longer exists.
  const tooLate = wrappedElsewhere(t.db, t.keystore, t.keys.bindings, "too-late");
  await rotateRootKey(t.db, pq, t.keystore, { settleMs: 0 });
  await tooLate.commit();
  throwsStatus(() => t.keystore.unwrap("ML-KEM-768", tooLate.envelope, tooLate.binding), "ROOT_KEY_NOT_FOUND");
}, { timeoutMs: 60_000 });
