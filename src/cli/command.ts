/**
 * The shape of a CLI command, and the helpers every command uses: a context that is always
 * closed, and JSON output (one object per line, for `jq` and scripts).
 *
 * @module
 */

import type { Args } from "./args.ts";
import { type CliContext, openContext, type OpenOptions } from "./context.ts";

/** One top-level command (`tokens`, `keys`, `backup`…). */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The command's `--help` text. */
  readonly usage: string;
  /** Option names the command accepts (without `--`). */
  readonly options: readonly string[];
  /** Runs the command; resolves with the exit status. @throws {CliError} */
  run(args: Args): Promise<number>;
}

/** Runs `fn` on an open context and closes it afterwards, whatever happens. */
export async function withContext<T>(fn: (ctx: CliContext) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const ctx = await openContext(options);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/** Prints `value` as one JSON line (dates as ISO strings). */
export function print(value: unknown): void {
  console.log(JSON.stringify(value));
}
