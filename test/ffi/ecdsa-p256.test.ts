// ECDSA P-256: the library verifies (its private keys live only in devices). Checked
// against the runtime's own WebCrypto as an independent implementation, in both directions
// of what matters here: WebCrypto signs, pqgate verifies, and bad input is refused.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { flip, tempDir, throwsStatus } from "../support/pq.ts";
import { loadPqgate } from "../../ffi/mod.ts";

const pq = loadPqgate();
const ECDSA = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

test("signatures made by WebCrypto verify through pqgate; tampering and other messages do not", async () => {
  const pair = (await crypto.subtle.generateKey(ECDSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  assert.equal(raw.length, 65);
  using key = pq.importPublicKey("ECDSA-P256", raw);
  for (const size of [0, 1, 1000]) {
    const message = new Uint8Array(pq.randomBytes(size));
    const signature = new Uint8Array(await crypto.subtle.sign(SIGN, pair.privateKey, message));
    assert.ok(key.verify(message, signature), `message of ${size} bytes`);
    assert.equal(key.verify(flip(message.length > 0 ? message : new Uint8Array(1), 0), signature), false);
    assert.equal(key.verify(message, flip(signature, 10)), false);
  }
});

test("invalid points, wrong sizes, contexts and software keys are refused", async () => {
  const pair = (await crypto.subtle.generateKey(ECDSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const offCurve = raw.slice();
  offCurve[64] = (offCurve[64] ?? 0) ^ 1;
  throwsStatus(() => pq.importPublicKey("ECDSA-P256", offCurve), "INVALID_KEY");
  throwsStatus(() => pq.importPublicKey("ECDSA-P256", raw.subarray(0, 33)), "INVALID_LENGTH");
  const compressed = new Uint8Array(65);
  compressed[0] = 2;
  throwsStatus(() => pq.importPublicKey("ECDSA-P256", compressed), "INVALID_KEY");
  using key = pq.importPublicKey("ECDSA-P256", raw);
  throwsStatus(() => key.verify(new Uint8Array(1), new Uint8Array(63)), "INVALID_LENGTH");
  throwsStatus(
    () => key.verify(new Uint8Array(1), new Uint8Array(64), { context: new Uint8Array(1) }),
    "INVALID_ARGUMENT",
  );
  throwsStatus(() => pq.generateKey("ECDSA-P256"), "UNSUPPORTED_OPERATION");
  using dir = tempDir();
  using store = pq.openKeystore({ backend: "software", dir: dir.path });
  throwsStatus(() => store.generateNativeKey("ECDSA-P256"), "UNSUPPORTED_OPERATION");
  throwsStatus(() => store.loadNativeKey("Ed25519", new Uint8Array(16)), "UNSUPPORTED_OPERATION");
});
