/**
 * Bun entry point: `bun run serve`.
 *
 * @module
 */

import { start } from "./start.ts";

/** The part of Bun's global this file uses (declared so `deno check` needs no bun-types). */
declare const Bun: {
  serve(options: { port: number; hostname: string; fetch: (request: Request) => Response | Promise<Response> }): {
    url: URL;
  };
  env: Record<string, string | undefined>;
};

const { config, app } = await start(Bun.env);
const server = Bun.serve({ port: config.port, hostname: config.hostname, fetch: app.fetch });
console.log(`Listening on ${server.url}`);
