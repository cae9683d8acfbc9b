/**
 * An HTTP client of a running gateway that keeps every response it receives (status, headers
 * and body) as a scan source, named so a test can allow a secret in exactly one of them.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { Fetch } from "../../client/sync/http.ts";
import type { ByteSource } from "../support/scan.ts";
import assert from "../support/assert.ts";

/** A response as the scenario reads it. */
export interface Recorded {
  readonly status: number;
  /** The parsed body of a JSON response, else its text. */
  // deno-lint-ignore no-explicit-any
  readonly json: any;
  /** The response's name among the scan sources. */
  readonly where: string;
}

/** Records every response of the gateway at `url`. */
export class RecordingClient {
  readonly url: string;
  /** Every response so far, in order. */
  readonly responses: ByteSource[] = [];
  #token: string;

  constructor(url: string, token: string) {
    this.url = url;
    this.#token = token;
  }

  /** A `fetch` for other clients (the sync client): the same recording. */
  readonly send: Fetch = async (url, init) => (await this.#exchange(url, init)).response;

  /**
   * `method path` with a JSON body, as the admin token unless `token` is given; fails the test
   * unless the status is `expected`.
   */
  async call(method: string, path: string, body?: unknown, expected = 200, token = this.#token): Promise<Recorded> {
    const { response, where } = await this.#exchange(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    assert.equal(response.status, expected, `${method} ${path}: ${text}`);
    const isJson = /json/.test(response.headers.get("content-type") ?? "");
    return { status: response.status, json: isJson ? JSON.parse(text) : text, where };
  }

  async #exchange(url: string, init: RequestInit): Promise<{ response: Response; where: string }> {
    const response = await fetch(url, init);
    const body = new Uint8Array(await response.arrayBuffer());
    const head = [`${response.status} ${response.statusText}`, ...[...response.headers].map(([k, v]) => `${k}: ${v}`)];
    const where = `response ${this.responses.length + 1} ${init.method ?? "GET"} ${new URL(url).pathname}`;
    this.responses.push({ where, bytes: Buffer.concat([Buffer.from(`${head.join("\n")}\n\n`), body]) });
    // A 204 or 304 may carry no body, not even an empty one.
    const replay = [204, 205, 304].includes(response.status) ? null : body;
    return { response: new Response(replay, { status: response.status, headers: response.headers }), where };
  }
}
