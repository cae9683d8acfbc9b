// bench/PROFILE.md from the profiled runs (bench/http/profile.ts).

import { fileURLToPath } from "node:url";
import type { LoadResult } from "../http/load.ts";
import type { Runtime } from "../http/servers.ts";
import { fixed, table } from "../report/format.ts";
import { type Bucket, BUCKETS, isBusy, pseudoBucket } from "./buckets.ts";
import type { Frame } from "./cpu-profile.ts";
import type { CpuSplit } from "./proc-cpu.ts";
import type { FunctionRow, ProfileSummary } from "./summary.ts";

export interface RuntimeProfile {
  readonly runtime: Runtime;
  readonly load: LoadResult;
  readonly cpu: CpuSplit;
  /** PostgreSQL transactions per request over the warm-up and the profiled load. */
  readonly transactionsPerRequest: number;
  readonly summary: ProfileSummary;
}

export interface ProfileDescription {
  readonly date: string;
  readonly machine: string[];
  readonly seconds: number;
}

const TOP_SELF = 15;
const TOP_TOTAL = 10;
const ROOT = `file://${fileURLToPath(new URL("../../", import.meta.url))}`;

const percent = (part: number, whole: number): string => fixed(whole > 0 ? (100 * part) / whole : null, 1, " %");

/** Samples in which the JavaScript thread was doing something. */
const busySamples = (s: ProfileSummary): number =>
  BUCKETS.filter(isBusy).reduce((sum, bucket) => sum + s.buckets[bucket], 0);

function location(frame: Frame): string {
  if (frame.url === "") return "[native]";
  const inPackage = /\/node_modules\/(?:\.deno\/[^/]+\/node_modules\/)?(.+)$/.exec(frame.url)?.[1];
  const place = inPackage ?? (frame.url.startsWith(ROOT) ? frame.url.slice(ROOT.length) : frame.url);
  return frame.line > 0 ? `${place}:${frame.line}` : place;
}

const code = (text: string): string => `\`${text.replaceAll("|", "\\|").replaceAll("`", "'")}\``;

function functionTable(rows: readonly FunctionRow[], busy: number): string {
  return table(
    ["function", "location", "bucket", "self", "total"],
    rows.map((row) => [
      code(row.frame.name),
      code(location(row.frame)),
      row.bucket,
      percent(row.self, busy),
      percent(row.total, busy),
    ]),
  );
}

/** CPU milliseconds per request of one party, from /proc. */
const perRequest = (seconds: number, run: RuntimeProfile): string =>
  fixed((seconds * 1000) / Math.max(1, run.load.requests), 2);

function cpuTable(runs: readonly RuntimeProfile[]): string {
  return table(
    [
      "runtime",
      "req/s",
      "gateway CPU ms/req",
      "PostgreSQL CPU ms/req",
      "load generator CPU ms/req",
      "PostgreSQL transactions/req",
      "gateway cores used",
      "other work on the machine (cores)",
      "machine busy",
    ],
    runs.map((run) => {
      const { cpu } = run;
      const cores = (seconds: number): string => fixed(seconds / cpu.wallSeconds, 2);
      const busy = cpu.gateway + cpu.postgres + cpu.loadGenerator + cpu.other;
      return [
        run.runtime,
        fixed(run.load.rps, 0),
        perRequest(cpu.gateway, run),
        perRequest(cpu.postgres, run),
        perRequest(cpu.loadGenerator, run),
        fixed(run.transactionsPerRequest, 2),
        cores(cpu.gateway),
        cores(cpu.other),
        `${cores(busy)} of ${cpu.cores} cores`,
      ];
    }),
  );
}

function mainThreadTable(runs: readonly RuntimeProfile[]): string {
  return table(
    [
      "runtime",
      "running",
      "waiting for a core",
      "asleep (awaiting PostgreSQL or clients)",
      "profiler samples: busy / all",
    ],
    runs.map((run) => {
      const { wallSeconds, mainThread } = run.cpu;
      const asleep = Math.max(0, wallSeconds - mainThread.running - mainThread.runnable);
      const share = (seconds: number): string =>
        `${percent(seconds, wallSeconds)} (${perRequest(seconds, run)} ms/req)`;
      return [
        run.runtime,
        share(mainThread.running),
        share(mainThread.runnable),
        share(asleep),
        `${busySamples(run.summary)} / ${run.summary.samples}`,
      ];
    }),
  );
}

function bucketTable(runs: readonly RuntimeProfile[]): string {
  const rows = BUCKETS.filter(isBusy).map((bucket: Bucket) => [
    bucket,
    ...runs.map((run) => percent(run.summary.buckets[bucket], busySamples(run.summary))),
  ]);
  return table(["bucket (share of busy samples)", ...runs.map((run) => run.runtime)], rows);
}

/** The three largest busy buckets and the main thread's split, as a sentence. */
function headline(run: RuntimeProfile): string {
  const busy = busySamples(run.summary);
  const top = BUCKETS.filter(isBusy)
    .map((bucket) => [bucket, run.summary.buckets[bucket]] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([bucket, n]) => `${bucket} ${percent(n, busy)}`);
  const { wallSeconds, mainThread } = run.cpu;
  return `${run.runtime}: ${fixed(run.load.rps, 0)} req/s; ${top.join(", ")} of the busy samples; main thread ${
    percent(mainThread.running, wallSeconds)
  } running, ${percent(mainThread.runnable, wallSeconds)} waiting for a core; ${
    perRequest(run.cpu.gateway, run)
  } gateway CPU ms and ${fixed(run.transactionsPerRequest, 2)} PostgreSQL transactions per request.`;
}

function runtimeSection(run: RuntimeProfile): string {
  const { load, summary } = run;
  const busy = busySamples(summary);
  const bySelf = [...summary.functions].filter((f) => f.self > 0 && isBusy(f.bucket))
    .sort((a, b) => b.self - a.self).slice(0, TOP_SELF);
  const byTotal = [...summary.functions].filter((f) => pseudoBucket(f.frame) === undefined)
    .sort((a, b) => b.total - a.total).slice(0, TOP_TOTAL);
  return [
    `## ${run.runtime}`,
    "",
    `Load: ML-DSA-65 sign, ${load.concurrency} clients, ${fixed(load.seconds, 1)} s: ${fixed(load.rps, 0)} req/s, p50 ${
      fixed(load.p50Ms)
    } ms, p99 ${fixed(load.p99Ms)} ms, ${load.errors} errors. Profile window ${
      fixed(summary.windowMs / 1000, 1)
    } s: ${summary.samples} samples, ${busy} busy.`,
    "",
    `### Top ${TOP_SELF} functions by self time (share of busy samples)`,
    "",
    functionTable(bySelf, busy),
    "",
    `### Top ${TOP_TOTAL} functions by total time (share of busy samples; a stack ends at an \`await\`)`,
    "",
    functionTable(byTotal, busy),
    "",
  ].join("\n");
}

export function profileMarkdown(description: ProfileDescription, runs: readonly RuntimeProfile[]): string {
  return [
    "# CPU profile of the HTTP sign path",
    "",
    `Generated by \`deno task bench:profile\` or \`bun run bench:profile\` (bench/http/profile.ts) on ${description.date} in ${
      fixed(description.seconds, 0)
    } s; do not edit by hand.`,
    "",
    ...description.machine.map((line) => `- ${line}`),
    "",
    "The single-process gateway on PostgreSQL (local, fsync off), software keystore, rate limits lifted,",
    "log level `warn`, under the runtime's own sampling profiler (`--cpu-prof`, 1 ms interval); the",
    "load generator (bench/http/load.ts) in its own Bun process on the same cores. After a warm-up, the",
    "profile covers the measured load only (start-up and shutdown are cut off by time). The gateway is",
    "stopped by SIGTERM and exits through its graceful shutdown, which is when the profile is written.",
    "",
    "A sample is attributed to the innermost frame on its stack that belongs to a known part",
    "(bench/profile/buckets.ts): a runtime built-in counts for the code that called it. The profile",
    "covers the JavaScript thread only; CPU time from /proc covers every thread of each process.",
    "Database time cannot be split by the service that issued a query: drizzle queries are",
    "thenables, built and sent in a promise job after the caller's `await`, so no caller is on the",
    "stack. The PostgreSQL transactions per request (pg_stat_database, warm-up and load) count the",
    "round trips instead: each statement outside a transaction is one.",
    "",
    "## Headline",
    "",
    ...runs.map((run) => `- ${headline(run)}`),
    "",
    "## Where the CPU goes",
    "",
    "CPU time during the profiled load, from /proc (all threads; the machine is shared with other work):",
    "",
    cpuTable(runs),
    "",
    "The gateway's main thread (the JavaScript event loop and the synchronous FFI calls) over the",
    "window, from schedstat. Both profilers sample by wall clock: a thread preempted inside a function",
    "is sampled there, so the bucket shares below weigh waiting for a core like running. That",
    "inflates functions after which the thread tends to lose its core, such as a socket write that",
    "wakes a PostgreSQL backend (on loopback the send also runs the receiving side's TCP processing).",
    "V8 (Deno) records idle samples; JSC (Bun) samples a running thread only, and less often than",
    "its interval on a loaded machine.",
    "",
    mainThreadTable(runs),
    "",
    "The JavaScript thread by bucket:",
    "",
    bucketTable(runs),
    "",
    ...runs.map(runtimeSection),
  ].join("\n");
}
