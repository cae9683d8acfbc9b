/**
 * New processes of the runtime running the tests (Deno or Bun): a TypeScript file run to
 * completion, or the real server, for tests that must restart "the gateway process".
 *
 * @module
 */

import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import process from "node:process";

/** What a finished child printed. */
export interface ChildResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` with `args` in a fresh Deno or Bun process and waits for it. */
export function runScript(script: string, args: string[]): ChildResult {
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  const [command, prefix] = deno !== undefined
    ? [deno.execPath(), [
      "run",
      "--allow-ffi",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-net=127.0.0.1",
      script,
    ]]
    : [process.execPath, [script]];
  const result = spawnSync(command, [...prefix, ...args], { encoding: "utf8", timeout: 60_000 });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A gateway server process started by {@link startServer}; killed on dispose. */
export interface ServerProcess extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything the process printed so far (both streams). */
  output(): string;
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
 * `src/serve/bun.ts`) on a free loopback port with `env` added, and waits for `/healthz`.
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const serve = new URL("../../src/serve/", import.meta.url).pathname;
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  const [command, args] = deno !== undefined
    ? [deno.execPath(), [
      "run",
      "--allow-env",
      "--allow-ffi",
      "--allow-net",
      "--allow-read",
      "--allow-write",
      "--allow-sys",
      `${serve}deno.ts`,
    ]]
    : [process.execPath, [`${serve}bun.ts`]];
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    output: () => output,
    [Symbol.asyncDispose]: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server[Symbol.asyncDispose]();
  throw new Error(`server did not answer /healthz within 20 s:\n${output}`);
}
