/**
 * Structured logs: one JSON object per line on standard output, with `time`, `level`, `msg`
 * and the caller's fields. Log shippers (journald, Docker, Kubernetes) read stdout; one
 * stream keeps the lines in order.
 *
 * Callers pass only what is safe to keep: ids, names, statuses, durations. Never request
 * bodies, tokens, key material or database URLs. An `Error` in the fields is reduced to its
 * name and message (the stack only at `debug`), since a native message is for operators and
 * is already free of secrets.
 *
 * @module
 */

/** Severity, lowest first (`PQGATE_LOG_LEVEL`). */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** One severity. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Extra members of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. */
export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Where lines go: `console.log` (stdout) unless a test collects them. */
export type LineSink = (line: string) => void;

/**
 * A logger writing lines at `level` and above to `sink`.
 *
 * `time` is ISO 8601 UTC; the caller's fields cannot overwrite `time`, `level` or `msg`.
 */
export function jsonLogger(level: LogLevel, sink: LineSink = (line) => console.log(line)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (lineLevel: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
    const safe = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, loggable(v, level === "debug")]));
    sink(JSON.stringify({ ...safe, time: new Date().toISOString(), level: lineLevel, msg }));
  };
  return { level, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function loggable(value: unknown, withStack: boolean): unknown {
  if (!(value instanceof Error)) return value;
  return { name: value.name, message: value.message, ...(withStack ? { stack: value.stack } : {}) };
}
