/**
 * `deno task audit:verify` / `bun run audit:verify`: kept for compatibility, the same as
 * `cli audit verify` (`commands/audit.ts`).
 *
 * Exit status: 0 intact, 1 broken (the first broken seq is printed), 66 (`EX_NOINPUT`) no PGlite
 * data directory, 69 (`EX_UNAVAILABLE`) database or library unavailable, 78 (`EX_CONFIG`) bad
 * configuration.
 *
 * @module
 */

import process from "node:process";
import { runCli } from "./main.ts";

process.exit(await runCli(["audit", "verify"]));
