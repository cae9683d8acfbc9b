/**
 * A real PostgreSQL server for the database tests: a fresh cluster in a temporary folder,
 * one `postgres` process listening on a free loopback port, trust authentication (nothing
 * else can reach it), stopped by pid and removed on dispose. It comes from Debian's
 * `postgresql` package; a missing one fails the test with the package to install, it never
 * skips.
 *
 * PostgreSQL refuses to run as root. When the tests run as root (containers, CI), `initdb`
 * and `postgres` run as the `postgres` OS user through `setpriv` (util-linux), which changes
 * ids and then execs, so the pid we hold is the postmaster's own (unlike `runuser`/`su`,
 * which stay as a parent and would leave the server behind when killed). `setpriv` also sets
 * a parent-death signal: neither runtime's test runner emits `exit`, so a run that never
 * reaches dispose would otherwise leave the server running.
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { freePort } from "./runtime.ts";

const INSTALL_HINT = "apt-get install -y postgresql";

/** The `bin` folder of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const installed = existsSync(root) ? readdirSync(root) : [];
  const newest = installed
    .filter((version) => existsSync(join(root, version, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`PostgreSQL not found under ${root}: ${INSTALL_HINT}`);
  return join(root, newest, "bin");
}

/** uid and gid of the `postgres` OS user, which Debian's package creates. */
function postgresUser(): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new Error(`no "postgres" OS user: ${INSTALL_HINT}`);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Whether this process runs as root. Asks `id` rather than `process.getuid()`, which Deno
 * gates behind `--allow-sys`, a grant the test task does not otherwise need.
 */
function runningAsRoot(): boolean {
  return spawnSync("id", ["-u"], { encoding: "utf8" }).stdout?.trim() === "0";
}

/**
 * `[command, args]` running `binary args` through `setpriv`: as the postgres user when we are
 * root, and always with a parent-death signal (SIGKILL), so a test process that ends without
 * disposing (a crash, a filtered run, Ctrl-C) takes its server with it; {@link processTempDir} later
 * removes its folder.
 */
function asServerUser(root: boolean, binary: string, args: string[]): [string, string[]] {
  const user = root ? ["--reuid=postgres", "--regid=postgres", "--init-groups"] : [];
  return ["setpriv", [...user, "--pdeathsig", "KILL", "--", binary, ...args]];
}

/** Runs a short-lived tool to completion without blocking the event loop. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
    child.once("error", (e) => reject(new Error(`cannot run ${command} (${e.message}): ${INSTALL_HINT}`)));
    child.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr}`));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/**
 * A new folder `<tmp>/<prefix><pid>-XXXXXX` owned by this test process, after removing
 * those of `prefix` left by test processes that are gone. Runs that end without disposing
 * (a filtered run skipping the suite's last test, a crash) would otherwise leave ~40 MB
 * behind each time; the pid in the name tells which folders are orphans.
 */
export function processTempDir(prefix: string): string {
  const root = tmpdir();
  const stale = new RegExp(`^${prefix}(\\d+)-`);
  for (const entry of readdirSync(root)) {
    const owner = Number(stale.exec(entry)?.[1] ?? process.pid);
    if (owner !== process.pid && !isAlive(owner)) rmSync(join(root, entry), { recursive: true, force: true });
  }
  return mkdtempSync(join(root, `${prefix}${process.pid}-`));
}

/** Settings for a throwaway cluster: durability off, since the data dies with the test anyway. */
const SERVER_SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=50"];

/** A running PostgreSQL server; stopped and its folder removed on dispose. */
export class Postgres implements AsyncDisposable {
  /** Port on 127.0.0.1. */
  readonly port: number;
  readonly #dir: string;
  readonly #bin: string;
  readonly #root = runningAsRoot();
  #child: ChildProcess | undefined;
  #log = "";
  #databases = 0;

  private constructor(port: number, dir: string, bin: string) {
    this.port = port;
    this.#dir = dir;
    this.#bin = bin;
  }

  /**
   * Creates a cluster and starts the server; resolves once it accepts connections.
   *
   * # Errors
   * Rejects with the install hint when PostgreSQL is missing, or with the server log when
   * it does not come up within 20 s.
   */
  static async start(): Promise<Postgres> {
    const bin = binDir();
    const dir = processTempDir("pqgate-pg-");
    const pg = new Postgres(await freePort(), dir, bin);
    try {
      if (pg.#root) {
        const { uid, gid } = postgresUser();
        chownSync(dir, uid, gid);
      }
      const initdb = ["-D", pg.#dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"];
      await run(...asServerUser(pg.#root, join(bin, "initdb"), [...initdb, "--no-instructions"]));
      await pg.#launch();
    } catch (error) {
      await pg[Symbol.asyncDispose]();
      throw error;
    }
    return pg;
  }

  get #dataDir(): string {
    return join(this.#dir, "data");
  }

  /** URL of the `postgres` database (superuser, no password). */
  get url(): string {
    return this.urlFor("postgres");
  }

  /** URL of database `name` on this server. */
  urlFor(name: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  /** The postmaster's process id while it runs (its backends are its children). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Everything the server logged so far. */
  log(): string {
    return this.#log;
  }

  /** Creates an empty database (so each test starts from nothing) and returns its URL. */
  async createDatabase(): Promise<string> {
    const name = `test_${++this.#databases}`;
    await run(join(this.#bin, "createdb"), ["-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", name]);
    return this.urlFor(name);
  }

  async #launch(): Promise<void> {
    const settings = SERVER_SETTINGS.flatMap((s) => ["-c", s]);
    // -k: the Unix socket goes into our own folder, not /var/run/postgresql (may not exist).
    const args = ["-D", this.#dataDir, "-p", String(this.port), "-c", "listen_addresses=127.0.0.1", "-k", this.#dir];
    const child = spawn(...asServerUser(this.#root, join(this.#bin, "postgres"), [...args, ...settings]), {
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.#child = child;
    // Keeps draining the pipe for the server's whole life: a full pipe would block its logging.
    child.stderr?.on("data", (chunk) => (this.#log = (this.#log + String(chunk)).slice(-20_000)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error("PostgreSQL did not start within 20 s")), 20_000);
      const done = (error?: Error) => {
        clearTimeout(timer);
        child.stderr?.off("data", onData);
        child.off("exit", onExit);
        child.off("error", onError);
        if (error === undefined) resolve();
        else reject(error);
      };
      const fail = (error: Error) => done(new Error(`${error.message}\n${this.#log}`));
      const onData = () => {
        if (this.#log.includes("database system is ready to accept connections")) done();
      };
      const onExit = (code: number | null) => fail(new Error(`postgres exited with ${code}`));
      const onError = (e: Error) => done(new Error(`cannot run postgres (${e.message}): ${INSTALL_HINT}`));
      child.stderr?.on("data", onData);
      child.once("exit", onExit);
      child.once("error", onError);
    });
  }

  /** Stops the server (fast shutdown: open sessions are ended) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    // SIGQUIT is immediate shutdown, for a server stuck in its fast shutdown.
    const timer = setTimeout(() => child.kill("SIGQUIT"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Starts a stopped server again on the same port and data (an outage that ends). */
  async restart(): Promise<void> {
    await this.stop();
    await this.#launch();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
