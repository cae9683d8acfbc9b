/**
 * One process per PGlite data directory. PGlite runs Postgres inside the process, with none of
 * the server's own interlock: two processes opening one directory would both write its files
 * and corrupt it. The owner writes its pid to `<dataDir>.lock` (created exclusively) and removes
 * it on close; a second process finds the file naming a live process and is refused with a
 * message saying what to do. A file left by a process that died (or by this very pid, after a
 * container restart reused it) is taken over.
 *
 * @module
 */

import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import process from "node:process";

/** Why the data directory could not be opened: another live process owns it. */
export class DataDirInUse extends Error {
  override readonly name = "DataDirInUse";

  constructor(readonly dataDir: string, readonly ownerPid: number) {
    super(
      `the PGlite data directory ${dataDir} is in use by process ${ownerPid}: one process per data directory ` +
        "(stop that process, or use PostgreSQL through DATABASE_URL to run several)",
    );
  }
}

/** Holds `<dataDir>.lock` until released. */
export interface OwnerLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still makes it alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory's lock.
 *
 * @throws {DataDirInUse} when a live process other than this one holds it.
 */
export function lockDataDir(dataDir: string): OwnerLock {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        release: () => {
          if (ownerOf(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = ownerOf(path);
    if (owner !== undefined && owner !== process.pid && alive(owner)) throw new DataDirInUse(dataDir, owner);
    // Stale (its process is gone) or half-written: remove it and try again.
    rmSync(path, { force: true });
  }
  throw new Error(`cannot take the lock ${path}: it keeps reappearing`);
}
