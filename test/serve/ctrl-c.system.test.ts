// Issue 24, item 5: one Ctrl-C on the serve task drains and exits 0. A terminal sends SIGINT to
// the whole foreground process group; `deno task serve` has its task runner in that group, and
// the runner forwards the signal to the server too, so the server used to see a second SIGINT
// while draining and exit 1 at once. The task (`deno task serve` under Deno, `bun run serve`
// under Bun) runs here in a process group of its own, which gets one SIGINT, as from a terminal.
// Deno's `request.signal` legacy-behaviour notice must not appear either (deno.json opts out).

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import process from "node:process";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { rawConnect } from "../support/raw-http.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const isDeno = "Deno" in globalThis;
const [command, args] = isDeno
  ? [join(ROOT, "node_modules/.bin/deno"), ["task", "serve"]]
  : [join(ROOT, "node_modules/.bin/bun"), ["run", "serve"]];

async function waitFor(what: RegExp, output: () => string, child: ChildProcess): Promise<RegExpMatchArray> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const match = output().match(what);
    if (match !== null) return match;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${what} in:\n${output()}`);
}

test(
  `one SIGINT to the process group of \`${isDeno ? "deno task" : "bun run"} serve\` drains and exits 0`,
  async () => {
    using dir = tempDir();
    const child = spawn(command, args, {
      cwd: ROOT,
      // A process group of its own (setsid), as a terminal's foreground job has.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PORT: "0",
        HOSTNAME: "127.0.0.1",
        PQGATE_DB_DIR: join(dir.path, "db"),
        PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
        PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "token"),
      },
    });
    let out = "";
    child.stdout?.on("data", (chunk) => (out += chunk));
    child.stderr?.on("data", (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const [, port] = await waitFor(/"port":(\d+)/, () => out, child);
      // A request in flight across the signal (its body arrives after it), so the server is still
      // draining when a duplicate SIGINT arrives. It reads its abort signal, as every /v1 request
      // does, so Deno would print its legacy-abort notice if the opt-out were missing.
      using inFlight = await rawConnect(`http://127.0.0.1:${port}`);
      inFlight.write("POST /v1/keys HTTP/1.1\r\nhost: gateway\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{");
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(-child.pid!, "SIGINT");
      await waitFor(/shutting down: draining/, () => out, child);
      await new Promise((resolve) => setTimeout(resolve, 300));
      inFlight.write("}");
      assert.ok(await inFlight.whenClosed(30_000), "the in-flight request is answered");
      assert.match(inFlight.received(), /^HTTP\/1\.1 401 /, "answered, not cut off");
      const code = await exited;
      assert.equal(code, 0, out);
      assert.match(out, /shutting down: draining in-flight requests/);
      assert.match(out, /shutdown complete/);
      assert.doesNotMatch(out, /second signal while draining/);
      assert.doesNotMatch(out, /legacy behavior|request\.signal/);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  },
  { timeoutMs: 120_000 },
);
