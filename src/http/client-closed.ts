/**
 * Requests whose client went away before their answer was ready: the connection closed before
 * the body was read to its end, or while the request was being served. No status reaches such a
 * client, and nothing it did wrong caused it, so it is neither a 4xx nor a 5xx: the request log,
 * the metrics and the audit trail record it as its own outcome, `client-closed`.
 *
 * Two signs, the same on Deno and Bun: reading the body fails ({@link markClientClosed}, by
 * `readBody`), or the request's abort signal has fired by the time the answer is ready (both
 * runtimes abort it when the connection closes). A close the server has not seen yet when the
 * answer is ready cannot be told from a delivered answer: such a request is recorded as answered.
 * Deno runs with `"unstable": ["no-legacy-abort"]` (deno.json): its legacy mode also aborts the
 * signal after every delivered answer, and prints a warning once the signal has been read.
 *
 * @module
 */

import type { Context } from "hono";

/** The outcome of such a request in the log, the metrics and the audit trail. */
export const CLIENT_CLOSED = "client-closed";

/** The abort signal of each request as it arrived (before any middleware replaced `c.req.raw`). */
const signals = new WeakMap<Context, AbortSignal>();
const unreadable = new WeakSet<Context>();

/** Remembers `c`'s connection; call on entry, before anything replaces `c.req.raw` (idempotent). */
export function watchConnection(c: Context): void {
  if (!signals.has(c)) signals.set(c, c.req.raw.signal);
}

/** The body of `c` could not be read to its end: its connection closed (or broke) first. */
export function markClientClosed(c: Context): void {
  unreadable.add(c);
}

const verdicts = new WeakMap<Context, boolean>();

/**
 * Whether `c`'s client went away before its answer was ready. Ask once the answer is ready; the
 * first answer sticks, so the audit trail and the request log (which asks later) agree.
 */
export function clientClosed(c: Context): boolean {
  let closed = verdicts.get(c);
  if (closed === undefined) {
    closed = unreadable.has(c) || (signals.get(c) ?? c.req.raw.signal).aborted;
    verdicts.set(c, closed);
  }
  return closed;
}
