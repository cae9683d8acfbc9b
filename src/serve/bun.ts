/**
 * Bun entry point: `bun run serve`.
 *
 * @module
 */

import { loadPqgate } from "../../ffi/mod.ts";
import { createApp } from "../app.ts";
import { configOrExit } from "../config.ts";

/** The part of Bun's global this file uses (declared so `deno check` needs no bun-types). */
declare const Bun: {
  serve(options: { port: number; hostname: string; fetch: (request: Request) => Response | Promise<Response> }): {
    url: URL;
  };
  env: Record<string, string | undefined>;
};

const config = configOrExit(Bun.env);
const app = createApp({ native: loadPqgate({ path: config.libraryPath }), config });
const server = Bun.serve({ port: config.port, hostname: config.hostname, fetch: app.fetch });
console.log(`Listening on ${server.url}`);
