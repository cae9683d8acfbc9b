// Runs one load (bench/http/load.ts) in a process of its own, so the generator does not share
// an event loop with the orchestrator: `bun bench/http/load-cli.ts '<LoadOptions as JSON>'`
// prints the LoadResult as JSON.

import process from "node:process";
import { type LoadOptions, runLoad } from "./load.ts";

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;
console.log(JSON.stringify(await runLoad(options)));
