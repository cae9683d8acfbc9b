/**
 * A pqgate gateway as a child process of the running runtime (Deno or Bun), on a free
 * loopback port: for the runnable examples, the benchmarks and the system tests, which all
 * need "the real server" started and stopped from code.
 *
 * @module
 */

import { spawn } from "node:child_process";
import { createServer } from "node:net";
import process from "node:process";

/**
 * The command line that runs `script` on the runtime running the tests: Deno with the grants the
 * gateway's own tasks use (deno.json `serve`; `--allow-run` for scripts that start a gateway
 * themselves; `--allow-all` for scripts that read another process's `/proc/<pid>` files, which
 * Deno opens only with every permission), Bun as is. The one place that spells the Deno
 * permissions for child processes.
 */
export function runtimeCommand(
  script: string,
  options: { allowRun?: boolean; allowAll?: boolean } = {},
): [string, string[]] {
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  if (deno === undefined) return [process.execPath, [script]];
  if (options.allowAll) return [deno.execPath(), ["run", "--allow-all", script]];
  const grants = ["--allow-env", "--allow-ffi", "--allow-net", "--allow-read", "--allow-write", "--allow-sys"];
  const run = options.allowRun ? ["--allow-run", "--unstable-net"] : [];
  return [deno.execPath(), ["run", ...grants, ...run, script]];
}

/** A gateway server process started by {@link startServer}; killed on dispose. */
export interface ServerProcess extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` (`https://` when `env` sets `PQGATE_TLS_CERT_FILE`). */
  readonly url: string;
  /** Everything the process printed so far (both streams). */
  output(): string;
  /** The server's process id (setpriv execs, so it is the runtime's own). */
  readonly pid: number;
  /** Sends `signal` to the process (`SIGKILL`: a crash, nothing flushed or closed). */
  signal(signal: "SIGTERM" | "SIGINT" | "SIGKILL"): void;
  /** Resolves with the exit code once the process has exited (`null` when a signal ended it). */
  exited(): Promise<number | null>;
}

/** A loopback TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Starts the real server entry point of the running runtime (`src/serve/deno.ts` or
 * `src/serve/bun.ts`) on a free loopback port with `env` added, and waits for `/healthz` (over
 * HTTPS, whose certificate `fetch` would not trust: for the "listening" log line).
 * One server process unless `env` sets `PQGATE_WORKERS` (sessions and rate limits live per
 * process, and callers here expect one).
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const serve = new URL("../../src/serve/", import.meta.url).pathname;
  const deno = (globalThis as { Deno?: unknown }).Deno;
  const [command, args] = runtimeCommand(`${serve}${deno !== undefined ? "deno" : "bun"}.ts`, { allowRun: true });
  // Through setpriv (util-linux) with a parent-death signal, as test/support/postgres.ts does:
  // a test process that ends without disposing (a crash, an unhandled rejection) takes its
  // servers with it. setpriv execs, so the pid is the server's own.
  const child = spawn("setpriv", ["--pdeathsig", "KILL", "--", command, ...args], {
    env: { ...process.env, PQGATE_WORKERS: "1", ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const tls = env.PQGATE_TLS_CERT_FILE !== undefined && env.PQGATE_TLS_CERT_FILE !== "";
  const url = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  if (child.pid === undefined) throw new Error("the server process did not start");
  const pid = child.pid;
  const server: ServerProcess = {
    url,
    pid,
    output: () => output,
    // process.kill, not child.kill: Deno's child_process then reports the signal as the cause
    // of the exit even when the process handled it and exited with a status of its own.
    signal: (signal) => process.kill(pid, signal),
    exited: () => exited,
    [Symbol.asyncDispose]: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  // Generous: a first start creates and migrates a PGlite database, which takes 10–20 s on a
  // loaded two-core machine.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (tls && output.includes('"listening"')) return server;
    if (!tls) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return server;
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server[Symbol.asyncDispose]();
  throw new Error(`server did not answer /healthz within 60 s:\n${output}`);
}
