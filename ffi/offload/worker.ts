/**
 * A Bun worker thread of the {@link BunOffload} pool: opens the library (the process's one
 * instance, so the same handle table) and runs each request's export, answering with the
 * output buffer transferred back. It holds no key state of its own: a request names its
 * handle, and Rust keeps the key alive for the length of the call.
 *
 * @module
 */

import { symbols } from "../symbols.ts";
import type { NativeResult, NativeType } from "../symbols.ts";
import type { WorkerReply, WorkerRequest } from "./bun.ts";

interface SignSymbols {
  pq_sig_sign(...args: unknown[]): number;
}

const BUN_FFI = "bun:ffi";
const ffi = (await import(BUN_FFI)) as {
  dlopen(path: string, table: Record<string, { args: readonly NativeType[]; returns: NativeResult }>): {
    symbols: SignSymbols;
  };
};

declare const self: {
  onmessage: ((event: MessageEvent<WorkerRequest | { open: string }>) => void) | null;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
};

let lib: SignSymbols | undefined;

self.onmessage = ({ data }) => {
  if ("open" in data) {
    const { parameters, result } = symbols.pq_sig_sign;
    lib = ffi.dlopen(data.open, { pq_sig_sign: { args: parameters, returns: result } }).symbols;
    return;
  }
  const { id, handle, msg, ctx, rnd, capacity } = data;
  const out = new Uint8Array(capacity);
  const outLen = new Uint32Array(1);
  // `lib` is set by the first message, which the pool sends before any request.
  const rc = (lib as SignSymbols).pq_sig_sign(
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
  self.postMessage({ id, rc, out, written: outLen[0] as number }, [out.buffer]);
};
