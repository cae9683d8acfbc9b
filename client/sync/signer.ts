/**
 * A hybrid ML-DSA-65 + Ed25519 signer over the FFI binding: both private keys stay in Rust
 * behind handles; statements are signed exactly as `src/common/sync.ts` encodes them, with the
 * one hybrid scheme the signer was made with.
 *
 * @module
 */

import type { Pqgate, SigningKey } from "../../ffi/mod.ts";
import { type Statement, statementContext, statementMessage } from "../../src/common/sync.ts";
import { concat } from "../../src/common/bytes.ts";
import { CURRENT_HYBRID_SCHEME, type HybridScheme, hybridSign } from "../../src/common/hybrid.ts";

/** Signs sync statements with a hybrid key under one scheme; dispose it to free both handles. */
export class HybridSigner implements Disposable {
  /** ML-DSA-65 public key ‖ Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /**
   * The construction of every signature this signer makes: fixed for the key's life, since
   * the statements that vouch for the key name it (a scheme-2 key never signs scheme 1).
   */
  readonly scheme: HybridScheme;
  readonly #pq: Pqgate;
  readonly #mlDsa: SigningKey;
  readonly #ed25519: SigningKey;

  private constructor(pq: Pqgate, mlDsa: SigningKey, ed25519: SigningKey, scheme: HybridScheme) {
    this.#pq = pq;
    this.#mlDsa = mlDsa;
    this.#ed25519 = ed25519;
    this.scheme = scheme;
    this.publicKey = concat([mlDsa.publicKey(), ed25519.publicKey()]);
  }

  /** A signer from two 32-byte seeds (ML-DSA-65 ξ, Ed25519 seed), for `scheme` (default: the current one). */
  static fromSeeds(
    pq: Pqgate,
    mlDsaSeed: Uint8Array,
    ed25519Seed: Uint8Array,
    scheme: HybridScheme = CURRENT_HYBRID_SCHEME,
  ): HybridSigner {
    const mlDsa = pq.keyFromSeed("ML-DSA-65", mlDsaSeed);
    try {
      return new HybridSigner(pq, mlDsa, pq.keyFromSeed("Ed25519", ed25519Seed), scheme);
    } catch (error) {
      mlDsa[Symbol.dispose]();
      throw error;
    }
  }

  /** A signer with fresh keys from the OS CSPRNG, for `scheme` (default: the current one). */
  static generate(pq: Pqgate, scheme: HybridScheme = CURRENT_HYBRID_SCHEME): HybridSigner {
    const mlDsa = pq.generateKey("ML-DSA-65");
    try {
      return new HybridSigner(pq, mlDsa, pq.generateKey("Ed25519"), scheme);
    } catch (error) {
      mlDsa[Symbol.dispose]();
      throw error;
    }
  }

  /** The hybrid signature (scheme {@link scheme}) of a statement under its `pqgate/sync/<kind>/v1` context. */
  sign(statement: Statement): Uint8Array {
    const [message, context] = [statementMessage(statement), statementContext(statement.kind)];
    return hybridSign(this.#pq, this.scheme, this.#mlDsa, this.#ed25519, message, context);
  }

  [Symbol.dispose](): void {
    this.#mlDsa[Symbol.dispose]();
    this.#ed25519[Symbol.dispose]();
  }
}
