/**
 * The hybrid signing key `ML-DSA-65+Ed25519`: a signature is valid only when both parts
 * verify, so it stays secure while either ML-DSA-65 (against quantum attackers) or Ed25519
 * (against an unforeseen lattice break) holds.
 *
 * Both parts sign the same domain-separated message
 * `M' = len(label) ‖ label ‖ len(ctx) ‖ ctx ‖ message` (lengths `u32` big-endian), so neither
 * part can be passed off as a plain signature over `message`, and the context binds both.
 * Public key = ML-DSA-65 `pk` (1952 bytes) ‖ Ed25519 `pk` (32); signature = ML-DSA-65
 * signature (3309) ‖ Ed25519 signature (64). Each part is stored as its own envelope
 * (bound to its own algorithm), joined length-prefixed in the version's `envelope` column.
 *
 * @module
 */

import type { Algorithm, Pqgate, SigningKey } from "../../ffi/mod.ts";
import { concat, lengthPrefixed } from "./bytes.ts";
import { ED25519, ML_DSA_65 } from "./sizes.ts";

/** The hybrid algorithm's name in the API. */
export const HYBRID = "ML-DSA-65+Ed25519";

/** Its components, in encoding order. */
export const HYBRID_PARTS = ["ML-DSA-65", "Ed25519"] as const satisfies readonly Algorithm[];

const LABEL = new TextEncoder().encode("pqgate/hybrid/ML-DSA-65+Ed25519/v1");

/** Public key: ML-DSA-65 ‖ Ed25519. */
export const HYBRID_PUBLIC_KEY_BYTES = ML_DSA_65.publicKey + ED25519.publicKey;
/** Signature: ML-DSA-65 ‖ Ed25519. */
export const HYBRID_SIGNATURE_BYTES = ML_DSA_65.signature + ED25519.signature;

/** `M'`, the message both parts sign. */
function boundMessage(message: Uint8Array, context: Uint8Array): Uint8Array {
  return lengthPrefixed([LABEL, context, message]);
}

/** Signs with both parts. */
export function hybridSign(
  mlDsa: SigningKey,
  ed25519: SigningKey,
  message: Uint8Array,
  context: Uint8Array = new Uint8Array(0),
  deterministic?: boolean,
): Uint8Array {
  const bound = boundMessage(message, context);
  const first = mlDsa.sign(bound, { deterministic });
  const second = ed25519.sign(bound);
  return concat([first, second]);
}

/**
 * Whether both parts verify. A signature or key of the wrong size is `false`… except that a
 * public key of the wrong size is our own stored data, so it throws.
 */
export function hybridVerify(
  pq: Pqgate,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context: Uint8Array = new Uint8Array(0),
): boolean {
  if (signature.length !== HYBRID_SIGNATURE_BYTES) return false;
  using first = pq.importPublicKey("ML-DSA-65", publicKey.subarray(0, ML_DSA_65.publicKey));
  using second = pq.importPublicKey("Ed25519", publicKey.subarray(ML_DSA_65.publicKey));
  const bound = boundMessage(message, context);
  // Both are always checked: no early exit that would tell which part failed by timing.
  const a = first.verify(bound, signature.subarray(0, ML_DSA_65.signature));
  const b = second.verify(bound, signature.subarray(ML_DSA_65.signature));
  return a && b;
}

/** The message both parts sign, for independent verifiers (tests, clients). */
export { boundMessage as hybridBoundMessage };
