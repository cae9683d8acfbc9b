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
 * Error responses are not written per route: `problems` names the domain refusals the route
 * can answer with (problem kinds), and {@link apiRoute} adds what every `/v1` route can answer
 * (authentication, scope, rate limit, body size, audit and database outages, internal faults)
 * and, for routes with parameters or a body, the validation problems. The statuses documented
 * for an operation are computed from those kinds (`problemResponsesOf`).
 *
 * @module
 */

import type { RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { type AuditDeclaration, audited } from "./audit-middleware.ts";
import { BODY_PROBLEMS, INPUT_PROBLEMS, problemResponsesOf, V1_PROBLEMS } from "./openapi.ts";
import { type ProblemKind, problemResponse } from "./problem.ts";

/**
 * What {@link apiRoute} takes: a route config without security or middleware, with its
 * success responses only, plus its audit declaration and the domain refusals it can answer.
 */
export type ApiRouteConfig =
  & Omit<RouteConfig, "security" | "middleware" | "operationId">
  & {
    readonly audit: AuditDeclaration;
    /** The problem kinds the route's own checks and services can answer with (the shared ones are added). */
    readonly problems: readonly ProblemKind[];
  };

/** What {@link apiRoute} gives `OpenAPIHono.openapi`. */
export type ApiRoute<R extends ApiRouteConfig> =
  & Omit<R, "audit" | "problems">
  & Pick<Required<RouteConfig>, "security" | "middleware" | "operationId">;

/**
 * A `/v1` route: bearer security, its operation id, its audit declaration as the route's
 * middleware, and its error responses computed from the problem kinds it can answer with.
 */
export function apiRoute<R extends ApiRouteConfig>(config: R): ApiRoute<R> {
  const { audit, problems, ...route } = config;
  const request = route.request;
  const hasInput = request?.params !== undefined || request?.query !== undefined || request?.body !== undefined;
  const kinds = [
    ...V1_PROBLEMS,
    ...(hasInput ? INPUT_PROBLEMS : []),
    ...(request?.body !== undefined ? BODY_PROBLEMS : []),
    ...problems,
  ];
  return {
    ...route,
    // Typed as the route's own responses: problems are answered by `onError`, never by a handler.
    responses: { ...route.responses, ...problemResponsesOf(kinds) } as R["responses"],
    operationId: operationIdOf(audit.action),
    security: [{ bearer: [] }],
    middleware: request?.body?.required === true ? [audited(audit), requireJson] : audited(audit),
  };
}

/**
 * An OpenAPI link from a response to the operation `operationId`: its `parameters` and
 * `requestBody` members are runtime expressions (`$response.body#/id`, `$request.path.name`)
 * or constants. `requestBody` is an object of body members, each merged into the request
 * (the convention Schemathesis follows), not a whole body.
 */
export function link(
  operationId: string,
  description: string,
  values: { readonly parameters?: Record<string, string>; readonly requestBody?: Record<string, unknown> },
): { operationId: string; description: string; parameters?: Record<string, string>; requestBody?: unknown } {
  return { operationId, description, ...values };
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

/** A JSON response, with the links to operations that can follow it. */
// deno-lint-ignore explicit-module-boundary-types -- the schema's own type is the contract
export const ok = <T>(description: string, schema: T, links?: Record<string, ReturnType<typeof link>>) => ({
  description,
  content: { "application/json": { schema } },
  ...(links === undefined ? {} : { links }),
});
