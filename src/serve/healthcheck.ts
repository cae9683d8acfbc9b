/**
 * The container's health check: asks this host's server for `/readyz` (on the configured
 * `PORT`, over loopback) and exits 0 when it answers 200, 1 otherwise. No curl in the image.
 *
 * @module
 */

import process from "node:process";
import { parseConfig, pickEnv } from "../config.ts";

const { port } = parseConfig(pickEnv((name) => process.env[name]));
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
