/**
 * The zod-openapi hook for requests that fail their contract: a `validation` problem that
 * lists each issue by path, never echoing the offending values back.
 *
 * @module
 */

import type { Hook } from "@hono/zod-openapi";
import { problemResponse } from "./problem.ts";

/** Answers a failed request validation with a 400 problem. */
// deno-lint-ignore no-explicit-any explicit-module-boundary-types -- one hook serves every route's types
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return;
  const errors = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  return problemResponse(c, "validation", `The request does not match its contract (${errors.length} issue(s)).`, {
    extensions: { errors },
  });
};
