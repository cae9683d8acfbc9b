/**
 * The algorithm names the API offers, taken from the binding's catalogue so the routes'
 * contracts never list algorithms of their own (and never import the binding).
 *
 * @module
 */

import { ALGORITHM_NAMES, FAMILY, type KemAlgorithm } from "../../../ffi/mod.ts";
import { HYBRID } from "../../common/hybrid.ts";
import type { KeyAlgorithm } from "./types.ts";

/** Every algorithm a named key may have: the library's, then the hybrid signing key. */
export const KEY_ALGORITHMS: readonly [KeyAlgorithm, ...KeyAlgorithm[]] = [HYBRID, ...ALGORITHM_NAMES];

/** The KEMs a session may use (every KEM of the library). */
export const KEM_ALGORITHMS = ALGORITHM_NAMES.filter((name) => FAMILY[name] === "kem") as [
  KemAlgorithm,
  ...KemAlgorithm[],
];
