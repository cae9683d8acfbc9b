/**
 * HTTPS in the runtimes' own servers (`Deno.serve({ cert, key })`, `Bun.serve({ tls })`): the
 * PEM files named by `PQGATE_TLS_CERT_FILE` / `PQGATE_TLS_KEY_FILE`, and what `/readyz` says
 * about the key exchange.
 *
 * Post-quantum key exchange is not configured here: neither server lets an application choose
 * its TLS groups. What each pinned runtime negotiates with a client that offers the hybrid
 * `X25519MLKEM768` group was measured with an independent client (Go's crypto/tls,
 * test/support/tls-probe, run by test/serve/tls.system.test.ts) and is recorded in
 * {@link MEASURED_PQ_KEY_EXCHANGE}; any other runtime version is reported as `"unknown"`
 * until measured, never assumed.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import type { RuntimeInfo } from "../../ffi/mod.ts";
import type { TlsSettings } from "../config.ts";
import { readSecretFile } from "../bootstrap/keystore-setup.ts";
import type { TlsReport } from "../services/readiness.ts";

/** The certificate chain and private key, as PEM text (the key never leaves this process). */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

/** A certificate or key file that cannot be used; `message` names the file, never its contents. */
export class TlsFileError extends Error {
  override readonly name = "TlsFileError";
}

/**
 * Reads the certificate (any mode) and the key (through the secret-file rules: owner-only,
 * not empty) and checks both are PEM of the expected kind.
 *
 * @throws {TlsFileError} or `SecretFileError` (bootstrap/keystore-setup.ts).
 */
export function readTlsMaterial(settings: TlsSettings): TlsMaterial {
  let cert: string;
  try {
    cert = readFileSync(settings.certFile, "utf8");
  } catch (error) {
    throw new TlsFileError(`cannot read TLS certificate file ${settings.certFile}: ${(error as Error).message}`);
  }
  if (!cert.includes("-----BEGIN CERTIFICATE-----")) {
    throw new TlsFileError(`TLS certificate file ${settings.certFile} holds no PEM certificate`);
  }
  const key = new TextDecoder().decode(readSecretFile(settings.keyFile));
  if (!/-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(key)) {
    throw new TlsFileError(`TLS key file ${settings.keyFile} holds no PEM private key`);
  }
  return { cert, key };
}

/** The server runtime (`runtimeInfo()` of the binding). */
export type RuntimeVersion = RuntimeInfo;

/**
 * Runtime versions whose TLS server was measured negotiating `X25519MLKEM768` with Go 1.26's
 * crypto/tls (both with its default groups and offering that group alone). Deno serves TLS
 * with rustls, Bun with BoringSSL. Update after re-running test/serve/tls.system.test.ts when
 * a pin in package.json moves: the test fails until this table agrees with what it measured.
 */
export const MEASURED_PQ_KEY_EXCHANGE: Readonly<Record<RuntimeVersion["runtime"], readonly string[]>> = {
  deno: ["2.9.5"],
  bun: ["1.4.5"],
};

/**
 * What `/readyz` says about TLS on `runtime` (undefined: not Deno or Bun): plain HTTP, or HTTPS
 * and whether its key exchange is post-quantum.
 */
export function tlsReport(tls: TlsSettings | undefined, runtime: RuntimeVersion | undefined): TlsReport {
  if (tls === undefined) return { enabled: false, pqKeyExchange: false };
  const measured = runtime !== undefined &&
    MEASURED_PQ_KEY_EXCHANGE[runtime.runtime].includes(runtime.version);
  return { enabled: true, pqKeyExchange: measured ? true : "unknown" };
}
