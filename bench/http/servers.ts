// Starts the gateway for the HTTP load: one process (the real entry points in src/serve/), or
// one per core (`deno serve --parallel`; Bun: `reusePort` processes on one port). All share one
// PostgreSQL database and one software keystore, as replicas do.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DENO = `${ROOT}node_modules/.bin/deno`;
const BUN = `${ROOT}node_modules/.bin/bun`;
const DENO_FLAGS = ["--allow-env", "--allow-ffi", "--allow-net", "--allow-read", "--allow-write", "--allow-sys"];

export type Runtime = "deno" | "bun";

export interface Gateway extends AsyncDisposable {
  readonly url: string;
  readonly processes: number;
  /** Process ids of the servers (setpriv execs, so each is the runtime's own). */
  readonly pids: number[];
  /** Resident memory of the server processes (MiB, summed), from /proc. */
  rssMiB(): number;
  /**
   * SIGTERM, then waits for every server to exit through its own graceful shutdown
   * (src/serve/shutdown.ts), so exit-time work such as writing a CPU profile happens.
   * Resolves with the exit codes; disposing afterwards is a no-op.
   */
  stopGracefully(): Promise<(number | null)[]>;
}

export interface GatewayOptions {
  /** Extra runtime flags before the script (e.g. `--cpu-prof`); single-process only. */
  readonly runtimeFlags?: readonly string[];
}

function commands(runtime: Runtime, processes: number, port: number, flags: readonly string[]): [string, string[]][] {
  if (flags.length > 0 && processes !== 1) throw new Error("runtime flags are for the single-process gateway");
  if (runtime === "deno") {
    if (processes === 1) return [[DENO, ["run", ...DENO_FLAGS, ...flags, `${ROOT}src/serve/deno.ts`]]];
    const serve = ["serve", "--parallel", ...DENO_FLAGS, "--host", "127.0.0.1", "--port", String(port)];
    return [[DENO, [...serve, `${ROOT}bench/http/deno-serve.ts`]]];
  }
  if (processes === 1) return [[BUN, [...flags, `${ROOT}src/serve/bun.ts`]]];
  return Array.from({ length: processes }, () => [BUN, [`${ROOT}bench/http/bun-reuseport.ts`]]);
}

/**
 * Sends `signal` to a child unless it has exited, and resolves with its exit code once it has.
 * process.kill, not child.kill: Deno's child_process would then report the signal as the cause
 * of the exit even when the process handled it and exited with a status of its own.
 */
function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      return resolve(child.exitCode);
    }
    child.once("exit", (code) => resolve(code));
    process.kill(child.pid, signal);
  });
}

/** RSS of `pid` and its descendants' threads are in one status file; workers are threads. */
function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(match?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export const allCores = (): number => availableParallelism();

export async function startGateway(
  runtime: Runtime,
  processes: number,
  port: number,
  env: Record<string, string>,
  options: GatewayOptions = {},
): Promise<Gateway> {
  const url = `http://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  let output = "";
  const stop = async (): Promise<void> => void await Promise.all(children.map((child) => ended(child, "SIGKILL")));
  for (const [command, args] of commands(runtime, processes, port, options.runtimeFlags ?? [])) {
    // setpriv's parent-death signal: an orchestrator that dies takes its servers with it.
    const child = spawn("setpriv", ["--pdeathsig", "KILL", "--", command, ...args], {
      env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1", PQGATE_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output = (output + String(chunk)).slice(-4000)));
    child.stderr?.on("data", (chunk) => (output = (output + String(chunk)).slice(-4000)));
    children.push(child);
  }
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (children.some((child) => child.exitCode !== null)) break;
    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        await new Promise((r) => setTimeout(r, 1_500)); // let every worker finish starting
        return {
          url,
          processes,
          pids: children.map((child) => child.pid ?? 0),
          stopGracefully: () => Promise.all(children.map((child) => ended(child, "SIGTERM"))),
          rssMiB: () => children.reduce((sum, child) => sum + rssOf(child.pid), 0),
          [Symbol.asyncDispose]: stop,
        };
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${runtime} gateway (${processes} processes) did not become healthy:\n${output.slice(-4000)}`);
}
