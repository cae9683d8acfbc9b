/**
 * Deno entry point: `deno task serve`. With `PQGATE_WORKERS` above 1 (the default on
 * PostgreSQL: one per core) this process is the primary and starts the others on its port
 * (`workers.ts`); they need the same grants, the primary `--allow-run` for its own binary, and
 * both `--unstable-net` (`reusePort` is unstable on Deno 2.9).
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { pickEnv } from "../config.ts";
import { shutdownOnSignals } from "./shutdown.ts";
import { start } from "./start.ts";
import { DENO_WORKER_GRANTS, exitWithPrimary, spawnWorkers, workerIndex, type Workers } from "./workers.ts";

const env = pickEnv((name) => Deno.env.get(name));
const { config, app, logger, tls, close } = await start(env);
const index = workerIndex((name) => Deno.env.get(name));
const reusePort = config.ops.workers > 1;
if (
  index === 0 && reusePort && Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state !== "granted"
) {
  console.error(
    `pqgate: PQGATE_WORKERS=${config.ops.workers} needs --allow-run for ${Deno.execPath()} (deno task serve has it); ` +
      "or set PQGATE_WORKERS=1",
  );
  Deno.exit(78);
}
const listening = Promise.withResolvers<number>();
const onListen = ({ port }: { port: number }) => {
  if (index === 0) {
    logger.info("listening", { hostname: config.hostname, port, workers: config.ops.workers, tls: tls !== undefined });
  }
  listening.resolve(port);
};
// HTTPS when configured (serve/tls.ts); rustls picks the groups (X25519MLKEM768 first: measured).
const server = Deno.serve(
  { port: config.port, hostname: config.hostname, reusePort, onListen, ...(tls === undefined ? {} : tls) },
  app.fetch,
);
let workers: Workers | undefined;
const stop = shutdownOnSignals({
  drain: () => Promise.all([server.shutdown(), workers?.stop()]).then(() => {}),
  close,
  timeoutMs: config.ops.shutdownTimeoutSeconds * 1000,
  logger,
});
if (index > 0) exitWithPrimary(logger);
else if (reusePort) {
  const command = [Deno.execPath(), ["run", ...DENO_WORKER_GRANTS, fileURLToPath(import.meta.url)]] as const;
  workers = spawnWorkers(config.ops.workers, command, await listening.promise, logger, () => stop("worker lost", 1));
}
