/**
 * How a `/v1` route is defined: {@link apiRoute} takes what `createRoute` takes plus a
 * required `audit` declaration (the action of the route's audit records and where its key
 * name comes from), and adds the bearer security scheme and the operation id. The declaration
 * sits next to the route, and a route without one does not compile. The operation id is the
 * audit action in camel case (`keys.sign-batch` → `keysSignBatch`): one stable name per
 * operation in the audit log, the OpenAPI document and the clients generated from it (the
 * Python client's functions are named by it). `json` and `ok` shorten request and
 * response bodies.
 *
 * @module
 */

import type { RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { type AuditDeclaration, audited } from "./audit-middleware.ts";
import { problemResponse } from "./problem.ts";

/** What {@link apiRoute} takes: a route config without security or middleware, plus its audit declaration. */
export type ApiRouteConfig =
  & Omit<RouteConfig, "security" | "middleware" | "operationId">
  & { readonly audit: AuditDeclaration };

/** What {@link apiRoute} gives `OpenAPIHono.openapi`. */
export type ApiRoute<R extends ApiRouteConfig> =
  & Omit<R, "audit">
  & Pick<Required<RouteConfig>, "security" | "middleware" | "operationId">;

/** A `/v1` route: bearer security, its operation id, and its audit declaration as the route's middleware. */
export function apiRoute<R extends ApiRouteConfig>(config: R): ApiRoute<R> {
  const { audit, ...route } = config;
  const middleware = route.request?.body?.required === true ? [audited(audit), requireJson] : audited(audit);
  return { ...route, operationId: operationIdOf(audit.action), security: [{ bearer: [] }], middleware };
}

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * A route whose contract requires a JSON body answers 415 unless the request says it sends one.
 * Without this, a request with no `content-type` (and so, to Hono's validator, no JSON) was
 * validated as `{}` and succeeded wherever every field is optional (`PATCH …/config`).
 */
const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type");
  if (type === undefined || !JSON_MEDIA_TYPE.test(type)) {
    const sent = type === undefined ? "no content-type" : "another content-type";
    return problemResponse(
      c,
      "unsupported-media-type",
      `This route requires a JSON request body (content-type: application/json); the request had ${sent}.`,
    );
  }
  return await next();
};

/** The OpenAPI operation id of a route with audit action `action`: `keys.sign-batch` → `keysSignBatch`. */
export function operationIdOf(action: string): string {
  return action.replace(/[.-]([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A required JSON request body. */
// deno-lint-ignore explicit-module-boundary-types -- the schema's own type is the contract
export const json = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

/** A JSON response. */
// deno-lint-ignore explicit-module-boundary-types -- the schema's own type is the contract
export const ok = <T>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});
