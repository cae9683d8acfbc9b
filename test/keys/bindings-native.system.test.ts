// Attack replays on device references (issue 16, item 9) against the real HTTP API with a
// SoftHSM2 token: key B's row given key A's PKCS#11 reference. Before the binding MAC, B's
// token signed with A's device key and purging B destroyed A's device key. Now B's requests
// get `key-integrity-failed`, and B's purge leaves A's device key in the token.

import { eq, sql } from "drizzle-orm";
import { loadPqgate } from "../../ffi/mod.ts";
import { keys, keyVersions } from "../../src/db/schema/index.ts";
import { KeyBindings } from "../../src/services/keys/key-binding.ts";
import { systemClock } from "../../src/common/clock.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import assert from "../support/assert.ts";
import { test } from "../support/harness.ts";
import { SOFTHSM_MODULE, softHsmToken, USER_PIN } from "../support/devices.ts";
import { throwsStatus } from "../support/pq.ts";
import { expectProblem, type TestApp, testApp } from "../routes/support.ts";

const SLOW = { timeoutMs: 120_000 };
const pq = loadPqgate();
const message = toBase64Url(new TextEncoder().encode("pay 100 to mallory"));

async function createNative(t: TestApp, name: string): Promise<void> {
  const res = await t.call("POST", "/v1/keys", { name, algorithm: "Ed25519", native: true, deletionAllowed: true });
  assert.equal(res.status, 201, await res.clone().text());
}

async function row(t: TestApp, name: string) {
  const [key] = await t.db.select().from(keys).where(eq(keys.name, name));
  assert.ok(key !== undefined);
  const [version] = await t.db.select().from(keyVersions).where(eq(keyVersions.keyId, key.id));
  assert.ok(version !== undefined && version.nativeReference !== null);
  return { key, version, reference: version.nativeReference };
}

async function refused(res: Response, name: string): Promise<void> {
  const body = await expectProblem(res, 409, "key-integrity-failed");
  assert.match(String(body.detail), new RegExp(`version 1 of key ${name} `));
}

test("attack: another key's device reference is refused, and purging the key leaves that device key", async () => {
  using token = softHsmToken();
  await using t = await testApp({
    keystore: { backend: "pkcs11", module: SOFTHSM_MODULE, tokenLabel: token.label, pin: USER_PIN },
  });
  await createNative(t, "victim");
  await createNative(t, "attacker");
  await createNative(t, "clean");
  const victim = await row(t, "victim");
  const attacker = await row(t, "attacker");
  const clean = await row(t, "clean");

  // The reference alone, then with the victim's public key too: B never signs with A's key.
  await t.db.update(keyVersions).set({ nativeReference: victim.reference })
    .where(eq(keyVersions.keyId, attacker.key.id));
  await refused(await t.call("POST", "/v1/keys/attacker/sign", { message }), "attacker");
  await t.db.update(keyVersions).set({ publicKey: victim.version.publicKey })
    .where(eq(keyVersions.keyId, attacker.key.id));
  await refused(await t.call("POST", "/v1/keys/attacker/sign", { message }), "attacker");
  await refused(await t.call("GET", "/v1/keys/attacker"), "attacker");
  await refused(await t.call("POST", "/v1/keys/attacker/deletion", {}), "attacker");

  // The attacker's and a clean key's deletion fall due (as if scheduled before the tampering).
  await t.db.update(keys).set({ deletionAfter: sql`now() - interval '1 second'` })
    .where(sql`${keys.name} in ('attacker', 'clean')`);
  const report = await t.keys.purgeDue();
  assert.equal(report.deleted, 2);
  assert.deepStrictEqual(report.deviceKeysKept, [{ keyId: attacker.key.id, version: 1 }]);

  // The victim's device key is still in the token and still signs for the victim.
  using still = t.keystore.loadNativeKey("Ed25519", victim.reference);
  assert.deepStrictEqual(still.publicKey(), victim.version.publicKey);
  const signed = await t.call("POST", "/v1/keys/victim/sign", { message });
  assert.equal(signed.status, 200);
  const { signature } = await signed.json() as { signature: string };
  const verified = await t.call("POST", "/v1/keys/victim/verify", { message, signature });
  assert.equal((await verified.json() as { valid: boolean }).valid, true);
  // The clean key's device key was destroyed as before.
  throwsStatus(() => t.keystore.loadNativeKey("Ed25519", clean.reference), "INVALID_KEY");
  assert.deepStrictEqual(t.faults, []);
}, SLOW);

test(
  "upgrade: a legacy native row is bound by its device key; one holding another key's reference is not",
  async () => {
    using token = softHsmToken();
    await using t = await testApp({
      keystore: { backend: "pkcs11", module: SOFTHSM_MODULE, tokenLabel: token.label, pin: USER_PIN },
    });
    await createNative(t, "a");
    await createNative(t, "b");
    const a = await row(t, "a");
    const b = await row(t, "b");
    // The previous release's database, with b's reference replaced by a's before the upgrade.
    await t.db.execute(sql`alter table key_binding_key disable trigger key_binding_key_no_delete`);
    await t.db.execute(sql`delete from key_binding_key`);
    await t.db.update(keyVersions).set({ bindingMac: null });
    await t.db.update(keyVersions).set({ nativeReference: a.reference }).where(eq(keyVersions.keyId, b.key.id));

    const bindings = new KeyBindings({ db: t.db, pq, keystore: t.keystore, clock: systemClock });
    await bindings.ensure();
    assert.deepStrictEqual(bindings.upgrade?.refused, [{ keyId: b.key.id, version: 1 }]);
    assert.equal(bindings.upgrade?.bound, 1);
    const [bound] = await t.db.select().from(keyVersions).where(eq(keyVersions.keyId, a.key.id));
    assert.ok(bound?.bindingMac !== null);
  },
  SLOW,
);
