/**
 * A typed client of the gateway's HTTP API: openapi-fetch over `paths`, the types
 * openapi-typescript generated from the server's OpenAPI document (`schema.ts`, from
 * `openapi.json`; `scripts/clients.sh` regenerates both). Every path, parameter, body and
 * response is checked by the compiler against the document the server serves, and
 * `test/http-client/contract.system.test.ts` fails when that document or the types are not
 * current, so a changed route contract breaks the type check of every caller (README.md here).
 *
 * ```ts
 * const api = gatewayClient("http://127.0.0.1:8080", token);
 * const key = await must(api.POST("/v1/keys", { body: { name: "signer", algorithm: "ML-DSA-65" } }));
 * const { signature } = await must(
 *   api.POST("/v1/keys/{name}/sign", { params: { path: { name: key.name } }, body: { message: "aGk" } }),
 * );
 * ```
 *
 * @module
 */

import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.ts";

export type { components, operations, paths } from "./schema.ts";

/** The API's JSON bodies by their OpenAPI names (`Schemas["Key"]`, `Schemas["Problem"]`, …). */
export type Schemas = components["schemas"];

/** An RFC 9457 problem the gateway answered with (`type` is `urn:pqgate:problem:<kind>`). */
export type Problem = Schemas["Problem"];

/** The client: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` over the API's paths, each typed by its operation. */
export type GatewayClient = Client<paths>;

/** A client of the gateway at `baseUrl` (`http://host:port`) that sends `token` as its bearer token. */
export function gatewayClient(baseUrl: string, token: string): GatewayClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

/** A refusal: the response's status and its problem+json body. */
export class ProblemError extends Error {
  override readonly name = "ProblemError";

  constructor(readonly status: number, readonly problem: Problem) {
    super(`${status} ${problem.type}: ${problem.detail}`);
  }
}

/** What every {@link GatewayClient} call resolves to: its data on success, else its error body. */
export type Answer<T> =
  | { readonly data: T; readonly error?: never; readonly response: Response }
  | { readonly data?: never; readonly error: unknown; readonly response: Response };

/**
 * The data of a successful call; a refusal throws {@link ProblemError} (with the status and
 * the problem the gateway sent).
 */
export async function must<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw new ProblemError(response.status, error as Problem);
}
