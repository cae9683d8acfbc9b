/**
 * Deno entry point: `deno task serve`.
 *
 * @module
 */

import { pickEnv } from "../config.ts";
import { shutdownOnSignals } from "./shutdown.ts";
import { start } from "./start.ts";

const { config, app, logger, close } = await start(pickEnv((name) => Deno.env.get(name)));
const onListen = ({ port }: { port: number }) => logger.info("listening", { hostname: config.hostname, port });
const server = Deno.serve({ port: config.port, hostname: config.hostname, onListen }, app.fetch);
shutdownOnSignals({
  drain: () => server.shutdown(),
  close,
  timeoutMs: config.ops.shutdownTimeoutSeconds * 1000,
  logger,
});
