// The binding's fixed cost per call, in one process: each hot operation through the raw
// symbol with preallocated buffers (the floor: native work plus the boundary crossing) against
// the public API, convenient and caller-buffer ("into") forms. Ratios are to the raw floor.
//   `deno run --allow-ffi --allow-env --allow-read bench/ffi/fixed-cost.ts` / `bun bench/ffi/fixed-cost.ts`
// Forms are measured alternately, many short times, keeping each one's fastest median: load
// from other processes on a shared machine only ever adds time. ML-DSA signs deterministically
// here: hedged signing's rejection loop varies per call by more than the binding costs.
//   FIXED_COST_REPEATS (default 30), FIXED_COST_MS per measurement (default 25).

import process from "node:process";
import { loadPqgate } from "../../ffi/mod.ts";
import { AEADS, unsafeRawSymbols } from "../../ffi/internal.ts";
import { measure, type Operation } from "../support/measure.ts";
import type { ModeSettings } from "../support/mode.ts";
import { AES_KEY, MESSAGE, PAYLOADS } from "../support/workload.ts";

const repeats = Number(process.env.FIXED_COST_REPEATS ?? 30);
const settings: ModeSettings = {
  mode: "smoke",
  msPerOperation: Number(process.env.FIXED_COST_MS ?? 25),
  rounds: 5,
  emptyCalls: 0,
  memoryCycles: 0,
  lowQuantileSamples: 0,
  lowQuantileSampleMs: 0,
};
const pq = loadPqgate();
const raw = unsafeRawSymbols(pq);
const mlKem = pq.generateKey("ML-KEM-768");
const mlKemPublic = pq.importPublicKey("ML-KEM-768", mlKem.publicKey());
const mlDsa = pq.generateKey("ML-DSA-65");
const sizes768 = pq.algorithmSizes("ML-KEM-768");
const ct = new Uint8Array(sizes768.ciphertext), ss = new Uint8Array(sizes768.sharedSecret);
const ciphertext = mlKemPublic.encapsulate().ciphertext;
const sig = new Uint8Array(pq.algorithmSizes("ML-DSA-65").signature);
const none = new Uint8Array(0), zeroRnd = new Uint8Array(32), deterministic = { deterministic: true };
const plaintext = PAYLOADS["seal-1KiB"];
const sealed = new Uint8Array(plaintext.length + 28);
const len1 = new Uint32Array(1), len2 = new Uint32Array(1);
const aes = AEADS["AES-256-GCM"];

const rows: [string, Operation, Record<string, Operation>][] = [
  ["ml-kem-768/encaps", () => raw.pq_kem_encapsulate(mlKemPublic.handle, ct, ct.length, len1, ss, ss.length, len2), {
    api: () => mlKemPublic.encapsulate(),
    into: () => mlKemPublic.encapsulateInto(ct, ss),
  }],
  [
    "ml-kem-768/decaps",
    () => raw.pq_kem_decapsulate(mlKem.handle, ciphertext, ciphertext.length, ss, ss.length, len1),
    {
      api: () => mlKem.decapsulate(ciphertext),
      into: () => mlKem.decapsulateInto(ciphertext, ss),
    },
  ],
  [
    "ml-dsa-65/sign",
    () => raw.pq_sig_sign(mlDsa.handle, MESSAGE, MESSAGE.length, none, 0, zeroRnd, 32, sig, sig.length, len1),
    {
      api: () => mlDsa.sign(MESSAGE, deterministic),
      into: () => mlDsa.signInto(MESSAGE, sig, deterministic),
    },
  ],
  [
    "aes-256-gcm/seal-1KiB",
    () => raw.pq_aead_seal(aes, AES_KEY, 32, none, 0, plaintext, plaintext.length, sealed, sealed.length, len1),
    {
      api: () => pq.aeadSeal("AES-256-GCM", AES_KEY, none, plaintext),
      into: () => pq.aeadSealInto("AES-256-GCM", AES_KEY, none, plaintext, sealed),
    },
  ],
];
if (raw.pq_aead_seal(aes, AES_KEY, 32, none, 0, plaintext, plaintext.length, sealed, sealed.length, len1) !== 0) {
  throw new Error("the raw AES-256-GCM seal failed");
}
for (const [id, floor, forms] of rows) {
  const all: [string, Operation][] = [["raw", floor], ...Object.entries(forms)];
  const best = new Map<string, number>();
  for (let r = 0; r < repeats; r++) {
    for (const [name, op] of all) {
      const ns = (await measure(op, settings)).nsPerOp;
      best.set(name, Math.min(best.get(name) ?? Infinity, ns));
    }
  }
  const base = best.get("raw") as number;
  const parts = [`raw ${(base / 1000).toFixed(3)} µs`];
  for (const [name] of all.slice(1)) {
    const ns = best.get(name) as number;
    parts.push(
      `${name} ${(ns / 1000).toFixed(3)} µs (×${(ns / base).toFixed(3)}, +${((ns - base) / 1000).toFixed(3)} µs)`,
    );
  }
  process.stdout.write(`${pq.runtime} ${id}: ${parts.join(", ")}\n`);
}
[mlKem, mlKemPublic, mlDsa].forEach((k) => k[Symbol.dispose]());
