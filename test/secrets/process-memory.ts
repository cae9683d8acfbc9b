/**
 * Another process's memory as a scan source: the readable mappings of `/proc/<pid>/maps`, of
 * which only the pages `/proc/<pid>/pagemap` marks present (or swapped) are read, through
 * `/proc/<pid>/mem`. Runtimes reserve gigabytes they never touch (Bun maps 6 GiB read-write at
 * start, nearly all of it untouched), so reading only resident pages turns minutes into
 * seconds, and an untouched page holds nothing but zeros anyway.
 *
 * Reading `/proc/<pid>/mem` is allowed for a process of the same user unless Yama's
 * `ptrace_scope` forbids it. Deno opens `/proc/<pid>` files only with `--allow-all`, a grant the
 * test task does not give, so {@link scanProcessMemory} runs the scan in a child process of the
 * test's runtime (fixtures/memory-scan.ts) and hands it the secrets on standard input.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import type { Finding, SecretScanner } from "../support/scan.ts";
import { runtimeCommand } from "../support/runtime.ts";

/** One mapping of `/proc/<pid>/maps`. */
export interface MemoryRegion {
  readonly start: number;
  readonly end: number;
  /** `rw-p`, `r-xp`, … */
  readonly perms: string;
  /** The mapped file, `[heap]`, `[stack]`, or empty for anonymous memory. */
  readonly name: string;
}

/** What a memory scan covered and found. */
export interface MemoryScan {
  /** Readable regions, and how many bytes they map. */
  readonly regions: number;
  readonly mappedBytes: number;
  /** Resident bytes read and searched. */
  readonly bytes: number;
  /** Reads the kernel refused (e.g. `[vvar]`), with the reason. */
  readonly unreadable: readonly string[];
  /** One finding per secret, form and region. */
  readonly findings: readonly Finding[];
}

/** The process's mappings. */
export function memoryRegions(pid: number): MemoryRegion[] {
  return readFileSync(`/proc/${pid}/maps`, "utf8").trim().split("\n").map((line) => {
    const [range = "", perms = "", , , , ...name] = line.split(/\s+/);
    const [start = "0", end = "0"] = range.split("-");
    return { start: parseInt(start, 16), end: parseInt(end, 16), perms, name: name.join(" ") };
  });
}

const PAGE = 4096;
const CHUNK_BYTES = 8 << 20;
/** Bits 63 (present in RAM) and 62 (swapped out) of a little-endian pagemap entry, in its high word. */
const RESIDENT = 0xc0000000;

/** The address ranges of `region` whose pages are in memory or swap, merged into runs. */
function residentRuns(pagemap: number, region: MemoryRegion): [number, number][] {
  const runs: [number, number][] = [];
  const words = new Uint32Array(2 * 65536);
  const bytes = new Uint8Array(words.buffer);
  for (let page = region.start / PAGE; page < region.end / PAGE;) {
    const count = Math.min(words.length / 2, region.end / PAGE - page);
    const read = readSync(pagemap, bytes, 0, count * 8, page * 8) / 8;
    if (read === 0) break;
    for (let i = 0; i < read; i++) {
      if (((words[2 * i + 1] as number) & RESIDENT) === 0) continue;
      const at = (page + i) * PAGE;
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === at) last[1] = at + PAGE;
      else runs.push([at, at + PAGE]);
    }
    page += read;
  }
  return runs;
}

/** The bytes of `[start, end)`, chunk by chunk into one reused buffer; stops at the first refused read. */
function* chunksOf(mem: number, start: number, end: number, buffer: Uint8Array, refused: (why: string) => void) {
  for (let at = start; at < end;) {
    let read = 0;
    try {
      read = readSync(mem, buffer, 0, Math.min(buffer.length, end - at), at);
    } catch (error) {
      return refused(`${at.toString(16)}: ${(error as Error).message}`);
    }
    if (read === 0) return refused(`${at.toString(16)}: nothing to read`);
    yield buffer.subarray(0, read);
    at += read;
  }
}

/**
 * Scans the resident pages of every readable region of process `pid`, from this process
 * (which must be able to open its `/proc` files: see the module comment).
 */
export function scanMemoryInProcess(pid: number, scanner: SecretScanner): MemoryScan {
  const regions = memoryRegions(pid).filter((r) => r.perms.startsWith("r"));
  const buffer = new Uint8Array(CHUNK_BYTES);
  const mem = openSync(`/proc/${pid}/mem`, "r");
  const pagemap = openSync(`/proc/${pid}/pagemap`, "r");
  const findings: Finding[] = [];
  const unreadable: string[] = [];
  let bytes = 0;
  try {
    for (const region of regions) {
      const where = `memory ${region.start.toString(16)}-${region.end.toString(16)} ${region.perms} ${
        region.name || "[anon]"
      }`;
      for (const [start, end] of residentRuns(pagemap, region)) {
        const chunks = chunksOf(mem, start, end, buffer, (why) => unreadable.push(`${where} at ${why}`));
        findings.push(...scanner.findChunked(where, countBytes(chunks, (n) => (bytes += n))));
      }
    }
  } finally {
    closeSync(mem);
    closeSync(pagemap);
  }
  const distinct = new Map(findings.map((f) => [`${f.secret}\u0000${f.form}\u0000${f.where}`, f]));
  const mappedBytes = regions.reduce((sum, r) => sum + r.end - r.start, 0);
  return { regions: regions.length, mappedBytes, bytes, unreadable, findings: [...distinct.values()] };
}

function* countBytes(chunks: Iterable<Uint8Array>, add: (n: number) => void): Generator<Uint8Array> {
  for (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

const SCANNER_SCRIPT = new URL("./fixtures/memory-scan.ts", import.meta.url).pathname;

/**
 * Scans process `pid`'s memory for `secrets` from a child process of the test's runtime with
 * the grants `/proc/<pid>/mem` needs; the secrets travel on its standard input, never in argv.
 *
 * @throws {Error} with the child's message when the memory cannot be read at all.
 */
export async function scanProcessMemory(
  pid: number,
  secrets: Readonly<Record<string, Uint8Array>>,
): Promise<MemoryScan> {
  const [command, args] = runtimeCommand(SCANNER_SCRIPT, { allowAll: true });
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const hex = Object.fromEntries(Object.entries(secrets).map(([label, s]) => [label, Buffer.from(s).toString("hex")]));
  child.stdin?.end(JSON.stringify({ pid, secrets: hex }));
  const code = await exited;
  if (code !== 0) throw new Error(`the memory scan of process ${pid} failed (${code}): ${stderr.trim()}`);
  return JSON.parse(stdout) as MemoryScan;
}
