// The canonical encoding a key version's binding MAC covers: every bound field changes it (and
// so the MAC), moving bytes between fields changes it, and a null field is left out.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import {
  type BoundKey,
  type BoundVersion,
  KEY_BINDING_LABEL,
  keyBindingEncoding,
} from "../../src/services/keys/key-binding.ts";
import { MacKey } from "../../src/services/integrity/sealed-mac-key.ts";

const pq = loadPqgate();
const mac = new MacKey(pq, pq.randomBytes(32));

const key: BoundKey = {
  id: "6f1f3f4e-2c59-4a7e-9d0b-1c2d3e4f5a6b",
  owner: "tenant-a",
  namespace: "user",
  name: "payments",
  algorithm: "Ed25519",
  protection: "hardware",
};
const version: BoundVersion = {
  version: 3,
  publicKey: pq.randomBytes(32),
  nativeReference: pq.randomBytes(20),
  hybridScheme: null,
};
const enveloped: BoundVersion = { ...version, nativeReference: null };

const tag = (k: BoundKey, v: BoundVersion) => mac.mac(KEY_BINDING_LABEL, keyBindingEncoding(k, v));
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

test("key binding: changing any bound field changes the encoding and the MAC", () => {
  const base = hex(keyBindingEncoding(key, version));
  const variants: [string, BoundKey, BoundVersion][] = [
    ["owner", { ...key, owner: "tenant-b" }, version],
    ["namespace", { ...key, namespace: "sync" }, version],
    ["name", { ...key, name: "payroll" }, version],
    ["key id", { ...key, id: "00000000-0000-4000-8000-000000000000" }, version],
    ["version", key, { ...version, version: 4 }],
    ["algorithm", { ...key, algorithm: "ECDSA-P256" }, version],
    ["protection", { ...key, protection: "software" }, version],
    ["public key", key, { ...version, publicKey: pq.randomBytes(32) }],
    ["private form", key, enveloped],
    ["native reference", key, { ...version, nativeReference: pq.randomBytes(20) }],
    ["hybrid scheme 2", key, { ...version, hybridScheme: 2 }],
    ["hybrid scheme 1", key, { ...version, hybridScheme: 1 }],
  ];
  const seen = new Set([base]);
  for (const [field, k, v] of variants) {
    const encoding = hex(keyBindingEncoding(k, v));
    assert.ok(!seen.has(encoding), `changing ${field} left the encoding as it was`);
    seen.add(encoding);
    assert.notDeepStrictEqual(tag(k, v), tag(key, version), `changing ${field} left the MAC as it was`);
    assert.equal(mac.verify(KEY_BINDING_LABEL, keyBindingEncoding(k, v), tag(key, version)), false);
  }
  assert.equal(mac.verify(KEY_BINDING_LABEL, keyBindingEncoding(key, version), tag(key, version)), true);
});

test("key binding: fields are length-prefixed and named, so bytes moved between fields do not collide", () => {
  const a = keyBindingEncoding({ ...key, owner: "tenant-a:pay", name: "ments" }, version);
  const b = keyBindingEncoding({ ...key, owner: "tenant-a", name: ":payments" }, version);
  assert.notEqual(hex(a), hex(b));
  // A device reference that happens to equal "envelope" is still a native key's reference.
  const tricky = { ...version, nativeReference: new TextEncoder().encode("envelope") };
  assert.notEqual(hex(keyBindingEncoding(key, tricky)), hex(keyBindingEncoding(key, enveloped)));
});

test("key binding: the encoding starts with the label, and an absent reference is left out", () => {
  const encoding = keyBindingEncoding(key, enveloped);
  const label = new TextEncoder().encode(KEY_BINDING_LABEL);
  assert.deepStrictEqual(encoding.subarray(4, 4 + label.length), label);
  assert.ok(!new TextDecoder().decode(encoding).includes("native reference"));
  assert.ok(new TextDecoder().decode(keyBindingEncoding(key, version)).includes("native reference"));
});

test("key binding: a MAC is 32 bytes and depends on the MAC key", () => {
  const other = new MacKey(pq, pq.randomBytes(32));
  assert.equal(tag(key, version).length, 32);
  assert.equal(other.verify(KEY_BINDING_LABEL, keyBindingEncoding(key, version), tag(key, version)), false);
});
