/**
 * The operator CLI: `deno task cli <command> …` / `bun run cli <command> …`, with the server's
 * configuration (the same environment variables). One file per command in `commands/`.
 *
 * Exit statuses: 0 done, 1 refused or found a problem, 64 usage, 65 damaged input file,
 * 66 missing database or file, 69 library, database or keystore unavailable, 73 cannot create
 * the output file, 78 bad configuration.
 *
 * @module
 */

import process from "node:process";
import { CliError, EXIT, parseArgs } from "./args.ts";
import type { Command } from "./command.ts";
import { auditCommand } from "./commands/audit.ts";
import { backupCommand } from "./commands/backup.ts";
import { keysCommand } from "./commands/keys.ts";
import { restoreCommand } from "./commands/restore.ts";
import { rootKeyCommand } from "./commands/root-key.ts";
import { tokensCommand } from "./commands/tokens.ts";

const COMMANDS: readonly Command[] = [
  tokensCommand,
  keysCommand,
  rootKeyCommand,
  auditCommand,
  backupCommand,
  restoreCommand,
];

const USAGE = `usage: cli COMMAND [ARGS…] [--help]
Runs with the server's configuration (environment variables; see docs/CONFIGURATION.md).
With embedded PGlite, stop the server first: one process per data directory.

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n")}

exit status: 0 done, 1 refused or problem found, 64 usage, 65 damaged input, 66 no database or
file, 69 unavailable, 73 cannot create output, 78 configuration`;

/** Runs the CLI on `argv` (without the runtime and script); resolves with the exit status. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (command === undefined) throw new CliError(`unknown command ${name}`, EXIT.USAGE);
    const args = parseArgs(rest, command.options);
    if (args.help) {
      console.log(command.usage);
      return EXIT.OK;
    }
    return await command.run(args);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`pqgate cli: ${error.message}`);
    if (error.exitCode === EXIT.USAGE) console.error(command?.usage ?? USAGE);
    return error.exitCode;
  }
}

if (import.meta.main) process.exit(await runCli(process.argv.slice(2)));
