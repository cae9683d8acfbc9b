/**
 * A worker thread of the {@link workerOffload} pool: opens the library through the running
 * runtime's backend (the process's one instance, so the same handle table) and runs each
 * request's export, answering with the output buffer transferred back. It holds no key state
 * of its own: a request names its handle, and Rust keeps the key alive for the length of the
 * call.
 *
 * @module
 */

import type { RawSymbols } from "../symbols.ts";
import type { WorkerReply, WorkerRequest } from "./workers.ts";

declare const self: {
  onmessage: ((event: MessageEvent<WorkerRequest | { open: string }>) => void) | null;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
};

// The backend is imported dynamically and the handler installed at once: the backend module
// finishes loading after a top-level await, and a message that arrived before the handler
// existed would be lost (Bun delivers the pool's first message that early).
const backend = import("../backend/select.ts").then((module) => module.backend);
let lib: Promise<RawSymbols> | undefined;

self.onmessage = async ({ data }) => {
  if ("open" in data) {
    lib = backend.then((b) => b.open(data.open));
    return;
  }
  const { id, handle, msg, ctx, rnd, capacity } = data;
  // `lib` is set by the first message, which the pool sends before any request.
  const symbols = await (lib as Promise<RawSymbols>);
  const out = new Uint8Array(capacity);
  const outLen = new Uint32Array(1);
  const rc = symbols.pq_sig_sign(
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
