/**
 * Bun entry point: `bun run serve`.
 *
 * @module
 */

import { shutdownOnSignals } from "./shutdown.ts";
import { start } from "./start.ts";

/** The part of Bun's global this file uses (declared so `deno check` needs no bun-types). */
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    idleTimeout: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): {
    url: URL;
    /** Stops listening; resolves once in-flight requests are done (unless `closeActive`). */
    stop(closeActive?: boolean): Promise<void>;
  };
  env: Record<string, string | undefined>;
};

const { config, app, logger, close } = await start(Bun.env);
// Explicit, though it is Bun's default: a connection that sends nothing for 10 s (slowloris
// headers, a stalled body) is closed. No route streams or takes longer than that to answer.
const server = Bun.serve({ port: config.port, hostname: config.hostname, idleTimeout: 10, fetch: app.fetch });
logger.info("listening", { hostname: config.hostname, port: Number(server.url.port) });
shutdownOnSignals({ drain: () => server.stop(), close, timeoutMs: config.ops.shutdownTimeoutSeconds * 1000, logger });
