/**
 * OpenAPI pieces every route shares: the problem response shapes and the bearer scheme.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";

/** Every error response body. */
export const ProblemBody = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
}).passthrough().openapi("Problem");

const problemContent = { content: { "application/problem+json": { schema: ProblemBody } } };

/** The error responses of the `/v1` routes. */
export const problemResponses = {
  400: { description: "Invalid request", ...problemContent },
  401: { description: "Missing or invalid bearer token", ...problemContent },
  403: { description: "The token may not do this", ...problemContent },
  404: { description: "Not found", ...problemContent },
  409: { description: "Conflict", ...problemContent },
  413: { description: "Body too large", ...problemContent },
  422: { description: "Refused input", ...problemContent },
  429: { description: "Rate limited", ...problemContent },
  503: { description: "Keystore unavailable", ...problemContent },
} as const;
