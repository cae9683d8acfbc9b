/**
 * The opened library plus the few mechanics every call shares: status checking, output
 * buffers with their single retry, handle out-parameters, size and message caches, and the
 * `FinalizationRegistry` backstop.
 *
 * Not public: `mod.ts` exposes typed operations; `internal.ts` exposes the raw symbols to
 * the misuse tests only.
 *
 * @module
 */

import { bytes } from "./bytes.ts";
import { PqError, PqStatus } from "./errors.ts";
import type { Offload, OffloadResult } from "./offload/types.ts";
import type { RawSymbols } from "./symbols.ts";
import { readHandle } from "./u64.ts";

/** The 7 sizes `pq_algorithm_sizes` reports, in ABI order; `0` = not applicable. */
export interface AlgorithmSizes {
  readonly publicKey: number;
  readonly privateKey: number;
  readonly seed: number;
  readonly ciphertext: number;
  readonly sharedSecret: number;
  readonly signature: number;
  readonly encapsulationRandomness: number;
}

const SIZE_COUNT = 7;

/** Which handle table a handle belongs to (keys and keystores are freed by different exports). */
export type HandleTable = "key" | "keystore";

/** Calls an export that writes `(out, out_cap, out_len)`; returns its status. */
export type OutputCall = (out: Uint8Array, outLen: Uint32Array) => number;

/** Shared mechanics over one opened library. */
export class Native {
  readonly raw: RawSymbols;
  readonly runtime: "deno" | "bun";
  /** Runs the slow exports off the JavaScript thread, when the loader asked for it. */
  readonly offload: Offload | undefined;
  // Scratch out-parameters, reused across calls: every call is synchronous and reads its
  // scratch before the next call can start, so sharing is safe and saves an allocation.
  // Bun takes the address afresh on each call, so no stale pointer is ever cached.
  // One `Native` serves one JavaScript thread (typed arrays over a plain `ArrayBuffer` cannot
  // be shared between threads, and `bytes` refuses `SharedArrayBuffer`s): the offload workers
  // open the library in their own isolates and allocate their out-parameters per request.
  readonly #outLen = new Uint32Array(1);
  readonly #secondLen = new Uint32Array(1);
  readonly #handleOut = new BigUint64Array(1);
  readonly #messageLen = new Uint32Array(1);
  readonly #sizes = new Map<number, AlgorithmSizes>();
  readonly #messages = new Map<number, string>();
  // Backstop only: frees a handle whose object was collected without being disposed.
  // The held value is the bare handle and its table, so the registry keeps nothing alive.
  readonly #registry: FinalizationRegistry<{ handle: bigint; table: HandleTable }>;

  constructor(raw: RawSymbols, runtime: "deno" | "bun", offload?: Offload) {
    this.raw = raw;
    this.runtime = runtime;
    this.offload = offload;
    this.#registry = new FinalizationRegistry(({ handle, table }) => {
      if (table === "keystore") raw.pq_keystore_close(handle);
      else raw.pq_key_free(handle);
    });
  }

  /** The text of a status, from Rust (cached: messages are constant). */
  message(code: number): string {
    const cached = this.#messages.get(code);
    if (cached !== undefined) return cached;
    let out = new Uint8Array(128);
    let rc = this.raw.pq_status_message(code, out, out.length, this.#messageLen);
    if (rc === PqStatus.BUFFER_TOO_SMALL) {
      out = new Uint8Array(this.#messageLen[0] as number);
      rc = this.raw.pq_status_message(code, out, out.length, this.#messageLen);
    }
    if (rc !== PqStatus.OK) return `unknown status ${code}`;
    const text = new TextDecoder().decode(out.subarray(0, this.#messageLen[0]));
    this.#messages.set(code, text);
    return text;
  }

  /** A `PqError` for `code`, worded by Rust. */
  error(op: string, code: number): PqError {
    return new PqError(op, code, this.message(code));
  }

  /** Throws unless `rc` is `OK`. */
  check(op: string, rc: number): void {
    if (rc !== PqStatus.OK) throw this.error(op, rc);
  }

  /**
   * Runs an export into a fresh `size`-byte buffer. With `retry`, a `BUFFER_TOO_SMALL`
   * answer (sizes that depend on the data) is retried once at the size Rust reported.
   * The result is trimmed to the length Rust wrote.
   */
  output(op: string, size: number, call: OutputCall, retry = false): Uint8Array {
    const outLen = this.#outLen;
    let out = new Uint8Array(size);
    let rc = call(out, outLen);
    if (rc === PqStatus.BUFFER_TOO_SMALL && retry) {
      out = new Uint8Array(outLen[0] as number);
      rc = call(out, outLen);
    }
    this.check(op, rc);
    const written = outLen[0] as number;
    return written === out.length ? out : out.slice(0, written);
  }

  /**
   * Checks a caller's output buffer before the call: a plain, unshared `Uint8Array` (as
   * {@link bytes}) of at least `need` bytes. Nothing reaches Rust otherwise.
   *
   * @throws {PqError} `BUFFER_TOO_SMALL`; {TypeError} as {@link bytes}.
   */
  target(op: string, value: Uint8Array, need: number, what: string): Uint8Array {
    const out = bytes(value, what);
    if (out.length < need) {
      const code = PqStatus.BUFFER_TOO_SMALL;
      throw new PqError(op, code, `${this.message(code)}: ${what} has ${out.length} bytes, ${need} needed`);
    }
    return out;
  }

  /**
   * The length an export wrote into `outLen` after checking its status: the plain-value end
   * of the caller-buffer ("into") calls.
   *
   * @throws {PqError} unless `rc` is `OK`.
   */
  written(op: string, rc: number): number {
    if (rc !== PqStatus.OK) throw this.error(op, rc);
    return this.#outLen[0] as number;
  }

  /** `out` trimmed to the `written` bytes an export reported (itself when it is full). */
  trimmed(out: Uint8Array, written: number): Uint8Array {
    return written === out.length ? out : out.slice(0, written);
  }

  /** `output` for a call that ran off the thread: checks its status and trims its buffer. */
  offloaded(op: string, { rc, out, written }: OffloadResult): Uint8Array {
    this.check(op, rc);
    return written === out.length ? out : out.slice(0, written);
  }

  /** A second length scratch, for exports with two outputs (encapsulation). */
  get secondLen(): Uint32Array {
    return this.#secondLen;
  }

  /** The length scratch `output` uses, for callers that run two-output exports. */
  get outLen(): Uint32Array {
    return this.#outLen;
  }

  /** Runs an export that stores a new handle in its `uint64_t *handle` out-parameter. */
  newHandle(op: string, call: (handle: BigUint64Array) => number): bigint {
    const out = this.#handleOut;
    this.check(op, call(out));
    return readHandle(out);
  }

  /** Sizes of an algorithm (by ABI number), cached after the first call. */
  sizes(algorithm: number): AlgorithmSizes {
    const cached = this.#sizes.get(algorithm);
    if (cached !== undefined) return cached;
    const out = new Uint32Array(SIZE_COUNT);
    this.check("pq_algorithm_sizes", this.raw.pq_algorithm_sizes(algorithm, out, SIZE_COUNT, this.#outLen));
    const at = (i: number): number => out[i] as number;
    const sizes: AlgorithmSizes = Object.freeze({
      publicKey: at(0),
      privateKey: at(1),
      seed: at(2),
      ciphertext: at(3),
      sharedSecret: at(4),
      signature: at(5),
      encapsulationRandomness: at(6),
    });
    this.#sizes.set(algorithm, sizes);
    return sizes;
  }

  /** Registers an object so its handle is freed if it is collected undisposed. */
  track(owner: object, handle: bigint, table: HandleTable = "key"): void {
    this.#registry.register(owner, { handle, table }, owner);
  }

  /** Removes the backstop once the key has been disposed. */
  untrack(key: object): void {
    this.#registry.unregister(key);
  }
}
