// The software keystore through the binding: wrap/unwrap of every algorithm, envelopes
// that refuse tampering and rebinding, root rotation, passphrase mode and secret hygiene.

import { chmodSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, softwareAlgorithms, tempDir, throwsStatus } from "../support/pq.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { restartScenario } from "./restart-scenario.ts";

const pq = loadPqgate();
const binding = { keyId: "orders-signer", version: 1, owner: "tenant-a" };

test("every algorithm wraps and unwraps to the same key, with software protection", () => {
  using dir = tempDir();
  using store = pq.openKeystore({ backend: "software", dir: dir.path });
  assert.equal(store.backend, "software");
  assert.equal(store.protection, "software");
  for (const algorithm of softwareAlgorithms(pq)) {
    using key = pq.generateKey(algorithm);
    const envelope = store.wrap(key, binding);
    using back = store.unwrap(algorithm, envelope, binding);
    assert.deepEqual(back.publicKey(), key.publicKey(), algorithm);
    assert.equal(back.kind, key.kind);
  }
});

test("an unwrapped key works: signs for the original public key, decapsulates its ciphertexts", () => {
  using dir = tempDir();
  using store = pq.openKeystore({ backend: "software", dir: dir.path });
  using signer = pq.generateKey("ML-DSA-65");
  using kem = pq.generateKey("X-Wing");
  const signerEnvelope = store.wrap(signer, binding);
  const kemBinding = { ...binding, keyId: "session-kem" };
  const kemEnvelope = store.wrap(kem, kemBinding);
  using signer2 = store.unwrap("ML-DSA-65", signerEnvelope, binding);
  using kem2 = store.unwrap("X-Wing", kemEnvelope, kemBinding);
  const message = new TextEncoder().encode("ship 3 crates");
  assert.ok(signer.verify(message, signer2.sign(message)));
  const { ciphertext, sharedSecret } = kem.encapsulate();
  assert.deepEqual(kem2.decapsulate(ciphertext), sharedSecret);
});

test("tampered, rebound, swapped and foreign envelopes are refused with a clear status", () => {
  using dir = tempDir();
  using other = tempDir();
  using store = pq.openKeystore({ backend: "software", dir: dir.path });
  using foreign = pq.openKeystore({ backend: "software", dir: other.path });
  using a = pq.generateKey("ML-KEM-768");
  using b = pq.generateKey("ML-KEM-768");
  const envelope = store.wrap(a, binding);
  const envelopeB = store.wrap(b, { ...binding, keyId: "other" });
  throwsStatus(() => store.unwrap("ML-KEM-768", flip(envelope, -1), binding), "UNWRAP_FAILED");
  throwsStatus(() => store.unwrap("ML-KEM-768", flip(envelope, 60), binding), "UNWRAP_FAILED");
  throwsStatus(() => store.unwrap("ML-KEM-768", flip(envelope, 0), binding), "ENVELOPE_MALFORMED");
  throwsStatus(() => store.unwrap("ML-KEM-768", envelope.subarray(0, 20), binding), "ENVELOPE_MALFORMED");
  throwsStatus(() => store.unwrap("ML-KEM-768", envelope, { ...binding, version: 2 }), "UNWRAP_FAILED");
  throwsStatus(() => store.unwrap("ML-KEM-768", envelope, { ...binding, owner: "tenant-b" }), "UNWRAP_FAILED");
  throwsStatus(() => store.unwrap("ML-KEM-1024", envelope, binding), "UNWRAP_FAILED");
  throwsStatus(() => store.unwrap("ML-KEM-768", envelopeB, binding), "UNWRAP_FAILED");
  foreign.currentRoot(); // a keystore with roots of its own (an empty one reports itself unavailable)
  throwsStatus(() => foreign.unwrap("ML-KEM-768", envelope, binding), "ROOT_KEY_NOT_FOUND");
  using pub = pq.importPublicKey("ML-KEM-768", a.publicKey());
  throwsStatus(() => store.wrap(pub, binding), "WRONG_HANDLE_KIND");
  throwsStatus(() => store.wrap(a, { ...binding, keyId: "" }), "INVALID_ARGUMENT");
});

test("root rotation: rotate, rewrap (idempotent), retire; old envelopes then name a missing root", () => {
  using dir = tempDir();
  using store = pq.openKeystore({ backend: "software", dir: dir.path });
  using key = pq.generateKey("Ed25519");
  const envelope = store.wrap(key, binding);
  const first = store.currentRoot();
  assert.equal(first.sequence, 1);
  assert.deepEqual(pq.envelopeRootId(envelope), first.id);
  throwsStatus(() => store.retireRoot(first.id), "ROOT_KEY_IN_USE");
  const second = store.rotateRoot();
  assert.equal(second.sequence, 2);
  assert.deepEqual(store.roots().map((r) => r.sequence), [1, 2]);
  const rewrapped = store.rewrap("Ed25519", envelope, binding);
  assert.deepEqual(pq.envelopeRootId(rewrapped), second.id);
  assert.deepEqual(store.rewrap("Ed25519", rewrapped, binding), rewrapped);
  store.retireRoot(first.id);
  assert.deepEqual(store.roots().map((r) => r.idHex), [second.idHex]);
  throwsStatus(() => store.unwrap("Ed25519", envelope, binding), "ROOT_KEY_NOT_FOUND");
  using back = store.unwrap("Ed25519", rewrapped, binding);
  assert.deepEqual(back.publicKey(), key.publicKey());
});

test("passphrase mode: a wrong passphrase is refused at open; files never hold the seed", () => {
  using dir = tempDir();
  const seed = new Uint8Array(32).fill(0x42);
  let envelope: Uint8Array;
  {
    using store = pq.openKeystore({ backend: "software", dir: dir.path, passphrase: "open sesame, slowly" });
    using key = pq.keyFromSeed("ML-DSA-44", seed);
    envelope = store.wrap(key, binding);
  }
  throwsStatus(
    () => pq.openKeystore({ backend: "software", dir: dir.path, passphrase: "wrong" }),
    "KEYSTORE_AUTH_FAILED",
  );
  throwsStatus(() => pq.openKeystore({ backend: "software", dir: dir.path }), "KEYSTORE_CONFIG");
  using store = pq.openKeystore({ backend: "software", dir: dir.path, passphrase: "open sesame, slowly" });
  using back = store.unwrap("ML-DSA-44", envelope, binding);
  using expected = pq.keyFromSeed("ML-DSA-44", seed);
  assert.deepEqual(back.publicKey(), expected.publicKey());
  const files = readdirSync(dir.path).map((name) => readFileSync(join(dir.path, name)));
  for (const haystack of [...files, envelope]) {
    assert.equal(Buffer.from(haystack).indexOf(Buffer.from(seed)), -1);
    assert.equal(Buffer.from(haystack).indexOf("open sesame"), -1);
  }
});

test("a world-readable root key file is refused; a closed keystore refuses every call", () => {
  using dir = tempDir();
  const store = pq.openKeystore({ backend: "software", dir: dir.path });
  store.currentRoot();
  store[Symbol.dispose]();
  store[Symbol.dispose]();
  throwsStatus(() => store.currentRoot(), "STALE_HANDLE");
  const files = readdirSync(dir.path);
  assert.equal(files.length, 1);
  assert.ok(files[0]?.endsWith(".key"));
  chmodSync(join(dir.path, files[0] ?? ""), 0o644);
  throwsStatus(() => pq.openKeystore({ backend: "software", dir: dir.path }), "KEYSTORE_CONFIG");
});

test("keys of every algorithm survive a process restart; no seed or root key reaches envelopes or logs", async () => {
  using dir = tempDir();
  const keys = join(dir.path, "roots");
  // The first process writes the root key file; its key joins the scan before the second runs.
  const secrets: Uint8Array[] = [];
  await restartScenario(pq, dir.path, { backend: "software", dir: keys }, () => {
    const files = readdirSync(keys);
    assert.equal(files.length, 1);
    secrets.push(new Uint8Array(readFileSync(join(keys, files[0] ?? ""))).subarray(5)); // after "PQRK" ‖ mode
    return Promise.resolve();
  }, { extraSecrets: secrets });
  assert.equal(secrets[0]?.length, 32);
}, { timeoutMs: 60_000 });
