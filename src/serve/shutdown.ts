/**
 * Graceful shutdown on SIGTERM (Docker, Kubernetes, systemd) and SIGINT (Ctrl-C), the same on
 * Deno and Bun: stop accepting connections, let in-flight requests finish for at most
 * `timeoutMs`, close the database, keystore and caches, exit 0. A second signal while
 * draining exits at once with status 1.
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

/** Installs the signal handlers; the returned function shuts down the same way, exiting with `code`. */
export function shutdownOnSignals(steps: ShutdownSteps): (reason: string, code: number) => void {
  let draining = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (draining) {
        steps.logger.warn("second signal while draining: exiting now", { signal });
        process.exit(1);
      }
      draining = true;
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
