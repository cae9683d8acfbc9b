// The PKCS#11 keystore against a real SoftHSM2 token: keys survive a restart of the
// process, the root key is inspected with pkcs11-tool (sensitive, never extractable, and
// unreadable), wrong credentials and configuration are refused with their own status.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { pkcs11Tool, SOFTHSM_MODULE, softHsmToken, USER_PIN } from "../support/devices.ts";
import { flip, tempDir, throwsStatus } from "../support/pq.ts";
import { type KeystoreConfig, loadPqgate, type NativeAlgorithm } from "../../ffi/mod.ts";
import { restartScenario } from "./restart-scenario.ts";

const pq = loadPqgate();
const binding = { keyId: "hsm-key", version: 1, owner: "tenant-a" };
const SLOW = { timeoutMs: 60_000 };
/** WebCrypto's names for the native algorithms: an independent verifier. */
const WEBCRYPTO: [NativeAlgorithm, { key: EcKeyImportParams | Algorithm; sign: EcdsaParams | Algorithm }][] = [
  ["ECDSA-P256", { key: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } }],
  ["Ed25519", { key: { name: "Ed25519" }, sign: { name: "Ed25519" } }],
];
const config = (label: string, pin = USER_PIN): KeystoreConfig => ({
  backend: "pkcs11",
  module: SOFTHSM_MODULE,
  tokenLabel: label,
  pin,
});

test("keys of every algorithm survive a restart of the process", async () => {
  using token = softHsmToken();
  using dir = tempDir();
  await restartScenario(pq, dir.path, config(token.label), async () => {}, { native: ["ECDSA-P256", "Ed25519"] });
}, SLOW);

test("the root key is sensitive and never extractable, and cannot be read out of the token", () => {
  using token = softHsmToken();
  {
    using store = pq.openKeystore(config(token.label));
    assert.equal(store.backend, "pkcs11");
    assert.equal(store.protection, "hardware-wrapped");
    using key = pq.generateKey("X-Wing");
    const envelope = store.wrap(key, binding);
    throwsStatus(() => store.unwrap("X-Wing", flip(envelope, 45), binding), "UNWRAP_FAILED");
    throwsStatus(() => store.unwrap("X-Wing", flip(envelope, -1), binding), "UNWRAP_FAILED");
    throwsStatus(() => store.unwrap("X-Wing", envelope, { ...binding, keyId: "moved" }), "UNWRAP_FAILED");
    using back = store.unwrap("X-Wing", envelope, binding);
    assert.deepEqual(back.publicKey(), key.publicKey());
  }
  const listed = pkcs11Tool(token.label, ["--list-objects", "--type", "secrkey"]);
  assert.ok(listed.ok, listed.output);
  assert.match(listed.output, /pqgate-root\/0000000001\//);
  assert.match(listed.output, /Access:.*sensitive/);
  assert.match(listed.output, /never extractable/);
  assert.doesNotMatch(listed.output, /Access:[^\n]*(?<!never )extractable/);
  const read = pkcs11Tool(token.label, ["--read-object", "--type", "secrkey", "--label", "pqgate-root"]);
  assert.equal(read.ok, false, "the root key value must not be readable");
});

test("a wrong PIN, an unknown token and a missing module are refused with their own status", () => {
  using token = softHsmToken();
  throwsStatus(() => pq.openKeystore(config(token.label, "9999")), "KEYSTORE_AUTH_FAILED");
  throwsStatus(() => pq.openKeystore(config("no-such-token")), "KEYSTORE_CONFIG");
  throwsStatus(
    () =>
      pq.openKeystore({
        backend: "pkcs11",
        module: "/nonexistent/libpkcs11.so",
        tokenLabel: token.label,
        pin: USER_PIN,
      }),
    "KEYSTORE_CONFIG",
  );
  using store = pq.openKeystore(config(token.label));
  store.ping();
});

test("a removed token gives KEYSTORE_UNAVAILABLE; the same keystore works again when it is back", () => {
  using token = softHsmToken();
  using store = pq.openKeystore(config(token.label));
  using key = pq.generateKey("ML-DSA-44");
  const envelope = store.wrap(key, binding);
  {
    using _unplugged = token.unplug();
    throwsStatus(() => store.unwrap("ML-DSA-44", envelope, binding), "KEYSTORE_UNAVAILABLE");
    throwsStatus(() => store.wrap(key, binding), "KEYSTORE_UNAVAILABLE");
  }
  using back = store.unwrap("ML-DSA-44", envelope, binding);
  assert.deepEqual(back.publicKey(), key.publicKey());
  store.ping();
});

// SoftHSM answers searches on a removed token with no objects (not an error), and keeps doing
// so in this process after the token is back until the module is initialised again: a lookup
// that finds nothing must neither pass for a missing key nor leave the keystore stuck.
test("a removed token: lookups that find nothing are KEYSTORE_UNAVAILABLE, and recover without a wrap", () => {
  using token = softHsmToken();
  using store = pq.openKeystore(config(token.label));
  using key = pq.generateKey("ML-DSA-44");
  const envelope = store.wrap(key, binding);
  const message = new Uint8Array([1, 2, 3]);
  const native = store.generateNativeKey("Ed25519");
  using signer = native.key;
  {
    using _unplugged = token.unplug();
    throwsStatus(() => signer.sign(message), "KEYSTORE_UNAVAILABLE");
    throwsStatus(() => store.unwrap("ML-DSA-44", envelope, binding), "KEYSTORE_UNAVAILABLE");
    throwsStatus(() => store.loadNativeKey("Ed25519", native.reference), "KEYSTORE_UNAVAILABLE");
    throwsStatus(() => store.ping(), "KEYSTORE_UNAVAILABLE");
  }
  assert.ok(signer.verify(message, signer.sign(message)));
  using back = store.unwrap("ML-DSA-44", envelope, binding);
  assert.deepEqual(back.publicKey(), key.publicKey());
  store.ping();
  // A key that really is not in the token is still INVALID_KEY.
  throwsStatus(() => store.loadNativeKey("Ed25519", new Uint8Array(16)), "INVALID_KEY");
});

test("native ECDSA P-256 and Ed25519 keys sign inside the token; WebCrypto verifies them", async () => {
  using token = softHsmToken();
  const message = new TextEncoder().encode("signed in the token");
  const references: [NativeAlgorithm, Uint8Array][] = [];
  {
    using store = pq.openKeystore(config(token.label));
    for (const [algorithm, webCrypto] of WEBCRYPTO) {
      const { key, reference } = store.generateNativeKey(algorithm);
      using _ = key;
      references.push([algorithm, reference]);
      const publicKey = await crypto.subtle.importKey("raw", new Uint8Array(key.publicKey()), webCrypto.key, false, [
        "verify",
      ]);
      const signature = new Uint8Array(key.sign(message));
      assert.ok(await crypto.subtle.verify(webCrypto.sign, publicKey, signature, message), algorithm);
      assert.ok(key.verify(message, signature));
      throwsStatus(() => store.wrap(key, binding), "UNSUPPORTED_OPERATION");
    }
    const listed = pkcs11Tool(token.label, ["--list-objects", "--type", "privkey"]);
    assert.ok(listed.ok, listed.output);
    assert.match(listed.output, /pqgate-key\//);
    assert.match(listed.output, /never extractable/);
    assert.doesNotMatch(listed.output, /Access:[^\n]*(?<!never )extractable/);
  }
  using store = pq.openKeystore(config(token.label));
  for (const [algorithm, reference] of references) {
    using key = store.loadNativeKey(algorithm, reference);
    assert.ok(key.verify(message, key.sign(message)), `${algorithm} after reopening`);
    store.destroyNativeKey(algorithm, reference);
    throwsStatus(() => store.loadNativeKey(algorithm, reference), "INVALID_KEY");
  }
  throwsStatus(() => store.loadNativeKey("Ed25519", new Uint8Array(16)), "INVALID_KEY");
});
