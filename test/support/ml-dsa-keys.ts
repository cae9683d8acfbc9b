/**
 * Expanded ML-DSA key pairs (FIPS 204 `skEncode`) from the ACVP keyGen vectors, and crafted
 * variants: one out-of-range `s1` / `s2` coefficient, a flipped `tr`.
 *
 * @module
 */

import type { SignatureAlgorithm } from "../../ffi/mod.ts";
import { hexField, joinAcvp, suiteFolder } from "../ffi/vectors/vectors.ts";

/** (k, l, η) per parameter set. */
const SHAPES = { "ML-DSA-44": [4, 4, 2], "ML-DSA-65": [6, 5, 4], "ML-DSA-87": [8, 7, 2] } as const;

/** The ML-DSA parameter sets. */
export type MlDsa = keyof typeof SHAPES;
export const ML_DSA: readonly MlDsa[] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"];

/** The first keyGen vector's `sk` and `pk` of each parameter set (the vectors must be present). */
export function vectorKeyPairs(): Map<MlDsa, { sk: Uint8Array; pk: Uint8Array }> {
  const folder = suiteFolder("ML-DSA keyGen", "acvp/ML-DSA-keyGen-FIPS204");
  if (folder === undefined) throw new Error("the ACVP ML-DSA keyGen vectors are needed ($PQGATE_VECTORS)");
  const out = new Map<MlDsa, { sk: Uint8Array; pk: Uint8Array }>();
  for (const group of joinAcvp<{ seed: string }, { pk: string; sk: string }>(folder)) {
    const alg = group.parameterSet as SignatureAlgorithm as MlDsa;
    const first = group.tests[0];
    if (first !== undefined && !out.has(alg)) out.set(alg, { sk: hexField(first, "sk"), pk: hexField(first, "pk") });
  }
  return out;
}

/** A copy of `sk` with one coefficient of `s1` (or `s2`) packed as 2η + 1: out of [−η, η]. */
export function outOfRange(alg: MlDsa, sk: Uint8Array, part: "s1" | "s2"): Uint8Array {
  const [, l, eta] = SHAPES[alg];
  const bits = eta === 2 ? 3 : 4;
  const offset = 128 + (part === "s1" ? 0 : l * 32 * bits);
  const bad = sk.slice();
  // Coefficient 0: the low `bits` bits of the polynomial's first byte.
  const mask = (1 << bits) - 1;
  bad[offset] = ((bad[offset] ?? 0) & ~mask) | (2 * eta + 1);
  return bad;
}

/** A copy of `sk` with one bit of `tr` (bytes 64..128) flipped. */
export function flippedTr(sk: Uint8Array): Uint8Array {
  const bad = sk.slice();
  bad[70] = (bad[70] ?? 0) ^ 0x04;
  return bad;
}

/** `sk ‖ pk`, the form that imports an expanded key with its public key. */
export function withPublic(sk: Uint8Array, pk: Uint8Array): Uint8Array {
  const out = new Uint8Array(sk.length + pk.length);
  out.set(sk);
  out.set(pk, sk.length);
  return out;
}
