/**
 * The operator CLI: `deno task cli <command> …` / `bun run cli <command> …`, with the server's
 * configuration (the same environment variables). One file per command in `commands/`.
 *
 * The gateway commands (`encrypt`, `decrypt`, `sign`, `verify`, `hmac`) speak HTTP to a running
 * gateway instead (`gateway.ts`): no database, no keystore.
 *
 * Exit statuses: 0 done, 1 refused or found a problem, 64 usage, 65 damaged input file,
 * 66 missing database or file, 69 library, database or keystore unavailable, 73 cannot create
 * the output file, 78 bad configuration; the gateway commands' mapping of HTTP problems is in
 * `gateway.ts` (`GATEWAY_USAGE`).
 *
 * @module
 */

import process from "node:process";
import { CliError, EXIT, parseArgs } from "./args.ts";
import type { Command } from "./command.ts";
import { auditCommand } from "./commands/audit.ts";
import { backupCommand } from "./commands/backup.ts";
import { decryptCommand } from "./commands/decrypt.ts";
import { encryptCommand } from "./commands/encrypt.ts";
import { hmacCommand } from "./commands/hmac.ts";
import { keysCommand } from "./commands/keys.ts";
import { restoreCommand } from "./commands/restore.ts";
import { rootKeyCommand } from "./commands/root-key.ts";
import { fleetCommand } from "./commands/fleet.ts";
import { signCommand } from "./commands/sign.ts";
import { tokensCommand } from "./commands/tokens.ts";
import { verifyCommand } from "./commands/verify.ts";

/** Commands that open the database and keystore (the operator's, with the server's configuration). */
const OPERATOR_COMMANDS: readonly Command[] = [
  tokensCommand,
  keysCommand,
  rootKeyCommand,
  fleetCommand,
  auditCommand,
  backupCommand,
  restoreCommand,
];

/** Commands that speak HTTP to a running gateway with a token (no database, no keystore). */
const GATEWAY_COMMANDS: readonly Command[] = [encryptCommand, decryptCommand, signCommand, verifyCommand, hmacCommand];

const COMMANDS: readonly Command[] = [...OPERATOR_COMMANDS, ...GATEWAY_COMMANDS];

const list = (commands: readonly Command[]) => commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n");

const USAGE = `usage: cli COMMAND [ARGS…] [--help]

operator commands: run with the server's configuration (environment variables; see
docs/CONFIGURATION.md) on its database and keystore. With embedded PGlite, stop the server
first: one process per data directory.
${list(OPERATOR_COMMANDS)}

gateway commands: speak HTTP to a running gateway (--url, else PQGATE_URL, else
http://127.0.0.1:8080) with a token (PQGATE_TOKEN or --token-file); they need no database and
no keystore, and the server keeps running. Raw bytes in (--in FILE or stdin) and out (--out FILE
or stdout).
${list(GATEWAY_COMMANDS)}

exit status: 0 done (verify: valid), 1 refused or problem found (verify: not valid), 64 usage,
65 damaged or refused input, 66 no database, file or key, 69 unavailable, 70 gateway error,
73 cannot create output, 75 rate-limited, 77 token refused, 78 configuration
(each command's --help has the details)`;

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
