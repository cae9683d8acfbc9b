// CPU time from /proc, read around a load window: the gateway process (all its threads) and its
// main thread (the JavaScript event loop: running, waiting for a core, or asleep), the
// PostgreSQL server (postmaster and backends), this process's reaped children (the load
// generator, which exits within the window) and the whole machine (the share other work took).

import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import process from "node:process";

/** Linux clock ticks per second (`getconf CLK_TCK`): 100 on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // the process has gone
  }
}

/** Field n of stat(5), numbered as in the man page (state is 3). */
const field = (fields: string[], n: number): number => Number(fields[n - 3] ?? 0);

/** User + system CPU seconds of `pid`'s own threads. */
export function ownCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields === undefined ? 0 : (field(fields, 14) + field(fields, 15)) / TICKS_PER_SECOND;
}

/** CPU seconds of the children `pid` has waited for (cutime + cstime). */
export function reapedChildrenCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields === undefined ? 0 : (field(fields, 16) + field(fields, 17)) / TICKS_PER_SECOND;
}

/** CPU seconds of `root` and its live descendants. */
export function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    if (fields === undefined) continue;
    const parent = field(fields, 4);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let total = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += ownCpuSeconds(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * Seconds a thread has run and has waited runnable for a core (schedstat(5): the first two
 * fields, nanoseconds). A sampling profiler cannot tell these apart: a thread preempted inside
 * a function is sampled there.
 */
export function threadSchedule(pid: number, tid = pid): { running: number; runnable: number } {
  try {
    const [running = 0, runnable = 0] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")
      .map(Number);
    return { running: running / 1e9, runnable: runnable / 1e9 };
  } catch {
    return { running: 0, runnable: 0 };
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** CPU seconds each party used over a window, and the window's wall seconds. */
export interface CpuSplit {
  readonly wallSeconds: number;
  readonly cores: number;
  readonly gateway: number;
  /** The gateway's main thread: seconds running and seconds runnable but waiting for a core. */
  readonly mainThread: { readonly running: number; readonly runnable: number };
  readonly postgres: number;
  readonly loadGenerator: number;
  /** Everything else the machine ran (other users of the shared cores, this orchestrator). */
  readonly other: number;
}

interface Reading {
  readonly at: number;
  readonly gateway: number;
  /** The gateway's main thread: seconds running and seconds runnable but waiting for a core. */
  readonly mainThread: { readonly running: number; readonly runnable: number };
  readonly postgres: number;
  readonly reaped: number;
  readonly machine: number;
}

function read(gatewayPid: number, postgresPid: number): Reading {
  return {
    at: performance.now(),
    gateway: ownCpuSeconds(gatewayPid),
    mainThread: threadSchedule(gatewayPid),
    postgres: treeCpuSeconds(postgresPid),
    reaped: reapedChildrenCpuSeconds(process.pid),
    machine: machineCpuSeconds().busy,
  };
}

/**
 * Measures `work` (which must start and reap the load generator itself). The load generator's
 * CPU is the growth of this process's reaped-children time; nothing else is reaped meanwhile.
 */
export async function measureCpu<T>(
  gatewayPid: number,
  postgresPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuSplit }> {
  const before = read(gatewayPid, postgresPid);
  const result = await work();
  const after = read(gatewayPid, postgresPid);
  const gateway = after.gateway - before.gateway;
  const postgres = after.postgres - before.postgres;
  const loadGenerator = after.reaped - before.reaped;
  const machine = after.machine - before.machine;
  const cpu = {
    wallSeconds: (after.at - before.at) / 1000,
    cores: cpus().length,
    gateway,
    mainThread: {
      running: after.mainThread.running - before.mainThread.running,
      runnable: after.mainThread.runnable - before.mainThread.runnable,
    },
    postgres,
    loadGenerator,
    other: Math.max(0, machine - gateway - postgres - loadGenerator),
  };
  return { result, cpu };
}
