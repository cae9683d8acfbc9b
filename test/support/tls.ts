/**
 * TLS fixtures for the system tests of HTTPS serving: a throwaway self-signed ECDSA P-256
 * certificate made by the openssl command-line tool (Debian's `openssl`), and the independent
 * TLS client, test/support/tls-probe (Go's crypto/tls, standard library only), built once per
 * test process.
 *
 * Both come from outside the repository: when `openssl` or a Go toolchain of at least 1.25
 * (`ConnectionState().CurveID`) is missing, {@link tlsPrerequisites} reports it through
 * `missingPrerequisite` (a failure under `CI=true`).
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { missingPrerequisite } from "./prerequisite.ts";

const PROBE_SOURCE = fileURLToPath(new URL("./tls-probe/", import.meta.url));
/** Go 1.25 reports the negotiated group (`ConnectionState().CurveID`); 1.24 already offers X25519MLKEM768. */
const MIN_GO_MINOR = 25;
/**
 * Never let `go` fetch a newer toolchain: only the installed one is used. Its build cache needs
 * a home; without one (a bare CI environment) it goes to the temporary folder.
 */
const GO_ENV = {
  ...process.env,
  GOTOOLCHAIN: "local",
  ...(process.env.HOME || process.env.GOCACHE ? {} : { GOCACHE: join(tmpdir(), "pqgate-go-build-cache") }),
};
/** `go` on PATH, else the official tarball's place (the machines here have Go there). */
const GO = spawnSync("go", ["version"]).status === 0 ? "go" : "/usr/local/go/bin/go";

/** The certificate (trust anchor for the probe) and key files of a throwaway server identity. */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/** What one probe connection saw (test/support/tls-probe/main.go prints it as JSON). */
export interface ProbeResult {
  /** The Go release that made the connection. */
  readonly go: string;
  /** The negotiated key-exchange group (`X25519MLKEM768`, `X25519`, …), when the handshake succeeded. */
  readonly group?: string;
  readonly version?: string;
  readonly status?: number;
  readonly body?: Record<string, unknown>;
  /** Why the handshake or the request failed. */
  readonly error?: string;
  /** The probe's exit code: 0 answered, 2 the handshake failed, 1 anything else. */
  readonly exitCode: number | null;
}

/** Makes a self-signed ECDSA P-256 certificate for `localhost` and 127.0.0.1 in `dir`; the key file is 0600. */
export function makeCertificate(dir: string): TestCertificate {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const result = spawnSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    certFile,
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { encoding: "utf8" }); // deno-fmt-ignore
  if (result.status !== 0) throw new Error(`openssl req failed: ${result.stderr}`);
  chmodSync(keyFile, 0o600);
  return { certFile, keyFile };
}

let probe: string | undefined;

/**
 * Checks openssl and Go are there and builds the probe into `dir` (once per process); false
 * (after reporting what is missing) when the tests cannot run.
 */
export function tlsPrerequisites(dir: string): boolean {
  const what = "TLS key-exchange tests";
  if (spawnSync("openssl", ["version"]).status !== 0) {
    missingPrerequisite(what, "no openssl command", "apt-get install -y openssl");
    return false;
  }
  const version = spawnSync(GO, ["env", "GOVERSION"], { encoding: "utf8", env: GO_ENV });
  const minor = Number(/^go1\.(\d+)/.exec(version.stdout ?? "")?.[1] ?? NaN);
  if (version.status !== 0 || !(minor >= MIN_GO_MINOR)) {
    missingPrerequisite(
      what,
      version.status === 0 ? `Go ${version.stdout.trim()} is older than go1.${MIN_GO_MINOR}` : "no go command",
      `install Go 1.${MIN_GO_MINOR} or later (Debian 12's golang-go is 1.19, too old: docs/DEPLOYMENT.md, "TLS")`,
    );
    return false;
  }
  if (probe === undefined) {
    const out = join(dir, "tls-probe");
    const build = spawnSync(GO, ["build", "-o", out, "."], { cwd: PROBE_SOURCE, encoding: "utf8", env: GO_ENV });
    if (build.status !== 0) throw new Error(`go build of the TLS probe failed: ${build.stderr}`);
    probe = out;
  }
  return true;
}

/** Connects the probe to 127.0.0.1:`port`, trusting `cert`, and GETs `path`. */
export function runProbe(
  port: number,
  cert: TestCertificate,
  options: { onlyMlkem?: boolean; path?: string } = {},
): ProbeResult {
  if (probe === undefined) throw new Error("call tlsPrerequisites first");
  const args = ["-port", String(port), "-ca", cert.certFile, "-path", options.path ?? "/healthz"];
  if (options.onlyMlkem) args.push("-only-mlkem");
  const result = spawnSync(probe, args, { encoding: "utf8", timeout: 15_000 });
  const line = (result.stdout ?? "").trim().split("\n").at(-1) ?? "";
  try {
    return { ...JSON.parse(line), exitCode: result.status };
  } catch {
    throw new Error(`the TLS probe printed no result (exit ${result.status}): ${result.stdout}${result.stderr}`);
  }
}
