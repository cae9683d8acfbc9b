/**
 * The hybrid signing key `ML-DSA-65+Ed25519`: a signature is valid only when both parts
 * verify, so it stays secure while either ML-DSA-65 (against quantum attackers) or Ed25519
 * (against an unforeseen lattice break) holds.
 *
 * Public key = ML-DSA-65 `pk` (1952 bytes) ‖ Ed25519 `pk` (32); signature = ML-DSA-65
 * signature (3309) ‖ Ed25519 signature (64), for both schemes. Each part is stored as its own
 * envelope (bound to its own algorithm), joined length-prefixed in the version's `envelope`
 * column; every stored version records its scheme, and a version verifies signatures of its
 * own scheme only (no downgrade from 2 to 1, nor the reverse).
 *
 * **Scheme 2** follows the construction of the IETF draft "Composite ML-DSA for use in X.509
 * PKI and CMS" (draft-ietf-lamps-pq-composite-sigs, -19: `M' = Prefix ‖ Label ‖ len(ctx) ‖
 * ctx ‖ PH(M)`, ML-DSA signs `M'` with its FIPS 204 context set to `Label`, the traditional
 * part signs `M'`), with one addition the draft does not make:
 *
 * ```
 * M' = Prefix ‖ Label ‖ SHA-512(pk) ‖ len(ctx) ‖ ctx ‖ SHA-512(M)
 *   Prefix = "CompositeAlgorithmSignatures2025"   (32 bytes, the draft's, byte for byte)
 *   Label  = "pqgate/hybrid/ML-DSA-65+Ed25519/v2" (34 bytes, ours, not the draft's
 *            "COMPSIG-MLDSA65-Ed25519-SHA512": this is not the draft's algorithm)
 *   pk     = ML-DSA-65 pk ‖ Ed25519 pk             (the composite public key, 1984 bytes)
 *   len(ctx) = one byte (ctx ≤ 255 bytes, as in FIPS 204)
 * ML-DSA-65.Sign(sk, M', ctx = Label) ‖ Ed25519.Sign(sk, M')
 * ```
 *
 * Why the public-key hash, and why there: the draft binds each component only to its own key
 * (ML-DSA through `tr = H(pk)` inside `μ`, Ed25519 through `A` in its challenge), so with a
 * shared component key a signature part made for one composite key is also a valid part for
 * another; the draft forbids such reuse by policy instead. Hashing the whole composite key into
 * `M'` makes every part commit to both keys, so a part never transfers to a composite key that
 * differs in either component. It sits right after `Label` because every field before `ctx` then
 * has a fixed length (the caller-chosen `ctx` and `M` come last and cannot shift any other
 * field), and because `PH(M)` stays exactly the draft's: a client can still pre-hash `M`
 * without knowing the key. Since `Label` (and so ML-DSA's context) differs from every draft
 * label, no scheme-2 signature verifies under a draft OID or the reverse; we claim no OID
 * interoperability.
 *
 * **Scheme 1** (key versions made before scheme 2 existed; still verified, never made for new
 * versions): both parts sign `M' = enc(label) ‖ enc(ctx) ‖ enc(M)` with `enc(x) = u32be(len(x)) ‖
 * x` and label `"pqgate/hybrid/ML-DSA-65+Ed25519/v1"`, ML-DSA's context empty. It is only weakly
 * non-separable and binds neither key to the other.
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

/** The constructions a hybrid key version may use; each version records one. */
export const HYBRID_SCHEMES = [1, 2] as const;
/** A hybrid construction: 1 (legacy, verify only for old versions) or 2 (composite, current). */
export type HybridScheme = typeof HYBRID_SCHEMES[number];
/** The scheme of new hybrid key versions and devices. */
export const CURRENT_HYBRID_SCHEME: HybridScheme = 2;

/** Public key: ML-DSA-65 ‖ Ed25519. */
export const HYBRID_PUBLIC_KEY_BYTES = ML_DSA_65.publicKey + ED25519.publicKey;
/** Signature: ML-DSA-65 ‖ Ed25519. */
export const HYBRID_SIGNATURE_BYTES = ML_DSA_65.signature + ED25519.signature;
/** Longest context of scheme 2 (one length byte, as FIPS 204). */
export const HYBRID_MAX_CONTEXT_BYTES = 255;

const encoder = new TextEncoder();
const LABEL_V1 = encoder.encode("pqgate/hybrid/ML-DSA-65+Ed25519/v1");
const PREFIX = encoder.encode("CompositeAlgorithmSignatures2025");
const LABEL_V2 = encoder.encode("pqgate/hybrid/ML-DSA-65+Ed25519/v2");
const EMPTY = new Uint8Array(0);

/**
 * `M'` of `scheme` for the composite `publicKey`, and the context ML-DSA signs it under.
 * @throws {RangeError} for a scheme-2 context above 255 bytes.
 */
function formatted(
  pq: Pqgate,
  scheme: HybridScheme,
  publicKey: Uint8Array,
  message: Uint8Array,
  context: Uint8Array,
): { mPrime: Uint8Array; mlDsaContext: Uint8Array } {
  if (scheme === 1) return { mPrime: lengthPrefixed([LABEL_V1, context, message]), mlDsaContext: EMPTY };
  if (context.length > HYBRID_MAX_CONTEXT_BYTES) throw new RangeError("hybrid context longer than 255 bytes");
  const mPrime = concat([
    PREFIX,
    LABEL_V2,
    pq.hash("SHA-512", publicKey),
    Uint8Array.of(context.length),
    context,
    pq.hash("SHA-512", message),
  ]);
  return { mPrime, mlDsaContext: LABEL_V2 };
}

/**
 * Signs with both parts under `scheme` (new signatures use {@link CURRENT_HYBRID_SCHEME}; 1
 * only for versions recorded as 1). The composite public key is taken from the keys themselves.
 * @throws {RangeError} for a scheme-2 context above 255 bytes.
 */
export function hybridSign(
  pq: Pqgate,
  scheme: HybridScheme,
  mlDsa: SigningKey,
  ed25519: SigningKey,
  message: Uint8Array,
  context: Uint8Array = EMPTY,
  deterministic?: boolean,
): Uint8Array {
  const publicKey = scheme === 1 ? EMPTY : concat([mlDsa.publicKey(), ed25519.publicKey()]);
  const { mPrime, mlDsaContext } = formatted(pq, scheme, publicKey, message, context);
  const first = mlDsa.sign(mPrime, { context: mlDsaContext, deterministic });
  const second = ed25519.sign(mPrime);
  return concat([first, second]);
}

/**
 * Whether both parts verify under `scheme`. A signature of the wrong size or a scheme-2
 * context above 255 bytes is `false`… but a public key of the wrong size is our own stored
 * data, so it throws.
 */
export function hybridVerify(
  pq: Pqgate,
  scheme: HybridScheme,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context: Uint8Array = EMPTY,
): boolean {
  if (signature.length !== HYBRID_SIGNATURE_BYTES) return false;
  if (scheme === 2 && context.length > HYBRID_MAX_CONTEXT_BYTES) return false;
  using first = pq.importPublicKey("ML-DSA-65", publicKey.subarray(0, ML_DSA_65.publicKey));
  using second = pq.importPublicKey("Ed25519", publicKey.subarray(ML_DSA_65.publicKey));
  const { mPrime, mlDsaContext } = formatted(pq, scheme, publicKey, message, context);
  // Both are always checked: no early exit that would tell which part failed by timing.
  const a = first.verify(mPrime, signature.subarray(0, ML_DSA_65.signature), { context: mlDsaContext });
  const b = second.verify(mPrime, signature.subarray(ML_DSA_65.signature));
  return a && b;
}

/** Whether `value` names a hybrid scheme (for stored data and wire formats). */
export function isHybridScheme(value: unknown): value is HybridScheme {
  return value === 1 || value === 2;
}
