// The gateway as one of several Bun processes on one port (`reusePort`: the kernel spreads
// connections). Same start-up as src/serve/bun.ts; sessions live per process.

import { start } from "../../src/serve/start.ts";

/** The part of Bun's global this file uses (declared so `deno check` needs no bun-types). */
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    reusePort: boolean;
    fetch: (request: Request) => Response | Promise<Response>;
  }): unknown;
  env: Record<string, string | undefined>;
};

const { config, app } = await start(Bun.env);
Bun.serve({ port: config.port, hostname: config.hostname, reusePort: true, fetch: app.fetch });
