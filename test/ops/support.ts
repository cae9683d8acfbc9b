/**
 * A real server process in a temporary data directory, with its admin token, for the
 * operations tests.
 *
 * @module
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import assert from "../support/assert.ts";
import { SOFTHSM_MODULE, USER_PIN } from "../support/devices.ts";
import { tempDir } from "../support/pq.ts";
import { type ServerProcess, startServer } from "../support/runtime.ts";

/** A started server, its admin token and data folder; all removed on dispose. */
export interface OpsServer extends AsyncDisposable {
  readonly server: ServerProcess;
  readonly token: string;
  readonly dir: string;
  /** `fetch` on the server as the admin, with a JSON body when given. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** The variable that puts a server's PGlite database (`db/`), software keystore (`keystore/`) and first token into `dir`. */
export function dataEnv(dir: string): Record<string, string> {
  return { PQGATE_DATA_DIR: dir };
}

/** Writes `content` to an owner-only file in `dir` and returns its path. */
export function secretFile(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** Starts a server on a fresh data directory, with `env` added. */
export async function opsServer(env: Record<string, string> = {}): Promise<OpsServer> {
  const dir = tempDir();
  try {
    const server = await startServer({ ...dataEnv(dir.path), ...env });
    const token = readFileSync(join(dir.path, "initial-admin-token"), "utf8").trim();
    return {
      server,
      token,
      dir: dir.path,
      call: (method, path, body, headers = {}) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      [Symbol.asyncDispose]: async () => {
        await server[Symbol.asyncDispose]();
        dir[Symbol.dispose]();
      },
    };
  } catch (error) {
    dir[Symbol.dispose]();
    throw error;
  }
}

/** `fetch` on a server as the bearer of `token`, with a JSON body when given. */
export type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

/** A {@link Call} on `server` as `token`. */
export function caller(server: ServerProcess, token: string): Call {
  return (method, path, body) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** The JSON body of a response, after checking its status (200 unless given). */
export async function json(res: Promise<Response>, status = 200): Promise<Record<string, unknown>> {
  const r = await res;
  const text = await r.text();
  assert.equal(r.status, status, text);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The environment of a replica on PostgreSQL `url` and the SoftHSM2 token `tokenLabel`, whose
 * admin token is `admin` (whichever replica starts first installs it); secrets go to files in `dir`.
 */
export function replicaEnv(url: string, tokenLabel: string, dir: string, admin: string): Record<string, string> {
  return {
    DATABASE_URL: url,
    PQGATE_KEYSTORE: "pkcs11",
    PQGATE_PKCS11_MODULE: SOFTHSM_MODULE,
    PQGATE_PKCS11_TOKEN: tokenLabel,
    PQGATE_PKCS11_PIN_FILE: secretFile(dir, "pin", USER_PIN),
    PQGATE_ADMIN_TOKEN_FILE: secretFile(dir, "admin-token", admin),
    PQGATE_INITIAL_TOKEN_OUT: join(dir, "unused-initial-token"),
  };
}
