// The container image, built for real from the unchanged Dockerfile with podman
// (scripts/image.sh: where no image registry is reachable, its Debian bases are made locally
// from package registries) and run the way docs/DEPLOYMENT.md runs it: unprivileged, on a
// read-only root filesystem, state in its two volumes. The end-to-end scenario
// (test/support/e2e-scenario.ts) runs against it in two halves around a graceful stop and a
// start of the same container. The suite on Deno builds and runs the Deno image, the suite on
// Bun the Bun image.

import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { type ChildResult, freePort } from "../support/runtime.ts";
import { afterRestart, beforeRestart } from "../support/e2e-scenario.ts";

const RUNTIME = (globalThis as { Deno?: unknown }).Deno !== undefined ? "deno" : "bun";
const IMAGE = `localhost/pqgate:${RUNTIME}`;
/** The image's user (Dockerfile `USER`): its volumes must belong to it. */
const IMAGE_UID = 10001;
const imageScript = fileURLToPath(new URL("../../scripts/image.sh", import.meta.url));

/** scripts/image.sh with `args` (podman through it gets the project's podman settings). */
function image(args: string[], timeoutMs = 120_000): ChildResult {
  const result = spawnSync("bash", [imageScript, ...args], { encoding: "utf8", timeout: timeoutMs });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function podman(args: string[]): string {
  const result = image(["podman", ...args]);
  assert.equal(result.status, 0, `podman ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Waits until the container answers `/readyz` with 200; fails with its log if it stops first. */
async function ready(url: string, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (podman(["inspect", "--format", "{{.State.Running}}", name]) !== "true") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`the container did not become ready:\n${image(["podman", "logs", name]).stderr}`);
}

/** A volume folder the image's user owns, like `install -d -o 10001 -m 700`. */
function volume(path: string): string {
  mkdirSync(path);
  chownSync(path, IMAGE_UID, IMAGE_UID);
  chmodSync(path, 0o700);
  return path;
}

test(
  `the ${RUNTIME} image builds from the Dockerfile, runs unprivileged on a read-only root and serves the end-to-end scenario across a stop and a start`,
  async () => {
    const built = image(["build", RUNTIME], 40 * 60_000);
    assert.equal(built.status, 0, `scripts/image.sh build ${RUNTIME}:\n${built.stderr.slice(-6000)}`);
    using dir = tempDir();
    const data = volume(join(dir.path, "data"));
    const keystore = volume(join(dir.path, "keystore"));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const name = `pqgate-test-${RUNTIME}-${process.pid}`;
    image(["podman", "rm", "--force", "--ignore", name]);
    podman([
      "run",
      "--detach",
      "--name",
      name,
      "--read-only",
      "--tmpfs",
      "/tmp",
      "--publish",
      `127.0.0.1:${port}:8080`,
      "--volume",
      `${data}:/data`,
      "--volume",
      `${keystore}:/keystore`,
      IMAGE,
    ]);
    try {
      await ready(url, name);
      assert.equal(podman(["exec", name, "id", "-u"]), String(IMAGE_UID), "the server runs as the image's user");
      const tokenFile = join(data, "initial-admin-token");
      assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
      assert.equal(statSync(tokenFile).uid, IMAGE_UID);
      const token = readFileSync(tokenFile, "utf8").trim();
      const before = await beforeRestart(url, token);
      // The image's own HEALTHCHECK command (scripts/container.sh healthcheck).
      podman(["healthcheck", "run", name]);
      // A graceful stop: SIGTERM (the image's STOPSIGNAL), in-flight work finished, exit 0.
      podman(["stop", "--time", "30", name]);
      assert.equal(podman(["inspect", "--format", "{{.State.ExitCode}}", name]), "0");
      podman(["start", name]);
      await ready(url, name);
      await afterRestart(url, token, before);
      const logs = image(["podman", "logs", name]);
      assert.ok(!`${logs.stdout}${logs.stderr}`.includes(token), "the admin token is never logged");
    } finally {
      image(["podman", "rm", "--force", "--ignore", name]);
    }
  },
  { timeoutMs: 45 * 60_000 },
);
