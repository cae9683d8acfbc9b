// Starts the gateway for the HTTP load through the real entry points in src/serve/: one process,
// or several on one port (PQGATE_WORKERS: the primary starts the others, SO_REUSEPORT). All share
// one PostgreSQL database and one software keystore, as replicas do.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { DENO_WORKER_GRANTS } from "../../src/serve/workers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DENO = `${ROOT}node_modules/.bin/deno`;
const BUN = `${ROOT}node_modules/.bin/bun`;
/** The primary's grants: its workers' and `--allow-run` to start them. */
const DENO_FLAGS = [...DENO_WORKER_GRANTS, "--allow-run"];

export type Runtime = "deno" | "bun";

export interface Gateway extends AsyncDisposable {
  readonly url: string;
  readonly processes: number;
  /** Process id of the primary server (setpriv execs, so it is the runtime's own); workers are its children. */
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

function command(runtime: Runtime, flags: readonly string[]): [string, string[]] {
  if (runtime === "deno") return [DENO, ["run", ...DENO_FLAGS, ...flags, `${ROOT}src/serve/deno.ts`]];
  return [BUN, [...flags, `${ROOT}src/serve/bun.ts`]];
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

/** RSS of `pid` (all its threads; worker processes are counted by {@link treeRss}). */
function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(match?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** RSS of `pid` and its direct children (the workers). */
function treeRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(
      Number,
    );
  } catch { /* gone */ }
  return rssOf(pid) + children.reduce((sum, child) => sum + rssOf(child), 0);
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
  const flags = options.runtimeFlags ?? [];
  if (flags.length > 0 && processes !== 1) throw new Error("runtime flags are for the single-process gateway");
  // SIGTERM first, so the primary stops its workers (a SIGKILL would leave them to notice alone).
  const stop = async (): Promise<void> =>
    void await Promise.all(children.map((child) => ended(child, processes > 1 ? "SIGTERM" : "SIGKILL")));
  {
    const [cmd, args] = command(runtime, flags);
    // setpriv's parent-death signal: an orchestrator that dies takes its servers with it.
    const child = spawn("setpriv", ["--pdeathsig", "KILL", "--", cmd, ...args], {
      env: {
        ...process.env,
        ...env,
        PQGATE_WORKERS: String(processes),
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        PQGATE_LOG_LEVEL: "warn",
      },
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
          rssMiB: () => children.reduce((sum, child) => sum + treeRss(child.pid), 0),
          [Symbol.asyncDispose]: stop,
        };
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${runtime} gateway (${processes} processes) did not become healthy:\n${output.slice(-4000)}`);
}
