/**
 * The worker-thread {@link Offload}, the same on Deno and Bun: a small pool of worker threads
 * (`worker.ts`) runs the calls. Bun's FFI has no nonblocking calls; Deno's halved the signing
 * rate through HTTP against this pool (bench/http/hot-path.ts), so both runtimes use it.
 * Requests go round-robin; inputs are copied into the worker by structured clone and the output
 * buffer is transferred back, so no memory is shared between threads on the JavaScript side. On
 * Bun the workers are unreferenced (they never keep a process alive that has nothing else to
 * do); Deno's workers have no `unref`, so there `close()` is what lets the process end.
 *
 * @module
 */

import type { Offload, OffloadResult } from "./types.ts";

/** A request to a worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly handle: bigint;
  readonly msg: Uint8Array;
  readonly ctx: Uint8Array;
  readonly rnd: Uint8Array;
  readonly capacity: number;
}

/** A worker's answer: {@link OffloadResult} and the request it answers. */
export interface WorkerReply extends OffloadResult {
  readonly id: number;
}

interface Pending {
  resolve(result: OffloadResult): void;
  reject(error: Error): void;
}

/** Starts `threads` workers over the library at `path`. */
export function workerOffload(path: string, threads: number): Offload {
  const pending = new Map<number, Pending>();
  let next = 0;
  const fail = (error: Error): void => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
    worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      const call = pending.get(data.id);
      pending.delete(data.id);
      call?.resolve(data);
    };
    // A worker that dies takes its calls with it: fail them rather than leave them hanging.
    worker.onerror = (event: ErrorEvent) => fail(new Error(`pqgate offload worker failed: ${event.message}`));
    worker.postMessage({ open: path });
    (worker as Worker & { unref?(): void }).unref?.();
    return worker;
  });
  return {
    threads,
    sign(handle, msg, ctx, rnd, capacity) {
      const id = next++;
      return new Promise<OffloadResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: WorkerRequest = { id, handle, msg, ctx, rnd, capacity };
        workers[id % threads]?.postMessage(request);
      });
    },
    close() {
      for (const worker of workers) worker.terminate();
      fail(new Error("pqgate offload closed"));
    },
  };
}
