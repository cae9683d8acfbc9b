// Cost of wrapping and unwrapping a private key (ML-KEM-768) through the binding, per
// keystore backend, and of a native device signature, measured in one run on one machine
// so the backends compare fairly. Starts its own swtpm and SoftHSM2 token; run it through
// scripts/with-softhsm.sh (the bench tasks do). Prints one line per measurement:
//   runtime=<deno|bun> backend=<software|pkcs11|tpm> op=<wrap|unwrap|native-sign> us_per_op=<x> n=<n>

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Keystore, type KeystoreConfig, loadPqgate, type NativeAlgorithm } from "../ffi/mod.ts";
import process from "node:process";
import { SOFTHSM_MODULE, softHsmToken, Swtpm, USER_PIN } from "../test/support/devices.ts";

const QUICK = (globalThis as { Deno?: unknown }).Deno !== undefined
  ? Deno.args.includes("--quick")
  : process.argv.includes("--quick");
const ROUNDS = QUICK ? 20 : 200;
const pq = loadPqgate();
const binding = { keyId: "bench", version: 1, owner: "bench" };

function measure(label: string, backend: string, n: number, op: () => void): void {
  op(); // warm up: first use creates the root, loads the SRK, fills caches
  const start = performance.now();
  for (let i = 0; i < n; i++) op();
  const microseconds = ((performance.now() - start) * 1000) / n;
  console.log(`runtime=${pq.runtime} backend=${backend} op=${label} us_per_op=${microseconds.toFixed(1)} n=${n}`);
}

function run(store: Keystore, native: NativeAlgorithm[]): void {
  using key = pq.generateKey("ML-KEM-768");
  const envelope = store.wrap(key, binding);
  measure("wrap", store.backend, ROUNDS, () => void store.wrap(key, binding));
  measure("unwrap", store.backend, ROUNDS, () => store.unwrap("ML-KEM-768", envelope, binding)[Symbol.dispose]());
  for (const algorithm of native) {
    const { key: signer, reference } = store.generateNativeKey(algorithm);
    using _ = signer;
    const message = new Uint8Array(32);
    measure(`native-sign-${algorithm}`, store.backend, ROUNDS, () => void signer.sign(message));
    store.destroyNativeKey(algorithm, reference);
  }
}

function open(config: KeystoreConfig): Keystore {
  return pq.openKeystore(config);
}

const dir = mkdtempSync(join(tmpdir(), "pqgate-bench-"));
try {
  {
    using store = open({ backend: "software", dir: join(dir, "keys") });
    run(store, []);
  }
  {
    using token = softHsmToken();
    using store = open({ backend: "pkcs11", module: SOFTHSM_MODULE, tokenLabel: token.label, pin: USER_PIN });
    run(store, ["ECDSA-P256", "Ed25519"]);
  }
  {
    await using tpm = await Swtpm.start();
    using store = open({ backend: "tpm", tcti: tpm.tcti });
    run(store, ["ECDSA-P256"]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
