/**
 * Deno's {@link Offload}: the same library opened once more with its offloadable exports
 * declared `nonblocking`, which Deno runs on its blocking thread pool and answers with a
 * promise. `dlopen` of an open library returns the same instance, so the handle table is the
 * one the synchronous calls use.
 *
 * At most `threads` calls run at once (more would only contend for the same cores and hold
 * pool threads); the rest wait in order. Each call gets its own output buffers (the synchronous path's shared scratch would be
 * overwritten by the next call while this one runs); the caller's input arrays stay referenced
 * by the pending call until it settles.
 *
 * @module
 */

import { symbols } from "../symbols.ts";
import type { Offload, OffloadResult } from "./types.ts";

/** Opens the nonblocking form of the offloadable exports. */
export function denoOffload(path: string, threads: number): Offload {
  const lib = Deno.dlopen(path, { pq_sig_sign: { ...symbols.pq_sig_sign, nonblocking: true } });
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (running < threads) {
      running++;
      return;
    }
    // The finishing call hands its slot over: `running` stays as it is.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const nextCall = waiting.shift();
    if (nextCall === undefined) running--;
    else nextCall();
  };
  return {
    threads,
    async sign(handle, msg, ctx, rnd, capacity): Promise<OffloadResult> {
      await slot();
      try {
        const out = new Uint8Array(capacity);
        const outLen = new Uint32Array(1);
        const rc = await lib.symbols.pq_sig_sign(
          handle,
          msg,
          msg.length,
          ctx,
          ctx.length,
          rnd,
          rnd.length,
          out,
          out.length,
          outLen,
        );
        return { rc, out, written: outLen[0] as number };
      } finally {
        release();
      }
    },
    // The library itself stays open (as for the synchronous table): closing this second
    // reference while a call runs on the pool would be unsound.
    close() {},
  };
}
