/**
 * Deno entry point: `deno task serve`.
 *
 * @module
 */

import { loadPqgate } from "../../ffi/mod.ts";
import { createApp } from "../app.ts";
import { configOrExit, pickEnv } from "../config.ts";

const config = configOrExit(pickEnv((name) => Deno.env.get(name)));
const app = createApp({ native: loadPqgate({ path: config.libraryPath }), config });
Deno.serve({ port: config.port, hostname: config.hostname }, app.fetch);
