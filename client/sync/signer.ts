/**
 * A hybrid ML-DSA-65 + Ed25519 signer over the FFI binding: both private keys stay in Rust
 * behind handles; statements are signed exactly as `src/common/sync.ts` encodes them.
 *
 * @module
 */

import type { Pqgate, SigningKey } from "../../ffi/mod.ts";
import { type Statement, STATEMENT_SCHEME, statementContext, statementMessage } from "../../src/common/sync.ts";
import { concat } from "../../src/common/bytes.ts";
import { hybridSign } from "../../src/common/hybrid.ts";

/** Signs sync statements with a hybrid key; dispose it to free both handles. */
export class HybridSigner implements Disposable {
  /** ML-DSA-65 public key ‖ Ed25519 public key. */
  readonly publicKey: Uint8Array;
  readonly #pq: Pqgate;
  readonly #mlDsa: SigningKey;
  readonly #ed25519: SigningKey;

  private constructor(pq: Pqgate, mlDsa: SigningKey, ed25519: SigningKey) {
    this.#pq = pq;
    this.#mlDsa = mlDsa;
    this.#ed25519 = ed25519;
    this.publicKey = concat([mlDsa.publicKey(), ed25519.publicKey()]);
  }

  /** A signer from two 32-byte seeds (ML-DSA-65 ξ, Ed25519 seed). */
  static fromSeeds(pq: Pqgate, mlDsaSeed: Uint8Array, ed25519Seed: Uint8Array): HybridSigner {
    const mlDsa = pq.keyFromSeed("ML-DSA-65", mlDsaSeed);
    try {
      return new HybridSigner(pq, mlDsa, pq.keyFromSeed("Ed25519", ed25519Seed));
    } catch (error) {
      mlDsa[Symbol.dispose]();
      throw error;
    }
  }

  /** A signer with fresh keys from the OS CSPRNG. */
  static generate(pq: Pqgate): HybridSigner {
    const mlDsa = pq.generateKey("ML-DSA-65");
    try {
      return new HybridSigner(pq, mlDsa, pq.generateKey("Ed25519"));
    } catch (error) {
      mlDsa[Symbol.dispose]();
      throw error;
    }
  }

  /** The hybrid signature (scheme {@link STATEMENT_SCHEME}) of a statement under its `pqgate/sync/<kind>/v1` context. */
  sign(statement: Statement): Uint8Array {
    const [message, context] = [statementMessage(statement), statementContext(statement.kind)];
    return hybridSign(this.#pq, STATEMENT_SCHEME, this.#mlDsa, this.#ed25519, message, context);
  }

  [Symbol.dispose](): void {
    this.#mlDsa[Symbol.dispose]();
    this.#ed25519[Symbol.dispose]();
  }
}
