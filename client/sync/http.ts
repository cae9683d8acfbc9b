/**
 * The client's HTTP: JSON with a bearer token, bytes as base64url, and refusals as
 * {@link SyncHttpError} carrying the RFC 9457 problem.
 *
 * @module
 */

import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";

/** A refused request: its status and problem `type` (e.g. `urn:pqgate:problem:sync-stale-epoch`). */
export class SyncHttpError extends Error {
  override readonly name = "SyncHttpError";
  readonly status: number;
  readonly type: string;
  readonly problem: Readonly<Record<string, unknown>>;

  constructor(method: string, path: string, status: number, problem: Readonly<Record<string, unknown>>) {
    super(`${method} ${path}: ${status} ${String(problem.type ?? "")} ${String(problem.detail ?? "")}`);
    this.status = status;
    this.type = String(problem.type ?? "");
    this.problem = problem;
  }
}

/** How requests are sent: the global `fetch`, or e.g. an in-process app's `request`. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response> | Response;

/** A gateway endpoint with a token. */
export class GatewayHttp {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: Fetch;

  constructor(baseUrl: string, token: string, send: Fetch = (url, init) => fetch(url, init)) {
    this.#baseUrl = baseUrl.replace(/\/$/, "");
    this.#token = token;
    this.#fetch = send;
  }

  /** Sends `body` as JSON; resolves to the JSON answer (`{}` for an empty one). @throws {SyncHttpError}. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#fetch(`${this.#baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = text === "" ? {} : JSON.parse(text);
    if (!res.ok) throw new SyncHttpError(method, path, res.status, json);
    return json as T;
  }
}

/** Bytes for JSON. */
export const b64 = toBase64Url;

/** JSON text to bytes. @throws {Error} for text that is not base64url (a broken gateway). */
export function unb64(text: string): Uint8Array {
  const bytes = fromBase64Url(text);
  if (bytes === undefined) throw new Error("the gateway sent malformed base64url");
  return bytes;
}
