/**
 * Several server processes on one port: the first process (the primary) starts, then spawns
 * `workers - 1` copies of its own entry point, and every process listens with `reusePort`
 * (SO_REUSEPORT: the Linux kernel spreads new connections across them). Each is a complete
 * gateway with its own event loop, caches, rate limits and sessions; they share the database
 * (PostgreSQL only: PGlite is opened by one process, so `PQGATE_WORKERS` resolves to 1 there)
 * and the keystore, as replicas do.
 *
 * The primary forwards SIGTERM/SIGINT to its workers and waits for their graceful shutdown.
 * A worker that exits on its own takes the whole group down (exit status 1), so the service
 * manager restarts it whole rather than serving with fewer processes unnoticed; a worker
 * whose primary is gone (SIGKILL) notices within a second and exits.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import type { Logger } from "../logger.ts";

/** Set in a worker's environment: its index (1…workers-1); the primary has none. */
export const WORKER_ENV = "PQGATE_WORKER_INDEX";

/**
 * What a Deno worker is granted: `deno task serve`'s grants without `--allow-run`, and
 * `--unstable-net`, which `reusePort` needs on Deno 2.9.
 */
export const DENO_WORKER_GRANTS: readonly string[] = [
  "--allow-env",
  "--allow-ffi",
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-sys",
  "--unstable-net",
];

/** How often a worker checks that its primary is still there. */
const ORPHAN_CHECK_MS = 1_000;

/** The worker index of this process, or 0 for the primary. */
export function workerIndex(getEnv: (name: string) => string | undefined): number {
  const value = Number(getEnv(WORKER_ENV) ?? "0");
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** The workers a primary started. */
export interface Workers {
  readonly pids: readonly number[];
  /** SIGTERM to every worker; resolves once all have exited. */
  stop(): Promise<void>;
}

/**
 * Spawns `count - 1` workers running `command` (the runtime and the entry point's arguments),
 * listening on `port` (the one the primary got, so `PORT=0` is asked of the OS once).
 * `onLost` is called once if a worker exits while the group is not stopping.
 */
export function spawnWorkers(
  count: number,
  command: readonly [string, readonly string[]],
  port: number,
  logger: Logger,
  onLost: () => void,
): Workers {
  const children: ChildProcess[] = [];
  let stopping = false;
  for (let index = 1; index < count; index++) {
    const child = spawn(command[0], [...command[1]], {
      env: { ...process.env, PORT: String(port), [WORKER_ENV]: String(index) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", (code, signal) => {
      if (stopping) return;
      logger.error("a server worker exited; stopping the group", { worker: index, code, signal });
      onLost();
    });
    children.push(child);
  }
  logger.info("server workers started", { workers: count, pids: children.map((c) => c.pid ?? 0) });
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return {
    pids: children.map((c) => c.pid ?? 0),
    stop: async () => {
      stopping = true;
      await Promise.all(children.map(exited));
    },
  };
}

/** In a worker: exits when the primary that spawned it is gone. */
export function exitWithPrimary(logger: Logger): void {
  const primary = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== primary) {
      logger.error("the primary server process is gone; exiting");
      process.exit(1);
    }
  }, ORPHAN_CHECK_MS);
  // Deno and Bun both keep a plain interval alive; the server keeps the process up anyway.
  (timer as { unref?: () => void }).unref?.();
}
