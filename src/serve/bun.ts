/**
 * Bun entry point: `bun run serve`. With `PQGATE_WORKERS` above 1 (the default on PostgreSQL:
 * one per core) this process is the primary and starts the others on its port (`workers.ts`).
 *
 * @module
 */

import process from "node:process";
import { fileURLToPath } from "node:url";
import { shutdownOnSignals } from "./shutdown.ts";
import { start } from "./start.ts";
import { exitWithPrimary, spawnWorkers, workerIndex, type Workers } from "./workers.ts";

/** The part of Bun's global this file uses (declared so `deno check` needs no bun-types). */
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    idleTimeout: number;
    reusePort: boolean;
    tls?: { cert: string; key: string };
    fetch: (request: Request) => Response | Promise<Response>;
  }): {
    url: URL;
    /** Stops listening; resolves once in-flight requests are done (unless `closeActive`). */
    stop(closeActive?: boolean): Promise<void>;
  };
  env: Record<string, string | undefined>;
};

const { config, app, logger, tls, close } = await start(Bun.env);
const index = workerIndex((name) => Bun.env[name]);
const reusePort = config.ops.workers > 1;
// Slow clients (docs/LIMITS.md, measured by test/hostile/slow-clients.system.test.ts): Bun cuts a
// connection whose request headers are not complete after about 10 s (its own fixed limit,
// however slowly they trickle in), and `idleTimeout` (PQGATE_IDLE_TIMEOUT_SECONDS, default 10)
// cuts one that then stalls: a body sent a byte at a time, or an idle keep-alive connection.
// No route streams or takes longer than that to answer.
const server = Bun.serve({
  port: config.port,
  hostname: config.hostname,
  idleTimeout: config.ops.idleTimeoutSeconds,
  reusePort,
  // HTTPS when configured (serve/tls.ts); BoringSSL picks the groups (X25519MLKEM768 first: measured).
  ...(tls === undefined ? {} : { tls: { cert: tls.cert, key: tls.key } }),
  fetch: app.fetch,
});
const port = Number(server.url.port);
if (index === 0) {
  logger.info("listening", { hostname: config.hostname, port, workers: config.ops.workers, tls: tls !== undefined });
}
let workers: Workers | undefined;
const stop = shutdownOnSignals({
  drain: () => Promise.all([server.stop(), workers?.stop()]).then(() => {}),
  close,
  timeoutMs: config.ops.shutdownTimeoutSeconds * 1000,
  logger,
});
if (index > 0) exitWithPrimary(logger);
else if (reusePort) {
  const command = [process.execPath, [fileURLToPath(import.meta.url)]] as const;
  workers = spawnWorkers(config.ops.workers, command, port, logger, () => stop("worker lost", 1));
}
