// Root rotation with a late writer: a replica wrapped a new key under the old root just before
// the rotation made a new one, and commits it while the rotation runs. The rotation's settle
// wait and second sweep re-wrap it before the old root is destroyed, so the key keeps working;
// a writer slower than the settle time would lose its key, which is the documented bound.

import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { KemPrivateKey, KemPublicKey, type Keystore, loadPqgate, PqError } from "../../ffi/mod.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { createKey } from "../../src/db/keys.ts";
import { composeServices } from "../../src/services/compose.ts";
import { rotateRootKey } from "../../src/services/keys/root-rotation.ts";
import { systemClock } from "../../src/services/readiness.ts";

const pq = loadPqgate();

/** A key wrapped under the keystore's current root now, stored only when `commit` runs. */
function wrappedElsewhere(db: Database, keystore: Keystore, name: string) {
  const id = crypto.randomUUID();
  using key = pq.generateKey("ML-KEM-768");
  const envelope = keystore.wrap(key, { keyId: id, version: 1, owner: "" });
  const publicKey = key.publicKey();
  const row = { id, owner: "", name, algorithm: "ML-KEM-768", protection: "software" };
  return {
    publicKey,
    commit: () =>
      createKey(db, { ...row, autoRotateSeconds: null, deletionAllowed: false }, {
        publicKey,
        envelope,
        nativeReference: null,
        rootId: pq.envelopeRootId(envelope),
      }),
  };
}

test("a key committed under the old root during a rotation is re-wrapped before the root is destroyed", async () => {
  using dir = tempDir();
  const database = await openDatabase({ dataDir: "memory://" });
  const keystore = pq.openKeystore({ backend: "software", dir: join(dir.path, "keystore") });
  const services = composeServices({
    db: database.db,
    pq,
    keystore,
    clock: systemClock,
    rate: { perSecond: 100, burst: 100 },
    keyCacheCapacity: 8,
  });
  try {
    await services.keys.create({ owner: "", name: "early", algorithm: "X-Wing" });
    const late = wrappedElsewhere(database.db, keystore, "late");
    const rotation = rotateRootKey(database.db, pq, keystore, { settleMs: 500 });
    await new Promise((r) => setTimeout(r, 100));
    await late.commit();
    const report = await rotation;
    assert.deepEqual([report.rewrapped, report.failed, report.retired], [2, 0, 1]);
    const { key } = await services.keys.privateKey("", "late", "kem");
    using recipient = pq.importPublicKey("ML-KEM-768", late.publicKey);
    assert.ok(recipient instanceof KemPublicKey && key instanceof KemPrivateKey);
    const { ciphertext, sharedSecret } = recipient.encapsulate();
    assert.deepEqual(key.decapsulate(ciphertext), sharedSecret);

    // A writer slower than the settle time: its envelope names a root that no longer exists.
    const tooLate = wrappedElsewhere(database.db, keystore, "too-late");
    await rotateRootKey(database.db, pq, keystore, { settleMs: 0 });
    await tooLate.commit();
    await assert.rejects(
      services.keys.privateKey("", "too-late", "kem"),
      (e: unknown) => e instanceof PqError && e.status === "ROOT_KEY_NOT_FOUND",
    );
  } finally {
    services[Symbol.dispose]();
    keystore[Symbol.dispose]();
    await database.close();
  }
}, { timeoutMs: 60_000 });
