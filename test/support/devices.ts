/**
 * Real keystore devices for the TypeScript tests: a `swtpm` TPM 2.0 simulator on loopback
 * and SoftHSM2 tokens. Both come from Debian packages (`swtpm`, `softhsm2`); a missing one
 * fails the test with the package to install, it never skips.
 *
 * SoftHSM reads `SOFTHSM2_CONF` when the module initialises, from the process environment
 * (Bun's `process.env` does not reach C `getenv`), so the test commands run under
 * `scripts/with-softhsm.sh`, which points it at a fresh temporary token directory.
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";

/** The SoftHSM2 PKCS#11 module of Debian's `softhsm2` package. */
export const SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so";
/** The user PIN of every test token. */
export const USER_PIN = "1234";
const SO_PIN = "5678";

function run(command: string, args: string[], packageName: string): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.error !== undefined) {
    throw new Error(`cannot run ${command} (${result.error.message}): apt-get install -y ${packageName}`);
  }
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

let tokenCounter = 0;

/** A SoftHSM2 token made by {@link softHsmToken}. */
export interface SoftHsmToken extends Disposable {
  readonly label: string;
  /**
   * "Unplugs" the token: moves its folder out of the token directory, so SoftHSM (in every
   * process using it) reports it gone; the returned handle's dispose plugs it back in.
   */
  unplug(): Disposable;
}

/** The token directory `scripts/with-softhsm.sh` configured. */
function tokenDirectory(): string {
  const conf = process.env.SOFTHSM2_CONF;
  if (conf === undefined) {
    throw new Error(
      "SOFTHSM2_CONF is not set: run the tests through scripts/with-softhsm.sh (deno task test, bun run test)",
    );
  }
  return join(dirname(conf), "tokens");
}

/** A fresh SoftHSM2 token; deleted on dispose. */
export function softHsmToken(): SoftHsmToken {
  const tokens = tokenDirectory();
  const label = `pqgate-ts-${process.pid}-${tokenCounter++}`;
  const before = new Set(readdirSync(tokens));
  run("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin", SO_PIN], "softhsm2");
  // SoftHSM names a token's folder by a fresh UUID: ours is the one that was not there before.
  const [folder, ...others] = readdirSync(tokens).filter((name) => !before.has(name));
  if (folder === undefined || others.length > 0) throw new Error(`cannot tell the folder of token ${label}`);
  return {
    label,
    unplug() {
      const [plugged, unplugged] = [join(tokens, folder), join(dirname(tokens), `unplugged-${folder}`)];
      renameSync(plugged, unplugged);
      return { [Symbol.dispose]: () => renameSync(unplugged, plugged) };
    },
    [Symbol.dispose]: () => {
      spawnSync("softhsm2-util", ["--delete-token", "--token", label]);
    },
  };
}

/** Runs `pkcs11-tool` (Debian `opensc`) logged in to `label`; returns its status and output. */
export function pkcs11Tool(label: string, args: string[]): { ok: boolean; output: string } {
  const common = ["--module", SOFTHSM_MODULE, "--token-label", label, "--login", "--pin", USER_PIN];
  const result = spawnSync("pkcs11-tool", [...common, ...args], { encoding: "utf8" });
  if (result.error !== undefined) throw new Error(`cannot run pkcs11-tool: apt-get install -y opensc`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Runs a `tpm2_*` tool (Debian `tpm2-tools`) against `tcti`; returns its standard output. */
export function tpm2Tool(tcti: string, tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: "utf8", env: { ...process.env, TPM2TOOLS_TCTI: tcti } });
  if (result.error !== undefined) throw new Error(`cannot run ${tool}: apt-get install -y tpm2-tools`);
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Two adjacent free loopback ports: the swtpm TCTI always uses `port + 1` for control. */
async function adjacentFreePorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (await portIsFree(port) && await portIsFree(port + 1)) return port;
  }
  throw new Error("no two adjacent free loopback ports found");
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A `swtpm` process with its state in a temporary folder; killed and removed on dispose. */
export class Swtpm implements AsyncDisposable {
  readonly port: number;
  readonly stateDir: string;
  #child: ChildProcess | undefined;

  private constructor(port: number, stateDir: string) {
    this.port = port;
    this.stateDir = stateDir;
  }

  /** Starts a simulator on two free loopback ports. */
  static async start(): Promise<Swtpm> {
    const tpm = new Swtpm(await adjacentFreePorts(), mkdtempSync(join(tmpdir(), "pqgate-swtpm-")));
    await tpm.restart();
    return tpm;
  }

  /** The TCTI string for the binding and for tpm2-tools. */
  get tcti(): string {
    return `swtpm:host=127.0.0.1,port=${this.port}`;
  }

  /** Kills the simulator with SIGKILL (state on disk survives, as after a power cut). */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** Starts (again) on the same state and ports; resolves once the data port accepts. */
  async restart(): Promise<void> {
    await this.kill();
    const args = [
      "socket",
      "--tpm2",
      "--tpmstate",
      `dir=${this.stateDir}`,
      "--server",
      `type=tcp,port=${this.port},bindaddr=127.0.0.1`,
      "--ctrl",
      `type=tcp,port=${this.port + 1},bindaddr=127.0.0.1`,
      "--flags",
      "not-need-init,startup-clear",
    ];
    const child = spawn("swtpm", args, { stdio: "ignore" });
    const failed = new Promise<never>((_, reject) => {
      child.once("error", (e) => reject(new Error(`cannot start swtpm (${e.message}): apt-get install -y swtpm`)));
    });
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await Promise.race([accepts(this.port), failed])) return;
      if (child.exitCode !== null) throw new Error(`swtpm exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("swtpm did not accept connections within 10 s");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
