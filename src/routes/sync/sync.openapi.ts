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
/** The OpenAPI tag of the sync routes. */
export const tags = ["sync"];
