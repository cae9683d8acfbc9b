/**
 * Deno entry point: `deno task serve`.
 *
 * @module
 */

import { pickEnv } from "../config.ts";
import { start } from "./start.ts";

const { config, app } = await start(pickEnv((name) => Deno.env.get(name)));
Deno.serve({ port: config.port, hostname: config.hostname }, app.fetch);
