/**
 * A small tmpfs mount (a disk that can really fill up) for storage-fault tests, and a ballast
 * file that fills it. Mounting needs root (or password-less sudo, as setup.sh) and a kernel that allows it (a container may not);
 * {@link mountTmpfs} returns `undefined` then, and the caller says which check ran instead.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./pq.ts";

/** A mounted tmpfs; unmounted and removed on dispose. */
export interface Tmpfs extends Disposable {
  readonly path: string;
  /** Writes a ballast file until the disk is full (ENOSPC); returns the bytes written. */
  fill(): number;
  /** Removes the ballast: the disk has room again. */
  drain(): void;
}

/**
 * Runs a mount command as root: directly (enough when we are root), else through `sudo -n`
 * (never prompts), as setup.sh does. Trying is simpler than asking for the uid, which Deno
 * guards behind --allow-sys.
 */
function asRoot(command: string, args: string[]): ReturnType<typeof spawnSync> {
  const direct = spawnSync(command, args);
  if (direct.status === 0) return direct;
  const sudo = spawnSync("sudo", ["-n", command, ...args]);
  return sudo.status === 0 ? sudo : direct;
}

/** Mounts a tmpfs of `sizeMiB` on a fresh temporary folder, or `undefined` when mounting is refused. */
export function mountTmpfs(sizeMiB: number): Tmpfs | undefined {
  const dir = tempDir("pqgate-tmpfs-");
  const mounted = asRoot("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m`, "tmpfs", dir.path]);
  if (mounted.status !== 0) {
    dir[Symbol.dispose]();
    return undefined;
  }
  const ballast = join(dir.path, "ballast");
  return {
    path: dir.path,
    fill: () => {
      const fd = openSync(ballast, "a");
      const chunk = new Uint8Array(64 * 1024);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as { code?: string }).code !== "ENOSPC") throw error;
      } finally {
        closeSync(fd);
      }
      return written;
    },
    drain: () => rmSync(ballast, { force: true }),
    [Symbol.dispose]: () => {
      asRoot("umount", ["-l", dir.path]);
      dir[Symbol.dispose]();
    },
  };
}
