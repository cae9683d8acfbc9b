/**
 * Native calls run off the JavaScript thread. A signature costs 33–250 µs of CPU; on the
 * event loop that time is taken from every other request, while a second core may sit idle.
 * An {@link Offload} runs such a call on another thread of the same process (worker threads,
 * `workers.ts`), against the same handle table: handles are process-wide
 * and the table is thread-safe (docs/ARCHITECTURE.md, "C ABI rules").
 *
 * @module
 */

/** What an offloaded call that writes `(out, out_cap, out_len)` answers. */
export interface OffloadResult {
  /** The export's status code. */
  readonly rc: number;
  /** The output buffer the call wrote into. */
  readonly out: Uint8Array;
  /** The length the export reported in `out_len`. */
  readonly written: number;
}

/** The exports that can run off the JavaScript thread. */
export interface Offload {
  /** How many threads (or the runtime's pool: `0`) serve the calls. */
  readonly threads: number;
  /** `pq_sig_sign` into a fresh `capacity`-byte buffer, on another thread. */
  sign(handle: bigint, msg: Uint8Array, ctx: Uint8Array, rnd: Uint8Array, capacity: number): Promise<OffloadResult>;
  /** Stops the threads (pending calls still finish). */
  close(): void;
}
