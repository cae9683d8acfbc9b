/**
 * What every key handle wrapper shares: the handle, its kind and algorithm, export of the
 * public key, and freeing.
 *
 * Private key bytes never exist in JavaScript: there is no export for them, so a wrapper
 * only ever holds the opaque `u64` handle.
 *
 * @module
 */

import { type Algorithm, algorithmId, type KeyKind } from "../algorithms.ts";
import { PqStatus } from "../errors.ts";
import type { AlgorithmSizes, Native } from "../native.ts";

/**
 * A key held by the library behind a handle.
 *
 * Free it with `using key = …` or `key[Symbol.dispose]()`. Disposing twice is a no-op;
 * using a disposed key throws `PqError` `STALE_HANDLE` (the same answer Rust gives for a
 * freed handle). A `FinalizationRegistry` frees forgotten keys, but only as a backstop:
 * collection may happen late or never.
 */
export abstract class PqKey<A extends Algorithm = Algorithm> implements Disposable {
  /** The algorithm, e.g. `"ML-KEM-768"`. */
  readonly algorithm: A;
  /** The handle kind, e.g. `"kem-decapsulation-key"`. */
  readonly kind: KeyKind;
  /** The opaque `u64` handle (stays readable after dispose, for diagnostics). */
  readonly handle: bigint;
  /** The library this key lives in (`protected`: subclasses call into it). */
  protected readonly native: Native;
  #disposed = false;
  /** The algorithm's sizes, looked up once per key (the hot calls need them on every call). */
  #sizes: AlgorithmSizes | undefined;
  /** Calls running on another thread ({@link leased}); the free waits for them. */
  #inFlight = 0;

  constructor(native: Native, algorithm: A, kind: KeyKind, handle: bigint) {
    this.native = native;
    this.algorithm = algorithm;
    this.kind = kind;
    this.handle = handle;
    native.track(this, handle);
  }

  /** Whether the handle has been freed through this object. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** The algorithm's sizes (cached by the binding, and by the key). */
  protected get sizes(): AlgorithmSizes {
    return this.#sizes ??= this.native.sizes(algorithmId(this.algorithm));
  }

  /**
   * The handle for a call to `op`.
   *
   * @throws {PqError} `STALE_HANDLE` once disposed, before reaching Rust.
   */
  protected live(op: string): bigint {
    if (this.#disposed) throw this.native.error(op, PqStatus.STALE_HANDLE);
    return this.handle;
  }

  /**
   * Runs `call` on the handle on another thread. A dispose meanwhile marks the key disposed at
   * once (new calls fail) but frees the handle only when the last such call has settled: the
   * call may not yet have reached Rust, which holds the key alive only once it has.
   */
  protected async leased<T>(op: string, call: (handle: bigint) => Promise<T>): Promise<T> {
    const handle = this.live(op);
    this.#inFlight++;
    try {
      return await call(handle);
    } finally {
      this.#inFlight--;
      // Nobody is left to tell of a refused free here: it only fails for a handle freed
      // behind this object's back, which the synchronous dispose would have reported.
      if (this.#disposed && this.#inFlight === 0) this.native.raw.pq_key_free(this.handle);
    }
  }

  /**
   * The encoded public key (for a private key: its public half).
   *
   * @throws {PqError} `UNSUPPORTED_OPERATION` for an ML-DSA key imported from its expanded
   * form only (FIPS 204 `sk` does not contain `t1`); handle errors.
   */
  publicKey(): Uint8Array {
    const handle = this.live("pq_key_export_public");
    return this.native.output(
      "pq_key_export_public",
      this.sizes.publicKey,
      (out, outLen) => this.native.raw.pq_key_export_public(handle, out, out.length, outLen),
    );
  }

  /**
   * Frees the handle (`pq_key_free`); Rust zeroizes the private key once no running
   * operation still uses it. A second call does nothing.
   *
   * @throws {PqError} if Rust refuses the free (only if the handle was freed behind this
   * object's back, e.g. through the raw symbols).
   */
  [Symbol.dispose](): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.native.untrack(this);
    if (this.#inFlight > 0) return; // freed by the last call of `leased`
    this.native.check("pq_key_free", this.native.raw.pq_key_free(this.handle));
  }
}
