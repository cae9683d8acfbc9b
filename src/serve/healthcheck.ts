/**
 * The container's health check: asks this host's server for `/readyz` (on the configured
 * `PORT`, over loopback) and exits 0 when it answers 200, 1 otherwise. No curl in the image.
 *
 * With TLS configured (`PQGATE_TLS_CERT_FILE`) it asks over HTTPS without checking the
 * certificate: the certificate names the public host, not 127.0.0.1, and this probe sends
 * nothing secret and only reads a status code from its own machine's loopback.
 *
 * @module
 */

import { request } from "node:https";
import process from "node:process";
import { parseConfig, pickEnv } from "../config.ts";

const { port, tls } = parseConfig(pickEnv((name) => process.env[name]));
const url = `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}/readyz`;
try {
  const status = tls === undefined
    ? (await fetch(url, { signal: AbortSignal.timeout(4000) })).status
    : await httpsStatus(url);
  process.exit(status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}

function httpsStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 4000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}
