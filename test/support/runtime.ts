/**
 * New processes of the runtime running the tests (Deno or Bun): a TypeScript file run to
 * completion here, or the real server (`scripts/dev/local-gateway.ts`, re-exported) for
 * tests that must restart "the gateway process".
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import process from "node:process";
import { runtimeCommand } from "../../scripts/dev/local-gateway.ts";

export { freePort, runtimeCommand, type ServerProcess, startServer } from "../../scripts/dev/local-gateway.ts";

/** What a finished child printed. */
export interface ChildResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` with `args` in a fresh Deno or Bun process (`env` added to ours) and waits for it. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  options: { allowRun?: boolean; timeoutMs?: number } = {},
): ChildResult {
  const [command, prefix] = runtimeCommand(script, options);
  const result = spawnSync(command, [...prefix, ...args], {
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    env: { ...process.env, ...env },
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
