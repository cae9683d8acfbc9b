// The TPM 2.0 keystore against a real swtpm simulator: keys survive a restart of the
// process and the simulator, the root is inspected with tpm2-tools, a killed simulator
// gives KEYSTORE_UNAVAILABLE and the same keystore recovers when it is back.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Swtpm, tpm2Tool } from "../support/devices.ts";
import { flip, tempDir, throwsStatus } from "../support/pq.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { restartScenario } from "./restart-scenario.ts";

const pq = loadPqgate();
const binding = { keyId: "tpm-key", version: 1, owner: "tenant-a" };
const SLOW = { timeoutMs: 60_000 };

test("keys of every algorithm survive a restart of the process and of the TPM", async () => {
  await using tpm = await Swtpm.start();
  using dir = tempDir();
  await restartScenario(pq, dir.path, { backend: "tpm", tcti: tpm.tcti }, () => tpm.restart(), {
    native: ["ECDSA-P256"],
  });
}, SLOW);

test("the root is a fixedTPM/fixedParent key at a persistent handle; envelopes resist tampering", async () => {
  await using tpm = await Swtpm.start();
  let rootSequence: number;
  {
    using store = pq.openKeystore({ backend: "tpm", tcti: tpm.tcti });
    assert.equal(store.backend, "tpm");
    assert.equal(store.protection, "hardware-wrapped");
    using key = pq.generateKey("ML-KEM-1024");
    const envelope = store.wrap(key, binding);
    rootSequence = store.currentRoot().sequence;
    throwsStatus(() => store.unwrap("ML-KEM-1024", flip(envelope, 40), binding), "UNWRAP_FAILED");
    throwsStatus(() => store.unwrap("ML-KEM-1024", flip(envelope, -3), binding), "UNWRAP_FAILED");
    throwsStatus(() => store.unwrap("ML-KEM-1024", envelope, { ...binding, version: 9 }), "UNWRAP_FAILED");
    const second = store.rotateRoot();
    const rewrapped = store.rewrap("ML-KEM-1024", envelope, binding);
    assert.deepEqual(pq.envelopeRootId(rewrapped), second.id);
    store.retireRoot(store.roots()[0]?.id ?? new Uint8Array(16));
    throwsStatus(() => store.unwrap("ML-KEM-1024", envelope, binding), "ROOT_KEY_NOT_FOUND");
    using back = store.unwrap("ML-KEM-1024", rewrapped, binding);
    assert.deepEqual(back.publicKey(), key.publicKey());
  }
  const handle = `0x${(0x81500000 + rootSequence + 1).toString(16)}`;
  const persistent = tpm2Tool(tpm.tcti, "tpm2_getcap", ["handles-persistent"]);
  assert.match(persistent, new RegExp(handle, "i"));
  assert.doesNotMatch(
    persistent,
    new RegExp(`0x${(0x81500000 + rootSequence).toString(16)}`, "i"),
    "retired root gone",
  );
  const publicArea = tpm2Tool(tpm.tcti, "tpm2_readpublic", ["-c", handle]);
  assert.match(publicArea, /fixedtpm/);
  assert.match(publicArea, /fixedparent/);
  assert.match(publicArea, /sensitivedataorigin/);
}, SLOW);

test("a killed TPM gives KEYSTORE_UNAVAILABLE; the same keystore works again after a restart", async () => {
  await using tpm = await Swtpm.start();
  using store = pq.openKeystore({ backend: "tpm", tcti: tpm.tcti });
  using key = pq.generateKey("ML-DSA-87");
  const envelope = store.wrap(key, binding);
  await tpm.kill();
  const started = Date.now();
  throwsStatus(() => store.ping(), "KEYSTORE_UNAVAILABLE");
  throwsStatus(() => store.unwrap("ML-DSA-87", envelope, binding), "KEYSTORE_UNAVAILABLE");
  throwsStatus(() => store.wrap(key, binding), "KEYSTORE_UNAVAILABLE");
  assert.ok(Date.now() - started < 5_000, "failing fast, not hanging");
  await tpm.restart();
  store.ping();
  using back = store.unwrap("ML-DSA-87", envelope, binding);
  assert.deepEqual(back.publicKey(), key.publicKey());
}, SLOW);

test("opening a TPM that is not there fails fast; a malformed TCTI is a configuration error", () => {
  throwsStatus(() => pq.openKeystore({ backend: "tpm", tcti: "swtpm:host=127.0.0.1,port=1" }), "KEYSTORE_UNAVAILABLE");
  throwsStatus(() => pq.openKeystore({ backend: "tpm", tcti: "no-such-tcti:whatever" }), "KEYSTORE_CONFIG");
});

test("a native ECDSA P-256 key signs inside the TPM; WebCrypto verifies its signatures", async () => {
  await using tpm = await Swtpm.start();
  using store = pq.openKeystore({ backend: "tpm", tcti: tpm.tcti });
  const { key, reference } = store.generateNativeKey("ECDSA-P256");
  using _ = key;
  const publicKey = await crypto.subtle.importKey(
    "raw",
    new Uint8Array(key.publicKey()),
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["verify"],
  );
  const message = new TextEncoder().encode("signed in the TPM");
  const signature = key.sign(message);
  assert.equal(signature.length, 64);
  assert.ok(
    await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, new Uint8Array(signature), message),
  );
  assert.ok(key.verify(message, signature));
  throwsStatus(() => key.sign(message, { context: new Uint8Array(1) }), "INVALID_ARGUMENT");
  throwsStatus(() => store.wrap(key, binding), "UNSUPPORTED_OPERATION");
  throwsStatus(() => store.loadNativeKey("ECDSA-P256", flip(reference, reference.length - 5)), "INVALID_KEY");
  throwsStatus(() => store.generateNativeKey("Ed25519"), "UNSUPPORTED_OPERATION");
  using again = store.loadNativeKey("ECDSA-P256", reference);
  assert.deepEqual(again.publicKey(), key.publicKey());
}, SLOW);
