/**
 * OpenAPI pieces both sync route files share.
 *
 * @module
 */

import { ProblemBody, problemResponses } from "../../http/openapi.ts";

/** Error responses of the sync routes (410: an expired challenge; 429: recovery attempts). */
export const syncProblems = {
  ...problemResponses,
  410: { description: "Challenge expired", content: { "application/problem+json": { schema: ProblemBody } } },
};
/** Every sync route needs a bearer token. */
export const security = [{ bearer: [] }];
/** The OpenAPI tag of the sync routes. */
export const tags = ["sync"];

/** A required JSON request body. */
// deno-lint-ignore explicit-module-boundary-types -- the schema's own type is the contract
export const json = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
/** A JSON response. */
// deno-lint-ignore explicit-module-boundary-types -- the schema's own type is the contract
export const ok = <T>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});
