/**
 * Debian's headless Chromium (`apt-get install chromium`, scripts/setup.sh) for the page checks of
 * the system tier: load a URL, dump the DOM after the page's scripts ran or take a screenshot,
 * and report every request the browser made (from its net log, so nothing escapes the record)
 * and what the page printed to its console.
 *
 * @module
 */

import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { missingPrerequisite } from "./prerequisite.ts";

/** Where Debian installs the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * The browser, or `undefined` when it is not installed (after `SKIPPED <what>: …`; under
 * `CI=true` this throws instead, as missing test vectors do).
 */
export function findChromium(what: string): string | undefined {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  missingPrerequisite(what, `${CHROMIUM} not found`, "apt-get install -y chromium, as scripts/setup.sh does");
  return undefined;
}

/** One request from the net log. */
export interface NetRequest {
  readonly url: string;
  /** The origin that caused it (`not an origin` for navigations and the browser's own traffic). */
  readonly initiator: string;
  /** `top-frame-site frame-site` (`null null` for the browser's own traffic). */
  readonly isolationKey: string;
}

/**
 * The requests made for a page served from 127.0.0.1: those it caused (its origin is the
 * initiator) or made on its behalf (its site is the top frame of the isolation key), as
 * opposed to the browser's own background traffic (update checks and the like).
 */
export function pageRequests(requests: readonly NetRequest[]): NetRequest[] {
  return requests.filter((r) =>
    r.initiator.startsWith("http://127.0.0.1") || r.isolationKey.startsWith("http://127.0.0.1 ")
  );
}

/** What one browser run produced. */
export interface PageRun {
  /** The DOM after rendering (`dumpDom`), else empty. */
  readonly dom: string;
  /** Every URL request the browser started, the browser's own background traffic included. */
  readonly requests: readonly NetRequest[];
  /** The page's console messages (CSP violations are reported there). */
  readonly console: readonly string[];
}

/** What to do with the page. */
export type PageAction = { readonly dumpDom: true } | { readonly screenshot: string };

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: Record<string, unknown> }[];
}

function requestsOf(netLogFile: string): NetRequest[] {
  const log = JSON.parse(readFileSync(netLogFile, "utf8")) as NetLog;
  const start = log.constants.logEventTypes["URL_REQUEST_START_JOB"];
  const out: NetRequest[] = [];
  for (const event of log.events) {
    const p = event.params;
    if (event.type !== start || p === undefined || typeof p.url !== "string") continue;
    out.push({ url: p.url, initiator: String(p.initiator), isolationKey: String(p.network_isolation_key) });
  }
  return out;
}

/**
 * Loads `url` in a fresh headless Chromium profile under `dir` (run `run`, so several runs may
 * share a folder) and does `action` once the page has settled (`--virtual-time-budget`). No
 * host but 127.0.0.1 resolves, so nothing leaves the machine even when a page tries; the net
 * log still records the attempt.
 */
export function loadPage(
  browser: string,
  dir: string,
  run: string,
  url: string,
  action: PageAction,
  timeoutMs = 25_000,
): Promise<PageRun> {
  const netLog = join(dir, `${run}.netlog.json`);
  const args = [
    "--headless",
    // CI runs as root, where Chromium's sandbox cannot start; the page is our own, on loopback.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${join(dir, `${run}.profile`)}`,
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    `--log-net-log=${netLog}`,
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=15000",
    "--window-size=1280,1600",
    "dumpDom" in action ? "--dump-dom" : `--screenshot=${action.screenshot}`,
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(browser, args, { timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error !== null) return reject(new Error(`chromium failed (${error.message}):\n${stderr.slice(-4000)}`));
      const messages = stderr.split("\n").filter((line) => line.includes(":CONSOLE"));
      resolve({ dom: "dumpDom" in action ? stdout : "", requests: requestsOf(netLog), console: messages });
    });
  });
}

/** The visible text of an HTML fragment: no styles or scripts, tags as spaces, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<wbr\s*\/?>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
