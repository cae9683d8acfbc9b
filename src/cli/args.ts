/**
 * Command-line arguments of the operator CLI: positionals and `--name value` / `--name=value`
 * options, each option declared by the command, so a typo is a usage error (exit 64) rather
 * than an ignored flag.
 *
 * @module
 */

/** Exit statuses (BSD `sysexits.h`, as the server uses them). */
export const EXIT = {
  OK: 0,
  /** The operation was refused or found a problem (no such token, a broken audit chain). */
  FAILED: 1,
  USAGE: 64,
  DATAERR: 65,
  NOINPUT: 66,
  UNAVAILABLE: 69,
  CANTCREAT: 73,
  CONFIG: 78,
} as const;

/** A failure the CLI reports as one line on stderr and an exit status. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Parsed arguments: positionals in order, options by name. */
export interface Args {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly help: boolean;
}

/**
 * Parses `argv`, accepting only `allowed` option names (each takes a value) and `--help`/`-h`.
 *
 * @throws {CliError} (usage) for an unknown option or one without a value.
 */
export function parseArgs(argv: readonly string[], allowed: readonly string[]): Args {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      help = true;
    } else if (arg.startsWith("--")) {
      const [name = "", inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (!allowed.includes(name)) throw new CliError(`unknown option --${name}`, EXIT.USAGE);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`, EXIT.USAGE);
      options[name] = value;
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, options, help };
}

/** The positional at `index`, or a usage error naming `what`. */
export function positional(args: Args, index: number, what: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new CliError(`missing ${what}`, EXIT.USAGE);
  return value;
}
