// The gateway as a `deno serve` module, for `deno serve --parallel` (one isolate per core, the
// kernel spreading connections). Same start-up as src/serve/deno.ts; sessions live per isolate.

import { pickEnv } from "../../src/config.ts";
import { start } from "../../src/serve/start.ts";

const { app } = await start(pickEnv((name) => Deno.env.get(name)));

export default { fetch: app.fetch } satisfies Deno.ServeDefaultExport;
