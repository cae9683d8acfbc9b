/**
 * What both runtime entry points share: configuration, the native library, the keystore and
 * the app. A failure here stops the process with a clear message and a `sysexits` code,
 * before anything listens: 78 (`EX_CONFIG`) for configuration, 69 (`EX_UNAVAILABLE`) for a
 * keystore device that does not answer.
 *
 * @module
 */

import process from "node:process";
import type { Hono } from "hono";
import { loadPqgate, PqError } from "../../ffi/mod.ts";
import { createApp } from "../app.ts";
import { type Config, configOrExit, type Env } from "../config.ts";
import { openConfiguredKeystore, SecretFileError } from "../services/keystore-setup.ts";

const EX_UNAVAILABLE = 69;
const EX_CONFIG = 78;

/** A configured, ready-to-serve app. */
export interface Started {
  readonly config: Config;
  readonly app: Hono;
}

/** Builds the app from `env`, or exits with a message. */
export function start(env: Env): Started {
  const config = configOrExit(env);
  const pq = loadPqgate({ path: config.libraryPath });
  try {
    const keystore = openConfiguredKeystore(pq, config.keystore);
    console.log(`pqgate: ${keystore.backend} keystore open (keys are ${keystore.protection})`);
    return { config, app: createApp({ native: pq, keystore, config }) };
  } catch (error) {
    if (error instanceof SecretFileError) fail(error.message, EX_CONFIG);
    if (error instanceof PqError) {
      fail(
        `cannot open the ${config.keystore.backend} keystore: ${error.message}`,
        error.status === "KEYSTORE_UNAVAILABLE" ? EX_UNAVAILABLE : EX_CONFIG,
      );
    }
    throw error;
  }
}

function fail(message: string, code: number): never {
  console.error(`pqgate: ${message}`);
  process.exit(code);
}
