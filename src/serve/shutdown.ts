/**
 * Graceful shutdown on SIGTERM (Docker, Kubernetes, systemd) and SIGINT (Ctrl-C), the same on
 * Deno and Bun: stop accepting connections, let in-flight requests finish for at most
 * `timeoutMs`, close the database, keystore and caches, exit 0. A second signal while
 * draining exits at once with status 1, unless it is the first one delivered again.
 *
 * One Ctrl-C can arrive twice: the terminal sends SIGINT to the whole foreground process group,
 * and `deno task serve` puts its task runner in that group with the server, and the runner
 * forwards the SIGINT it got to the server as well (both arrive within a millisecond). The
 * server cannot leave the runner's group (it would no longer get Ctrl-C when run directly),
 * and the task cannot skip the runner, so the same signal again within
 * {@link DUPLICATE_SIGNAL_WINDOW_MS} of the first counts as that first one. A person pressing
 * Ctrl-C again to give up on the drain does so later than that, and still exits at once.
 *
 * @module
 */

import process from "node:process";
import type { Logger } from "../logger.ts";

/** What a runtime entry point hands over. */
export interface ShutdownSteps {
  /** Stops listening and resolves once in-flight requests are done (`server.shutdown()` / `stop()`). */
  drain(): Promise<void>;
  /** Releases everything else (`Started.close`). */
  close(): Promise<void>;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** How soon the same signal again is taken for the first one delivered twice (see the module doc). */
export const DUPLICATE_SIGNAL_WINDOW_MS = 500;

/** Installs the signal handlers; the returned function shuts down the same way, exiting with `code`. */
export function shutdownOnSignals(steps: ShutdownSteps): (reason: string, code: number) => void {
  let draining = false;
  let first: { signal: string; at: number } | undefined;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (draining) {
        if (first?.signal === signal && performance.now() - first.at < DUPLICATE_SIGNAL_WINDOW_MS) {
          steps.logger.debug("the same signal again at once (one Ctrl-C through a task runner): draining on", {
            signal,
          });
          return;
        }
        steps.logger.warn("second signal while draining: exiting now", { signal });
        process.exit(1);
      }
      draining = true;
      first = { signal, at: performance.now() };
      void shutdown(steps, signal, 0);
    });
  }
  return (reason, code) => {
    if (draining) return;
    draining = true;
    void shutdown(steps, reason, code);
  };
}

async function shutdown(steps: ShutdownSteps, signal: string, code: number): Promise<void> {
  const { logger, timeoutMs } = steps;
  logger.info("shutting down: draining in-flight requests", { signal, timeoutMs });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  const drained = await Promise.race([steps.drain().then(() => "drained" as const), timedOut]).catch(
    (error: Error) => {
      logger.error("draining failed", { error });
      return "failed" as const;
    },
  );
  clearTimeout(timer);
  if (drained !== "drained") logger.warn("in-flight requests cut off", { reason: drained });
  try {
    await steps.close();
  } catch (error) {
    logger.error("closing failed", { error });
  }
  logger.info("shutdown complete", { signal });
  process.exit(code);
}
