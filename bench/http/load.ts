// A small closed-loop HTTP load generator on node:http with keep-alive agents: `concurrency`
// workers each send a request, wait for the answer, send the next, until the time or the
// request bound is reached. (autocannon stalled against Deno, which answers larger bodies with
// `Connection: close`; the agent here simply reconnects.) Latency percentiles are exact: every
// latency is kept, and the request bound keeps that array small.

import { Buffer } from "node:buffer";
import { Agent, request } from "node:http";

export interface LoadRequest {
  readonly path: string;
  readonly body: string;
}

export interface LoadOptions {
  readonly url: string;
  readonly token: string;
  /** Requests cycled through by every worker. */
  readonly requests: readonly LoadRequest[];
  readonly concurrency: number;
  readonly durationMs: number;
  readonly maxRequests: number;
  /** Open-loop pacing: request i starts no earlier than i / rate seconds in (unset: flat out). */
  readonly ratePerSecond?: number | undefined;
}

export interface LoadResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly errors: number;
  /** The errors by kind: an HTTP status (`"503"`) or the client's error code (`"ECONNRESET"`). */
  readonly errorKinds: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

function send(agent: Agent, options: LoadOptions, item: LoadRequest): Promise<number> {
  const target = new URL(item.path, options.url);
  return new Promise((resolve, reject) => {
    const req = request({
      agent,
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: "POST",
      headers: {
        authorization: `Bearer ${options.token}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(item.body),
      },
    }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(item.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0, next = 0;
  const errorKinds: Record<string, number> = {};
  const failed = (kind: string): void => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  const start = performance.now();
  const deadline = start + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && next < options.maxRequests) {
      const index = next++;
      const item = options.requests[index % options.requests.length];
      if (item === undefined) return;
      if (options.ratePerSecond !== undefined) {
        const due = start + (index * 1000) / options.ratePerSecond;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      }
      const t0 = performance.now();
      try {
        const status = await send(agent, options, item);
        if (status >= 400) failed(String(status));
      } catch (error) {
        failed((error as { code?: string }).code ?? "error");
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    requests: latencies.length,
    errors,
    errorKinds,
    seconds,
    rps: (latencies.length - errors) / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}
